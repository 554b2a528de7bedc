package dev.rats.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rats.app.VerifierApplication;
import dev.rats.refvalues.ReferenceValueStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** With verifier.reference-values.signing-keys set, the service starts only on signed reference value files. */
class SignedReferenceValuesStartupTest {

    @TempDir
    Path dir;
    private KeyPair release;
    private Path key;
    private Path rv;

    @BeforeEach
    void files() throws Exception {
        release = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        key = Files.writeString(dir.resolve("release.pem"), "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(release.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n");
        rv = Files.writeString(dir.resolve("rv.yaml"), "name: release-7\nsnp:\n  measurements:\n    - value: \""
                + "ab".repeat(48) + "\"\n      label: release 7\n");
    }

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(VerifierApplication.class).run("--server.port=0", "--server.address=127.0.0.1",
                "--verifier.data-dir=" + dir.resolve("data"), "--verifier.reference-values.files=" + rv,
                "--verifier.reference-values.signing-keys=" + key);
    }

    @Test
    void aSignedFileIsLoaded() throws Exception {
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(release.getPrivate());
        signer.update(Files.readAllBytes(rv));
        Files.writeString(dir.resolve("rv.yaml.sig"), Base64.getEncoder().encodeToString(signer.sign()) + "\n");
        try (ConfigurableApplicationContext context = start()) {
            assertThat(context.getBean(ReferenceValueStore.class).set("release-7")).isPresent();
        }
    }

    @Test
    void anUnsignedFileStopsTheStartWithAClearError() {
        assertThatThrownBy(this::start).hasStackTraceContaining("rv.yaml: not signed: ")
                .hasStackTraceContaining("rv.yaml.sig is missing");
    }
}
