package dev.rats.app;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.rats.app.support.MutableClock;
import dev.rats.evidence.tdx.ConfiguredIntelAnchors;
import dev.rats.evidence.tdx.IntelTrustAnchors;
import dev.rats.testkit.tdx.IntelTestPki;
import dev.rats.testkit.tdx.SimulatedTdxAttester;
import dev.rats.testkit.tdx.TdxDefaults;
import dev.rats.testkit.tdx.TdxCollateral;
import dev.rats.testkit.tdx.TdxEvidence;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
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
 * Quotes without collateral: the service fetches TCB Info, QE Identity and the CRLs from Intel PCS
 * (a WireMock stub on 127.0.0.1) once and serves later quotes from its cache; when PCS rate-limits
 * an uncached FMSPC the answer is 503 with Retry-After and no token (DESIGN §4).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TdxPcsFlowTest {

    static final WireMockServer PCS = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    static final MutableClock CLOCK = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    static final SimulatedTdxAttester ATTESTER = SimulatedTdxAttester.builder(IntelTestPki.defaultPki())
            .issueTime(CLOCK.instant().minusSeconds(60)).build();
    static final String FMSPC = HexFormat.of().formatHex(ATTESTER.pki().fmspc());
    static final String TCB_INFO = "/tdx/certification/v4/tcb?fmspc=" + FMSPC;
    static Path dataDir;

    static {
        PCS.start();
    }

    @AfterAll
    static void stop() {
        PCS.stop();
    }

    @TestConfiguration
    static class SimulatedIntel {
        @Bean
        @Primary
        IntelTrustAnchors simulatedIntelRoot() {
            return new ConfiguredIntelAnchors(ATTESTER.pki().root(), "simulated Intel root (tests only)");
        }

        @Bean
        @Primary
        Clock testClock() {
            return CLOCK;
        }
    }

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) throws Exception {
        dataDir = Files.createTempDirectory("verifier-pcs");
        Path rv = Files.writeString(dataDir.resolve("rv.yaml"), "name: simulated-td\ntdx:\n  mrTd:\n    - value: "
                + TdxDefaults.MRTD + "\n      label: simulated TD firmware\n");
        r.add("verifier.data-dir", () -> dataDir.resolve("data").toString());
        r.add("verifier.reference-values.files[0]", rv::toString);
        r.add("verifier.pcs.base-url", () -> "http://127.0.0.1:" + PCS.port());
        r.add("verifier.pcs.root-ca-crl-url", () -> "http://127.0.0.1:" + PCS.port() + "/IntelSGXRootCA.der");
        r.add("verifier.pcs.timeout", () -> "2s");
        r.add("verifier.pcs.budget", () -> "5s");
    }

    @LocalServerPort
    int port;

    @Autowired
    JsonMapper json;

    private static String header(String pem) {
        return URLEncoder.encode(pem, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private HttpResponse<String> attestWithoutCollateral(TdxEvidence e) throws Exception {
        String key = Files.readString(dataDir.resolve("data").resolve("bootstrap-api-key")).strip();
        String body = json.writeValueAsString(Map.of("quote", Base64.getEncoder().encodeToString(e.quote())));
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/attest/tdx"))
                .header("X-API-Key", key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @Order(1)
    void rateLimitedPcsGives503WithRetryAfterAndNoToken() throws Exception {
        stubCrls();
        PCS.stubFor(get(urlEqualTo(TCB_INFO)).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "120")));
        HttpResponse<String> r = attestWithoutCollateral(ATTESTER.quote().build());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
        assertThat(r.headers().firstValue("Retry-After")).isPresent();
        assertThat(r.body()).contains("endorsement-unavailable").doesNotContain("token");
        // during the cool-down no request is sent
        assertThat(attestWithoutCollateral(ATTESTER.quote().build()).statusCode()).isEqualTo(503);
        PCS.verify(1, getRequestedFor(urlPathEqualTo("/tdx/certification/v4/tcb")));
        PCS.resetRequests();
        CLOCK.advance(Duration.ofSeconds(121));
    }

    private static void stubCrls() {
        TdxCollateral c = ATTESTER.collateral();
        PCS.stubFor(get(urlEqualTo("/sgx/certification/v4/pckcrl?ca=platform")).willReturn(aResponse().withStatus(200)
                .withHeader("SGX-PCK-CRL-Issuer-Chain", header(c.pckCrlIssuerChain())).withBody(c.pckCrl())));
        PCS.stubFor(get(urlEqualTo("/IntelSGXRootCA.der")).willReturn(aResponse().withStatus(200).withBody(c.rootCaCrl())));
    }

    @Test
    @Order(2)
    void collateralComesFromPcsOnceAndIsCachedOnDisk() throws Exception {
        TdxCollateral c = ATTESTER.collateral();
        PCS.stubFor(get(urlEqualTo(TCB_INFO)).willReturn(aResponse().withStatus(200)
                .withHeader("TCB-Info-Issuer-Chain", header(c.tcbInfoIssuerChain())).withBody(c.tcbInfoBody())));
        PCS.stubFor(get(urlEqualTo("/tdx/certification/v4/qe/identity")).willReturn(aResponse().withStatus(200)
                .withHeader("SGX-Enclave-Identity-Issuer-Chain", header(c.qeIdentityIssuerChain())).withBody(c.qeIdentityBody())));

        for (int i = 0; i < 3; i++) {
            HttpResponse<String> r = attestWithoutCollateral(ATTESTER.quote().build());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            Map<?, ?> result = json.readValue(r.body(), Map.class);
            assertThat(result.get("status")).as(r.body()).isEqualTo("affirming");
            assertThat(((Map<?, ?>) result.get("claims")).get("revocation")).isEqualTo("not-revoked");
        }
        PCS.verify(1, getRequestedFor(urlPathEqualTo("/tdx/certification/v4/tcb")));
        PCS.verify(1, getRequestedFor(urlPathEqualTo("/tdx/certification/v4/qe/identity")));
        // the CRLs were fetched once, in the first test, and served from the cache since
        PCS.verify(0, getRequestedFor(urlPathEqualTo("/sgx/certification/v4/pckcrl")));
        PCS.verify(0, getRequestedFor(urlPathEqualTo("/IntelSGXRootCA.der")));
        try (var files = Files.walk(dataDir.resolve("data").resolve("pcs"))) {
            assertThat(files.filter(Files::isRegularFile).map(f -> f.getFileName().toString()))
                    .contains(FMSPC + ".json", "identity.json", "platform.crl", "rootcacrl.crl");
        }
    }

    @Test
    @Order(3)
    void withPcsDownCachedCollateralStillServes() throws Exception {
        PCS.resetAll();
        PCS.stubFor(get(urlPathEqualTo("/tdx/certification/v4/tcb")).willReturn(aResponse().withStatus(500)));
        HttpResponse<String> r = attestWithoutCollateral(ATTESTER.quote().build());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(json.readValue(r.body(), Map.class).get("status")).isEqualTo("affirming");
        PCS.verify(0, getRequestedFor(urlPathEqualTo("/tdx/certification/v4/tcb")));
    }
}
