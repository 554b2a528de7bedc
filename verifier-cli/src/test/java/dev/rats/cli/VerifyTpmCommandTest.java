package dev.rats.cli;

import static dev.rats.cli.VerifySnpCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rats.cli.VerifySnpCommandTest.Result;
import dev.rats.testkit.tpm.SoftwareTpm;
import dev.rats.testkit.tpm.TpmBank;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code verifier verify tpm} with the files tpm2-tools writes against a real software TPM (swtpm
 * on 127.0.0.1; tpm.md §7): RSA and ECC AKs, SHA-256 and SHA-384 banks, both PCR file formats and
 * both AK formats; a changed PCR, a wrong nonce, a quote from another AK and a non-restricted key
 * rejected with their codes. Skipped, loudly, only when swtpm is not installed.
 */
class VerifyTpmCommandTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static SoftwareTpm tpm;
    private static SoftwareTpm.Key rsaAk;
    private static SoftwareTpm.Key otherRsaAk;
    private static SoftwareTpm.Key eccAk;
    private static SoftwareTpm.Key unrestricted;

    @TempDir
    Path dir;

    @BeforeAll
    static void startTpm() throws Exception {
        SoftwareTpm.assumeAvailable();
        tpm = SoftwareTpm.start();
        rsaAk = tpm.createAk("cli-ak-rsa", "rsa", "sha256", "rsassa");
        otherRsaAk = tpm.createAk("cli-ak-rsa2", "rsa", "sha256", "rsassa");
        eccAk = tpm.createAk("cli-ak-ecc", "ecc", "sha256", "ecdsa");
        unrestricted = tpm.createUnrestrictedSigningKey("cli-signer", "rsa");
        tpm.extend(16, Map.of(TpmBank.SHA256, TpmBank.SHA256.hash("app".getBytes()),
                TpmBank.SHA384, TpmBank.SHA384.hash("app".getBytes())));
    }

    @AfterAll
    static void stopTpm() {
        if (tpm != null) {
            tpm.close();
        }
    }

    private static byte[] nonce() {
        byte[] n = new byte[32];
        RANDOM.nextBytes(n);
        return n;
    }

    /** SHA-256 of the key's SubjectPublicKeyInfo, from the PEM tpm2_readpublic wrote. */
    private static String spkiSha256(SoftwareTpm.Key key) throws Exception {
        String pem = new String(key.pemBytes(), StandardCharsets.US_ASCII);
        byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
    }

    private Path pinning(SoftwareTpm.Key key) throws Exception {
        return Files.writeString(dir.resolve("policy-" + key.name() + ".yaml"),
                "platform: tpm\nname: pinned\nakTrust:\n  pinnedKeys: [\"" + spkiSha256(key) + "\"]\n");
    }

    /** Reference values for PCR 16 of both banks, read from the TPM. */
    private Path pcr16References() throws Exception {
        String yaml = new String(tpm.pcrread("sha256:16+sha384:16"), StandardCharsets.UTF_8);
        StringBuilder rv = new StringBuilder("name: app\ntpm:\n  pcrs:\n");
        for (String bank : List.of("sha256", "sha384")) {
            String section = yaml.substring(yaml.indexOf(bank + ":"));
            String value = section.substring(section.indexOf("0x") + 2).split("\\s")[0].toLowerCase();
            rv.append("    ").append(bank).append(":\n      \"16\":\n        - value: ").append(value)
                    .append("\n          label: \"app measurement\"\n");
        }
        return Files.writeString(dir.resolve("rv.yaml"), rv.toString());
    }

    private String[] args(SoftwareTpm.Quote quote, Path ak, Path pcrs, byte[] nonce, Path policy, String... more)
            throws Exception {
        List<String> a = new ArrayList<>(List.of("verify", "tpm",
                "--quote", Files.write(dir.resolve("quote.msg"), quote.attest()).toString(),
                "--signature", Files.write(dir.resolve("quote.sig"), quote.signature()).toString(),
                "--ak", ak.toString(), "--pcrs", pcrs.toString(), "--nonce", HexFormat.of().formatHex(nonce),
                "--policy", policy.toString(), "--json"));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    private Path serialized(SoftwareTpm.Quote quote) throws Exception {
        return Files.write(dir.resolve("quote.pcrs"), quote.serializedPcrs());
    }

    @Test
    void anRsaAkQuoteOfSha256PcrsWithReferenceValuesIsAffirming() throws Exception {
        byte[] nonce = nonce();
        SoftwareTpm.Quote q = tpm.quote(rsaAk, "sha256:0,1,2,3,16", nonce, "sha256");
        Result r = run(args(q, rsaAk.tpm2bPublic(), serialized(q), nonce, pinning(rsaAk), "--reference-values",
                pcr16References().toString()));
        assertThat(r.status()).as(r.out() + r.err()).isEqualTo(VerifierCli.AFFIRMING);
        assertThat(r.json().get("platform").asString()).isEqualTo("tpm");
        assertThat(r.json().get("claims").get("akTrust").asString()).isEqualTo("pinned-key");
        assertThat(r.json().get("claims").get("pcrs").get("sha256").has("16")).isTrue();
    }

    @Test
    void anEccAkQuoteOfSha384PcrsFromPcrreadYamlAndAPemAkIsAffirming() throws Exception {
        byte[] nonce = nonce();
        SoftwareTpm.Quote q = tpm.quote(eccAk, "sha384:0,16", nonce, "sha256");
        Path yaml = Files.write(dir.resolve("pcrs.yaml"), tpm.pcrread("sha384:0,16"));
        Result r = run(args(q, eccAk.pem(), yaml, nonce, pinning(eccAk), "--reference-values", pcr16References().toString()));
        assertThat(r.status()).as(r.out() + r.err()).isEqualTo(VerifierCli.AFFIRMING);
    }

    @Test
    void withoutReferenceValuesItIsAWarning() throws Exception {
        byte[] nonce = nonce();
        SoftwareTpm.Quote q = tpm.quote(rsaAk, "sha256:16", nonce, "sha256");
        Result r = run(args(q, rsaAk.tpm2bPublic(), serialized(q), nonce, pinning(rsaAk)));
        assertThat(r.status()).isEqualTo(VerifierCli.WARNING);
        assertThat(r.failureCodes()).containsExactly("measurement-unreferenced");
    }

    @Test
    void rejectionsCarryTheirCodes() throws Exception {
        byte[] nonce = nonce();
        SoftwareTpm.Quote q = tpm.quote(rsaAk, "sha256:16", nonce, "sha256");
        Path rv = pcr16References();

        Result wrongNonce = run(args(q, rsaAk.tpm2bPublic(), serialized(q), nonce(), pinning(rsaAk), "--reference-values",
                rv.toString()));
        assertThat(wrongNonce.status()).isEqualTo(VerifierCli.CONTRAINDICATED);
        assertThat(wrongNonce.failureCodes()).containsExactly("tpm-nonce-mismatch");

        Path before = Files.write(dir.resolve("before.yaml"), tpm.pcrread("sha256:16"));
        tpm.extend(16, Map.of(TpmBank.SHA256, TpmBank.SHA256.hash("changed".getBytes())));
        Path after = Files.write(dir.resolve("after.yaml"), tpm.pcrread("sha256:16"));
        Result changed = run(args(q, rsaAk.tpm2bPublic(), after, nonce, pinning(rsaAk)));
        assertThat(changed.failureCodes()).containsExactly("tpm-pcr-digest-mismatch");
        assertThat(run(args(q, rsaAk.tpm2bPublic(), before, nonce, pinning(rsaAk))).failureCodes())
                .containsExactly("measurement-unreferenced");

        SoftwareTpm.Quote other = tpm.quote(otherRsaAk, "sha256:16", nonce, "sha256");
        Result foreign = run(args(other, rsaAk.tpm2bPublic(), serialized(other), nonce, pinning(rsaAk)));
        assertThat(foreign.failureCodes()).containsExactly("tpm-quote-signature");

        SoftwareTpm.Quote bySigner = tpm.quote(unrestricted, "sha256:16", nonce, "sha256");
        Result notAk = run(args(bySigner, unrestricted.tpm2bPublic(), serialized(bySigner), nonce, pinning(unrestricted)));
        assertThat(notAk.failureCodes()).containsExactly("tpm-ak-attributes");
    }

    @Test
    void theDefaultPolicyTrustsNoAkAndSaysWhichKeyToPin() throws Exception {
        byte[] nonce = nonce();
        SoftwareTpm.Quote q = tpm.quote(rsaAk, "sha256:16", nonce, "sha256");
        List<String> a = new ArrayList<>(List.of(args(q, rsaAk.tpm2bPublic(), serialized(q), nonce, pinning(rsaAk))));
        int i = a.indexOf("--policy");
        a.remove(i + 1);
        a.remove(i);
        Result r = run(a.toArray(String[]::new));
        assertThat(r.status()).isEqualTo(VerifierCli.CONTRAINDICATED);
        assertThat(r.failureCodes()).containsExactly("tpm-ak-untrusted");
        assertThat(r.out()).contains(spkiSha256(rsaAk));
    }

    @Test
    void badInputIsExitThree() throws Exception {
        byte[] nonce = nonce();
        SoftwareTpm.Quote q = tpm.quote(rsaAk, "sha256:16", nonce, "sha256");
        String[] a = args(q, rsaAk.tpm2bPublic(), serialized(q), nonce, pinning(rsaAk));
        List<String> badNonce = new ArrayList<>(List.of(a));
        badNonce.set(badNonce.indexOf("--nonce") + 1, "xyz");
        assertThat(run(badNonce.toArray(String[]::new)).status()).isEqualTo(VerifierCli.BAD_INPUT);
        Path policy = Files.writeString(dir.resolve("bad.yaml"), "akTrust: {pinnedKeys: [\"00\"]}\n");
        List<String> badPolicy = new ArrayList<>(List.of(a));
        badPolicy.set(badPolicy.indexOf("--policy") + 1, policy.toString());
        Result r = run(badPolicy.toArray(String[]::new));
        assertThat(r.status()).isEqualTo(VerifierCli.BAD_INPUT);
        assertThat(r.errLines()).singleElement().asString().contains("akTrust.pinnedKeys[0]");
    }
}
