package dev.rats.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rats.testkit.Vectors;
import dev.rats.testkit.snp.AmdCertRole;
import dev.rats.testkit.snp.AmdTestPki;
import dev.rats.testkit.snp.SimProduct;
import dev.rats.testkit.snp.SimulatedSnpAttester;
import dev.rats.testkit.snp.SnpEvidence;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code verifier verify sev-snp} end to end from files: real vectors against the built-in pinned
 * AMD roots, simulated evidence (which the CLI must reject), and bad input.
 */
class VerifySnpCommandTest {

    static final String AT = "2026-06-01T00:00:00Z";
    static final String VIRTEE_MEASUREMENT =
            "7a1e5c266c0108dbc9bb94fa926951320940915d0aafb42464bd88b579ea158d3e1a0dc39b2c60bd95b9c480cd81841f";
    static final String GSG_MEASUREMENT =
            "b07af9620f3b839b47996422ddec6058338951d984e312115131ea82705eaf5b6bdf8a9ece31a5a608eb0cf2e4872b01";
    static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    record Result(int status, String out, String err) {

        List<String> outLines() {
            return out.lines().toList();
        }

        List<String> errLines() {
            return err.lines().toList();
        }

        JsonNode json() {
            return JSON.readTree(out);
        }

        List<String> failureCodes() {
            List<String> codes = new ArrayList<>();
            json().get("failures").forEach(f -> codes.add(f.get("code").asString()));
            return codes;
        }
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status;
        try (PrintWriter o = new PrintWriter(out, true); PrintWriter e = new PrintWriter(err, true)) {
            status = VerifierCli.run(args, o, e);
        }
        Result r = new Result(status, out.toString(), err.toString());
        // never a stack trace, whatever the outcome
        assertThat(r.out()).doesNotContain("\tat ");
        assertThat(r.err()).doesNotContain("\tat ");
        return r;
    }

    static String[] args(String... a) {
        return a;
    }

    static String[] concat(String[] a, String... b) {
        return Stream.concat(Arrays.stream(a), Arrays.stream(b)).toArray(String[]::new);
    }

