package dev.rats.app.contract;

import dev.rats.app.VerifierApplication;
import dev.rats.app.security.ApiKeyRegistry;
import dev.rats.app.support.SimulatedPlatform;
import dev.rats.evidence.snp.AmdTrustAnchors;
import dev.rats.testkit.snp.SnpEvidence;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The service on a random port, trusting the simulated AMD platform of the testkit, with its own
 * temporary data directory, an attester key and an admin key. Subclasses share one Spring context
 * (same configuration, so the test context cache starts the server once for all of them).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        classes = {VerifierApplication.class, RunningVerifier.SimulatedAmd.class})
abstract class RunningVerifier {

    static final String ATTESTER_KEY = "contract-attester-key-0123456789abcdef0123456789";
    static final String ADMIN_KEY = "contract-admin-key-0123456789abcdef0123456789abcd";
    /** An admin key used only to exhaust its own rate-limit bucket (the limiter counts per caller). */
    static final String THROTTLED_KEY = "contract-throttled-key-0123456789abcdef012345678";
    /** Small, so that 413 needs only a small body. */
    static final int MAX_BODY_BYTES = 65_536;

    @TestConfiguration(proxyBeanMethods = false)
    static class SimulatedAmd {
        @Bean
        @Primary
        AmdTrustAnchors simulatedAnchors() {
            return SimulatedPlatform.anchors();
        }
    }

    @DynamicPropertySource
    static void verifierProperties(DynamicPropertyRegistry r) throws Exception {
        Path dir = Files.createTempDirectory("verifier-contract");
        Path rv = dir.resolve("rv.yaml");
        Files.writeString(rv, SimulatedPlatform.referenceValuesYaml());
        r.add("verifier.data-dir", () -> dir.resolve("data").toString());
        r.add("verifier.reference-values.files[0]", rv::toString);
        r.add("verifier.limits.max-body-bytes", () -> Integer.toString(MAX_BODY_BYTES));
        r.add("verifier.security.api-keys[0].name", () -> "contract-attester");
        r.add("verifier.security.api-keys[0].sha256", () -> ApiKeyRegistry.sha256(ATTESTER_KEY));
        r.add("verifier.security.api-keys[0].roles[0]", () -> "attester");
        r.add("verifier.security.api-keys[1].name", () -> "contract-admin");
        r.add("verifier.security.api-keys[1].sha256", () -> ApiKeyRegistry.sha256(ADMIN_KEY));
        r.add("verifier.security.api-keys[1].roles[0]", () -> "admin");
        r.add("verifier.security.api-keys[2].name", () -> "contract-throttled");
        r.add("verifier.security.api-keys[2].sha256", () -> ApiKeyRegistry.sha256(THROTTLED_KEY));
        r.add("verifier.security.api-keys[2].roles[0]", () -> "admin");
    }

    @LocalServerPort
    int port;

    String baseUri() {
        return "http://127.0.0.1:" + port;
    }

    /** Simulated Milan evidence whose report data is {@code reportData} and whose measurement is referenced. */
    static SnpEvidence evidence(byte[] reportData) {
        return SimulatedPlatform.attester().report().reportData(reportData).measurement(SimulatedPlatform.MEASUREMENT).build();
    }
}
