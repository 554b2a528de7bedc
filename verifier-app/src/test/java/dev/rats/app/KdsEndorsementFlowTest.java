package dev.rats.app;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.rats.app.support.SimulatedPlatform;
import dev.rats.evidence.snp.AmdTrustAnchors;
import dev.rats.testkit.snp.AmdTestPki;
import dev.rats.testkit.snp.SimProduct;
import dev.rats.testkit.snp.SimulatedSnpAttester;
import dev.rats.testkit.snp.SnpEvidence;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reports without a VCEK: the service fetches it from AMD KDS (a WireMock stub on 127.0.0.1), and
 * answers 503 with Retry-After and no token when KDS rate-limits it (DESIGN §4).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KdsEndorsementFlowTest {

    static final WireMockServer KDS = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    static Path dataDir;

    static {
        KDS.start();
    }

    @AfterAll
    static void stop() {
        KDS.stop();
    }

    @TestConfiguration
    static class SimulatedAmd {
        @Bean
        @Primary
        AmdTrustAnchors simulatedAnchors() {
            return SimulatedPlatform.anchors();
        }
    }

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) throws Exception {
        dataDir = Files.createTempDirectory("verifier-kds");
        r.add("verifier.data-dir", dataDir::toString);
        r.add("verifier.kds.base-url", () -> "http://127.0.0.1:" + KDS.port());
        r.add("verifier.kds.timeout", () -> "2s");
        r.add("verifier.kds.budget", () -> "5s");
    }

    @LocalServerPort
    int port;

    @Autowired
    JsonMapper json;

    private HttpResponse<String> attestWithoutVcek(SnpEvidence e) throws Exception {
        String key = Files.readString(dataDir.resolve("bootstrap-api-key")).strip();
        String body = json.writeValueAsString(Map.of("report", Base64.getEncoder().encodeToString(e.report())));
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/attest/sev-snp"))
                .header("X-API-Key", key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @Order(1)
    void theVcekComesFromKdsOnceAndIsCachedOnDisk() throws Exception {
        AmdTestPki pki = SimulatedPlatform.pki();
        KDS.stubFor(get(urlPathMatching("/vcek/v1/Milan/" + java.util.HexFormat.of().formatHex(pki.chipId())))
                .willReturn(aResponse().withStatus(200).withBody(pki.der(dev.rats.testkit.snp.AmdCertRole.VCEK))));
        KDS.stubFor(get(urlPathMatching("/vcek/v1/Milan/crl")).willReturn(aResponse().withStatus(404)));
        SnpEvidence e = SimulatedSnpAttester.vcek(pki).report().measurement(SimulatedPlatform.MEASUREMENT).build();

        for (int i = 0; i < 3; i++) {
            HttpResponse<String> r = attestWithoutVcek(e);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(json.readValue(r.body(), Map.class).get("status")).isEqualTo("warning");
        }
        KDS.verify(1, getRequestedFor(urlPathMatching("/vcek/v1/Milan/[0-9a-f]{128}")));
        try (var files = Files.walk(dataDir.resolve("kds").resolve("vcek"))) {
            assertThat(files.filter(f -> f.toString().endsWith(".der")).count()).isEqualTo(1);
        }
    }

    @Test
    @Order(2)
    void rateLimitedKdsGives503WithRetryAfterAndNoToken() throws Exception {
        AmdTestPki otherChip = AmdTestPki.builder(SimProduct.MILAN).build();
        KDS.stubFor(get(urlPathMatching("/vcek/v1/Milan/" + java.util.HexFormat.of().formatHex(otherChip.chipId())))
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "120")));
        SnpEvidence e = SimulatedSnpAttester.vcek(otherChip).report().build();

        HttpResponse<String> r = attestWithoutVcek(e);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
        assertThat(r.headers().firstValue("Retry-After")).hasValueSatisfying(v -> assertThat(Integer.parseInt(v)).isBetween(100, 120));
        Map<?, ?> problem = json.readValue(r.body(), Map.class);
        assertThat(problem.get("code")).isEqualTo("endorsement-unavailable");
        assertThat(r.body()).doesNotContain("token").doesNotContain("eyJ");

        // a chip whose VCEK is cached still verifies while KDS asks us to wait
        SnpEvidence cached = SimulatedSnpAttester.vcek(SimulatedPlatform.pki()).report().build();
        assertThat(attestWithoutVcek(cached).statusCode()).isEqualTo(200);
    }
}