    private Path write(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    private Path refs(String name, String measurement) throws IOException {
        return write(name, "name: " + name.replace('.', '-') + "\nsnp:\n  measurements:\n    - value: \"" + measurement
                + "\"\n      label: \"real vector guest\"\n");
    }

    /** The real virtee/sev Milan set, as the brief's files: hex text report, DER VCEK, PEM chain. */
    private Path virteeHex;
    private Path virteeVcek;
    private Path virteeChain;
    private Path virteeRefs;
    private Path gsgReport;
    private Path gsgVcek;
    private Path gsgChain;
    private Path gsgRefs;

    @BeforeEach
    void files() throws IOException {
        virteeHex = write("report_milan.hex", Vectors.bytes("snp/virtee-sev/report_milan.hex"));
        virteeVcek = write("vcek_milan.der", Vectors.bytes("snp/virtee-sev/vcek_milan.der"));
        virteeChain = write("cert_chain_milan.pem", Vectors.bytes("snp/virtee-sev/cert_chain_milan"));
        virteeRefs = refs("virtee.yaml", VIRTEE_MEASUREMENT);
        gsgReport = write("attestation.bin", Vectors.bytes("snp/go-sev-guest/testdata/attestation.bin"));
        gsgVcek = write("vcek.der", Vectors.bytes("snp/go-sev-guest/testdata/vcek.testcer"));
        gsgChain = write("milan.pem", Vectors.bytes("snp/go-sev-guest/testdata/milan.testcer"));
        gsgRefs = refs("gsg.yaml", GSG_MEASUREMENT);
    }

    private String[] virtee(Path report) {
        return args("verify", "sev-snp", "--report", report.toString(), "--certs", virteeVcek.toString(),
                "--certs", virteeChain.toString(), "--at", AT);
    }

    private String[] gsg() {
        return args("verify", "sev-snp", "--report", gsgReport.toString(), "--certs", gsgVcek.toString(),
                "--certs", gsgChain.toString(), "--at", AT);
    }

    @Nested
    class RealVectors {

        @Test
        void virteeHexReportWithItsReferenceValueIsAffirming() {
            Result r = run(concat(virtee(virteeHex), "--reference-values", virteeRefs.toString(), "--json"));

            assertThat(r.status()).isEqualTo(VerifierCli.AFFIRMING);
            assertThat(r.err()).isEmpty();
            JsonNode json = r.json();
            assertThat(json.get("status").asString()).isEqualTo("affirming");
            assertThat(json.get("failures").isArray()).isTrue();
            assertThat(json.get("failures")).isEmpty();
            JsonNode tv = json.get("trustVector");
            for (String claim : List.of("hardware", "instance-identity", "configuration", "executables", "runtime-opaque")) {
                assertThat(tv.get(claim).asInt()).as(claim).isEqualTo(2);
            }
            assertThat(json.get("claims").get("product").asString()).isEqualTo("Milan");
            assertThat(json.get("claims").get("measurement").asString()).isEqualTo(VIRTEE_MEASUREMENT);
        }

        @Test
        void signedReferenceValuesAreUsedAndUnsignedOrAlteredOnesRefused() throws Exception {
            java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("EC");
            generator.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
            java.security.KeyPair release = generator.generateKeyPair();
            Path key = write("release.pem", "-----BEGIN PUBLIC KEY-----\n"
                    + Base64.getMimeEncoder().encodeToString(release.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n");
            java.security.Signature signer = java.security.Signature.getInstance("SHA256withECDSA");
            signer.initSign(release.getPrivate());
            signer.update(Files.readAllBytes(virteeRefs));
            write("virtee.yaml.sig", signer.sign());

            Result signed = run(concat(virtee(virteeHex), "--reference-values", virteeRefs.toString(),
                    "--reference-values-key", key.toString(), "--json"));
            assertThat(signed.status()).as(signed.err()).isEqualTo(VerifierCli.AFFIRMING);

            Result unsigned = run(concat(virtee(virteeHex), "--reference-values", gsgRefs.toString(),
                    "--reference-values-key", key.toString()));
            assertThat(unsigned.status()).isEqualTo(VerifierCli.BAD_INPUT);
            assertThat(unsigned.err()).contains("gsg.yaml: not signed");

            Files.writeString(virteeRefs, Files.readString(virteeRefs).replace("real vector guest", "edited"));
            Result altered = run(concat(virtee(virteeHex), "--reference-values", virteeRefs.toString(),
                    "--reference-values-key", key.toString()));
            assertThat(altered.status()).isEqualTo(VerifierCli.BAD_INPUT);
            assertThat(altered.err()).contains("does not verify with any configured reference value signing key");
        }

        @Test
        void virteeReportAsBase64TextIsTheSame() throws IOException {
            Path base64 = write("report.b64", Base64.getMimeEncoder().encodeToString(
                    Vectors.hex("snp/virtee-sev/report_milan.hex")) + "\n");

            Result r = run(concat(virtee(base64), "--reference-values", virteeRefs.toString(), "--json"));

            assertThat(r.status()).isEqualTo(VerifierCli.AFFIRMING);
            assertThat(r.json().get("status").asString()).isEqualTo("affirming");
            assertThat(r.json().get("claims").get("measurement").asString()).isEqualTo(VIRTEE_MEASUREMENT);
        }

        @Test
        void virteeAsTextOutputStartsWithTheVerdict() {
            Result r = run(concat(virtee(virteeHex), "--reference-values", virteeRefs.toString()));

            assertThat(r.status()).isEqualTo(VerifierCli.AFFIRMING);
            assertThat(r.outLines().get(0)).startsWith("affirming");
        }

        @Test
        void rawBinaryGoSevGuestReportAllowsDebugAndIsContraindicated() {
            Result r = run(concat(gsg(), "--reference-values", gsgRefs.toString(), "--json"));

            assertThat(r.status()).isEqualTo(VerifierCli.CONTRAINDICATED);
            assertThat(r.json().get("status").asString()).isEqualTo("contraindicated");
            assertThat(r.failureCodes()).containsExactly("snp-policy-debug");
            assertThat(r.json().get("failures").get(0).get("severity").asString()).isEqualTo("contraindicated");
        }

        @Test
        void goSevGuestAsTextNamesTheFailureCode() {
            Result r = run(concat(gsg(), "--reference-values", gsgRefs.toString()));

            assertThat(r.status()).isEqualTo(VerifierCli.CONTRAINDICATED);
            assertThat(r.outLines().get(0)).startsWith("contraindicated");
            assertThat(r.out()).contains("snp-policy-debug");
        }

        @Test
        void noReferenceValuesIsAWarning() {
            Result r = run(concat(virtee(virteeHex), "--json"));

            assertThat(r.status()).isEqualTo(VerifierCli.WARNING);
            assertThat(r.json().get("status").asString()).isEqualTo("warning");
            assertThat(r.failureCodes()).containsExactly("measurement-unreferenced");
        }

        @Test
        void reportDataMatchingTheRealNonceVerbatimPasses() throws IOException {
            Path allowDebug = write("allow-debug.yaml", "name: lab\nguestPolicy:\n  allowDebug: true\n");
            String[] base = concat(gsg(), "--reference-values", gsgRefs.toString(), "--policy", allowDebug.toString(),
                    "--json");

            Result match = run(concat(base, "--report-data", "0102030405"));
            assertThat(match.status()).isEqualTo(VerifierCli.AFFIRMING);
            assertThat(match.failureCodes()).isEmpty();
            assertThat(match.json().get("policyId").asString()).isEqualTo("lab@1");

            Result mismatch = run(concat(base, "--report-data", "0102030406"));
            assertThat(mismatch.status()).isEqualTo(VerifierCli.CONTRAINDICATED);
            assertThat(mismatch.failureCodes()).containsExactly("report-data-mismatch");

            Result longer = run(concat(base, "--report-data", "010203040500"));
            assertThat(longer.status()).isEqualTo(VerifierCli.AFFIRMING);
        }

        @Test
        void anExpiredVcekIsContraindicated() {
            Result r = run(concat(args("verify", "sev-snp", "--report", gsgReport.toString(), "--certs",
                    gsgVcek.toString(), "--certs", gsgChain.toString(), "--at", "2030-01-01T00:00:00Z", "--json")));

            assertThat(r.status()).isEqualTo(VerifierCli.CONTRAINDICATED);
            assertThat(r.failureCodes()).containsExactly("certificate-expired");
        }
    }

    @Nested
    class SimulatedEvidence {

        private final AmdTestPki pki = AmdTestPki.defaultFor(SimProduct.MILAN);
        private final SnpEvidence ev = SimulatedSnpAttester.vcek(pki).report().build();

        private Result verify(byte[]... certificates) throws IOException {
            List<String> a = new ArrayList<>(List.of("verify", "sev-snp", "--report",
                    write("sim.bin", ev.report()).toString(), "--json"));
            for (int i = 0; i < certificates.length; i++) {
                a.add("--certs");
                a.add(write("sim-cert-" + i + ".der", certificates[i]).toString());
            }
            return run(a.toArray(String[]::new));
        }

        @Test
        void aTestkitChainIsNeverTrustedByTheCli() throws IOException {
            Result r = verify(ev.vekDer(), ev.intermediateDer(), ev.arkDer());

            assertThat(r.status()).isEqualTo(VerifierCli.CONTRAINDICATED);
            assertThat(r.failureCodes()).hasSize(1).first().isIn("snp-ark-not-pinned", "snp-chain-signature");
            assertThat(r.json().get("claims")).isEmpty();
        }

        @Test
        void aTestkitChainAsPemIsNeverTrustedEither() throws IOException {
            Path chain = write("sim-chain.pem", pki.certChainPem());
            Result r = run("verify", "sev-snp", "--report", write("sim.bin", ev.report()).toString(),
                    "--certs", write("sim-vcek.der", ev.vekDer()).toString(), "--certs", chain.toString(), "--json");

            assertThat(r.status()).isEqualTo(VerifierCli.CONTRAINDICATED);
            assertThat(r.failureCodes()).hasSize(1).first().isIn("snp-ark-not-pinned", "snp-chain-signature");
        }

        @Test
        void aTestkitAskWithoutItsArkDoesNotVerifyUnderThePinnedArk() throws IOException {
            Result r = verify(ev.vekDer(), ev.intermediateDer());

            assertThat(r.status()).isEqualTo(VerifierCli.CONTRAINDICATED);
            assertThat(r.failureCodes()).containsExactly("snp-chain-signature");
        }

        @Test
        void aTestkitVcekAloneDoesNotVerifyUnderThePinnedAsk() throws IOException {
            Result r = verify(ev.vekDer());

            assertThat(r.status()).isEqualTo(VerifierCli.CONTRAINDICATED);
            assertThat(r.failureCodes()).containsExactly("snp-chain-signature");
        }
    }

    @Nested
    class BadInput {

        /** Exit 3, nothing on stdout, exactly one stderr line "error: CODE: ..." and no other line. */
        private String assertInputError(Result r, String code) {
            assertThat(r.status()).isEqualTo(VerifierCli.BAD_INPUT);
            assertThat(r.out()).isEmpty();
            assertThat(r.errLines()).hasSize(1);
            assertThat(r.errLines().get(0)).startsWith("error: " + code + ": ");
            return r.errLines().get(0);
        }

        @Test
        void missingReportFile() {
            String line = assertInputError(run(virtee(dir.resolve("absent.hex"))), "input-unreadable");
            assertThat(line).contains("absent.hex");
        }

        @Test
        void missingCertsFile() {
            String line = assertInputError(run("verify", "sev-snp", "--report", virteeHex.toString(), "--certs",
                    dir.resolve("absent.der").toString(), "--at", AT), "input-unreadable");
            assertThat(line).contains("absent.der");
        }

        @Test
        void directoryAsReport() {
            assertInputError(run(virtee(dir)), "input-unreadable");
        }

        @Test
        void badReportDataHex() {
            assertInputError(run(concat(virtee(virteeHex), "--report-data", "01zz")), "input-unreadable");
            assertInputError(run(concat(virtee(virteeHex), "--report-data", "012")), "input-unreadable");
        }

        @Test
        void tooLongReportData() {
            assertInputError(run(concat(virtee(virteeHex), "--report-data", "ab".repeat(65))), "input-unreadable");
        }

        @Test
        void reportDataOfExactly64BytesIsAccepted() {
            Result r = run(concat(virtee(virteeHex), "--report-data", "ab".repeat(64), "--json"));

            assertThat(r.status()).isEqualTo(VerifierCli.CONTRAINDICATED);
            assertThat(r.failureCodes()).contains("report-data-mismatch");
        }

        @Test
        void badAt() {
            String[] a = virtee(virteeHex);
            a[a.length - 1] = "2026-06-01";
            assertInputError(run(a), "input-unreadable");
        }

        @Test
        void badPolicyFileNamesFileAndLine() throws IOException {
            Path policy = write("bad-policy.yaml", "name: p\nguestPolicy:\n  allowDebug: true\nmaxVmpl: 4\n");

            String line = assertInputError(run(concat(virtee(virteeHex), "--policy", policy.toString())),
                    "input-unreadable");
            assertThat(line).contains(policy.toString() + ":4").contains("maxVmpl");
        }

        @Test
        void policyWithUnknownFieldNamesFileAndLine() throws IOException {
            Path policy = write("typo-policy.yaml", "name: p\nalowDebug: true\n");

            String line = assertInputError(run(concat(virtee(virteeHex), "--policy", policy.toString())),
                    "input-unreadable");
            assertThat(line).contains(policy.toString() + ":2").contains("alowDebug");
        }

        @Test
        void badReferenceValuesFileNamesFileAndLine() throws IOException {
            Path bad = write("bad-refs.yaml", "name: bad\nsnp:\n  measurements:\n    - value: \"7a1e\"\n      label: x\n");

            String line = assertInputError(run(concat(virtee(virteeHex), "--reference-values", bad.toString())),
                    "input-unreadable");
            assertThat(line).contains(bad.toString() + ":4").contains("snp.measurements[0].value");
        }

        @Test
        void missingPolicyFile() {
            assertInputError(run(concat(virtee(virteeHex), "--policy", dir.resolve("absent.yaml").toString())),
                    "input-unreadable");
        }

        @Test
        void unknownOptionIsAUsageError() {
            Result r = run(concat(virtee(virteeHex), "--frobnicate"));

            assertThat(r.status()).isEqualTo(VerifierCli.BAD_INPUT);
            assertThat(r.out()).isEmpty();
            assertThat(r.errLines()).filteredOn(l -> l.startsWith("error: ")).hasSize(1);
            assertThat(r.errLines().get(0)).startsWith("error: usage: ").contains("--frobnicate");
        }

        @Test
        void missingReportOptionIsAUsageError() {
            Result r = run("verify", "sev-snp", "--certs", virteeVcek.toString());

            assertThat(r.status()).isEqualTo(VerifierCli.BAD_INPUT);
            assertThat(r.errLines()).filteredOn(l -> l.startsWith("error: ")).hasSize(1);
            assertThat(r.errLines().get(0)).startsWith("error: usage: ").contains("--report");
        }

        @Test
        void wrongLengthReportIsContraindicatedWithOneLine() throws IOException {
            byte[] report = Vectors.bytes("snp/go-sev-guest/testdata/attestation.bin");
            Path shorter = write("short.bin", Arrays.copyOf(report, report.length - 1));

            Result r = run("verify", "sev-snp", "--report", shorter.toString(), "--certs", gsgVcek.toString(), "--at", AT);

            assertThat(r.status()).isEqualTo(VerifierCli.CONTRAINDICATED);
            assertThat(r.err()).isEmpty();
            assertThat(r.outLines()).hasSize(1);
            assertThat(r.outLines().get(0)).startsWith("contraindicated: snp-report-length: ");
        }

        @Test
        void garbageReportIsContraindicatedWithOneLine() throws IOException {
            Path garbage = write("garbage.txt", "this is not an attestation report!\n".getBytes(StandardCharsets.US_ASCII));

            Result r = run("verify", "sev-snp", "--report", garbage.toString(), "--at", AT);

            assertThat(r.status()).isEqualTo(VerifierCli.CONTRAINDICATED);
            assertThat(r.err()).isEmpty();
            assertThat(r.outLines()).hasSize(1);
            assertThat(r.outLines().get(0)).startsWith("contraindicated: snp-report-length: ");
        }

        @Test
        void aPolicyThatRequiresACrlFailsWithoutOne() throws IOException {
            Path policy = write("crl-policy.yaml", "name: strict\ncrl: required\n");

            Result r = run(concat(virtee(virteeHex), "--reference-values", virteeRefs.toString(), "--policy",
                    policy.toString()));

            assertThat(r.status()).isEqualTo(VerifierCli.COULD_NOT_CHECK);
            assertThat(r.out()).contains("crl-unavailable");
        }
    }
}
