package dev.rats.refvalues.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.rats.refvalues.ReferenceValueStore;
import dev.rats.refvalues.io.DocumentException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Detached signatures over reference value files: each accepted key type, and every way to fail. */
class ReferenceValueSignersTest {

    private static final String SET = "name: release-42\nsnp:\n  measurements:\n    - value: \""
            + "11".repeat(48) + "\"\n      label: release 42\n";

    @TempDir
    Path dir;

    private static KeyPair ec(String curve) throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec(curve));
        return g.generateKeyPair();
    }

    private static KeyPair generate(String algorithm, int bits) throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
        if (bits > 0) {
            g.initialize(bits);
        }
        return g.generateKeyPair();
    }

    private static byte[] sign(KeyPair pair, String algorithm, byte[] content) throws GeneralSecurityException {
        Signature s = Signature.getInstance(algorithm);
        s.initSign(pair.getPrivate());
        s.update(content);
        return s.sign();
    }

    private Path pem(KeyPair pair, String name) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pair.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n");
        return file;
    }

    private Path set(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content);
        return file;
    }

    @Test
    void eachAcceptedKeyTypeVerifiesItsSignatureAndNoOther() throws Exception {
        byte[] content = SET.getBytes(StandardCharsets.UTF_8);
        List<Object[]> cases = List.of(
                new Object[] {ec("secp256r1"), "SHA256withECDSA"},
                new Object[] {ec("secp384r1"), "SHA384withECDSA"},
                new Object[] {generate("RSA", 2048), "SHA256withRSA"},
                new Object[] {generate("Ed25519", 0), "Ed25519"});
        for (Object[] c : cases) {
            KeyPair pair = (KeyPair) c[0];
            String algorithm = (String) c[1];
            ReferenceValueSigners signers = ReferenceValueSigners.load(List.of(pem(pair, algorithm + ".pem")));
            byte[] signature = sign(pair, algorithm, content);
            assertThat(signers.verifies(content, signature)).as(algorithm + " binary").isTrue();
            assertThat(signers.verifies(content, (Base64.getEncoder().encodeToString(signature) + "\n")
                    .getBytes(StandardCharsets.US_ASCII))).as(algorithm + " base64, as cosign prints it").isTrue();
            byte[] tampered = SET.replace("11", "12").getBytes(StandardCharsets.UTF_8);
            assertThat(signers.verifies(tampered, signature)).as(algorithm + " over other bytes").isFalse();
            byte[] flipped = signature.clone();
            flipped[flipped.length / 2] ^= 1;
            assertThat(signers.verifies(content, flipped)).as(algorithm + " corrupted").isFalse();
            assertThat(signers.verifies(content, new byte[0])).isFalse();
        }
    }

    @Test
    void aSignatureByAnotherKeyDoesNotVerify() throws Exception {
        byte[] content = SET.getBytes(StandardCharsets.UTF_8);
        ReferenceValueSigners signers = ReferenceValueSigners.load(List.of(pem(ec("secp256r1"), "trusted.pem")));
        assertThat(signers.verifies(content, sign(ec("secp256r1"), "SHA256withECDSA", content))).isFalse();
    }

    @Test
    void anyOfSeveralKeysMayHaveSigned() throws Exception {
        byte[] content = SET.getBytes(StandardCharsets.UTF_8);
        KeyPair old = ec("secp256r1");
        KeyPair current = ec("secp384r1");
        Path both = dir.resolve("both.pem");
        Files.writeString(both, Files.readString(pem(old, "a.pem")) + Files.readString(pem(current, "b.pem")));
        ReferenceValueSigners signers = ReferenceValueSigners.load(List.of(both));
        assertThat(signers.size()).isEqualTo(2);
        assertThat(signers.verifies(content, sign(old, "SHA256withECDSA", content))).isTrue();
        assertThat(signers.verifies(content, sign(current, "SHA384withECDSA", content))).isTrue();
    }

    @Test
    void weakOrUnknownKeysAreRefusedAtLoad() throws Exception {
        assertThatThrownBy(() -> ReferenceValueSigners.load(List.of(pem(generate("RSA", 1024), "weak.pem"))))
                .isInstanceOf(DocumentException.class).hasMessageContaining("at least 2048 bits");
        assertThatThrownBy(() -> ReferenceValueSigners.load(List.of(pem(ec("secp521r1"), "p521.pem"))))
                .isInstanceOf(DocumentException.class).hasMessageContaining("P-256 or P-384");
        Path empty = set("empty.pem", "not a key\n");
        assertThatThrownBy(() -> ReferenceValueSigners.load(List.of(empty)))
                .isInstanceOf(DocumentException.class).hasMessageContaining("no '-----BEGIN PUBLIC KEY-----' block");
        assertThatThrownBy(() -> ReferenceValueSigners.load(List.of(dir.resolve("absent.pem"))))
                .isInstanceOf(DocumentException.class).hasMessageContaining("cannot read");
    }

    @Test
    void aSignedStoreLoadsOnlyFilesWhoseSignatureVerifies() throws Exception {
        KeyPair pair = ec("secp256r1");
        ReferenceValueSigners signers = ReferenceValueSigners.load(List.of(pem(pair, "release.pem")));
        Path good = set("good.yaml", SET);
        Files.write(ReferenceValueSigners.signatureFile(good), sign(pair, "SHA256withECDSA", Files.readAllBytes(good)));
        assertThat(ReferenceValueStore.loadSigned(List.of(good), signers).sets()).hasSize(1);

        Path unsigned = set("unsigned.yaml", SET.replace("release-42", "release-43").replace("11", "22"));
        assertThatThrownBy(() -> ReferenceValueStore.loadSigned(List.of(good, unsigned), signers))
                .isInstanceOf(DocumentException.class).hasMessageStartingWith(unsigned + ": not signed")
                .hasMessageContaining("unsigned.yaml.sig is missing");

        Path edited = set("edited.yaml", SET);
        Files.write(ReferenceValueSigners.signatureFile(edited), sign(pair, "SHA256withECDSA", Files.readAllBytes(edited)));
        Files.writeString(edited, SET.replace("11", "33"));
        assertThatThrownBy(() -> ReferenceValueStore.loadSigned(List.of(edited), signers))
                .isInstanceOf(DocumentException.class).hasMessageContaining("does not verify");

        Path byOther = set("other.yaml", SET);
        Files.write(ReferenceValueSigners.signatureFile(byOther), sign(ec("secp256r1"), "SHA256withECDSA", Files.readAllBytes(byOther)));
        assertThatThrownBy(() -> ReferenceValueStore.loadSigned(List.of(byOther), signers))
                .isInstanceOf(DocumentException.class).hasMessageContaining("does not verify");
    }

    /** The release pipeline of the README: openssl signs, the verifier accepts; a changed byte is refused. */
    @Test
    void signaturesMadeByOpensslAreAccepted() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")),
                "SKIPPED LOUDLY: /usr/bin/openssl is not installed, the openssl interoperability test did not run");
        Path key = dir.resolve("rv-signing.key");
        Path pub = dir.resolve("rv-signing.pub");
        Path rv = set("rv.yaml", SET);
        openssl("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", key.toString());
        openssl("ec", "-in", key.toString(), "-pubout", "-out", pub.toString());
        openssl("dgst", "-sha256", "-sign", key.toString(), "-out", rv + ".sig", rv.toString());

        ReferenceValueSigners signers = ReferenceValueSigners.load(List.of(pub));
        assertThat(ReferenceValueStore.loadSigned(List.of(rv), signers).sets().getFirst().name()).isEqualTo("release-42");
        Files.writeString(rv, SET + "# one more line\n");
        assertThatThrownBy(() -> ReferenceValueStore.loadSigned(List.of(rv), signers)).isInstanceOf(DocumentException.class);
    }

    private static void openssl(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("/usr/bin/openssl"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
    }
}
