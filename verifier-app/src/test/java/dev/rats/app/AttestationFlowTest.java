package dev.rats.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import dev.rats.app.security.ApiKeyRegistry;
import dev.rats.app.support.MutableClock;
import dev.rats.app.support.SimulatedPlatform;
import dev.rats.evidence.snp.AmdTrustAnchors;
import dev.rats.testkit.Mutations;
import dev.rats.testkit.snp.SnpEvidence;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
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
 * End to end over HTTP: challenge → simulated SNP evidence bound to the nonce → EAR verified
 * against the live JWKS; stale, replayed and tampered evidence gets signed contraindicated results;
 * request problems get problem+json with their codes.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AttestationFlowTest {

    static final String ATTESTER_KEY = "attester-key-0123456789abcdef0123456789abcdef";
    static final String ADMIN_KEY = "admin-key-0123456789abcdef0123456789abcdef";
    static final MutableClock CLOCK = new MutableClock(Instant.now());

    @TestConfiguration
    static class SimulatedAmd {
        @Bean
        @Primary
        AmdTrustAnchors simulatedAnchors() {
            return SimulatedPlatform.anchors();
        }

        @Bean
        @Primary
        Clock testClock() {
            return CLOCK;
        }
    }

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) throws Exception {
        Path dir = Files.createTempDirectory("verifier-flow");
        Path rv = dir.resolve("rv.yaml");
        Files.writeString(rv, SimulatedPlatform.referenceValuesYaml());
        r.add("verifier.data-dir", () -> dir.resolve("data").toString());
        r.add("verifier.reference-values.files[0]", rv::toString);
        r.add("verifier.limits.max-body-bytes", () -> "16384");
        r.add("verifier.security.api-keys[0].name", () -> "attester-1");
        r.add("verifier.security.api-keys[0].sha256", () -> ApiKeyRegistry.sha256(ATTESTER_KEY));
        r.add("verifier.security.api-keys[0].roles[0]", () -> "attester");
        r.add("verifier.security.api-keys[1].name", () -> "admin-1");
        r.add("verifier.security.api-keys[1].sha256", () -> ApiKeyRegistry.sha256(ADMIN_KEY));
        r.add("verifier.security.api-keys[1].roles[0]", () -> "admin");
    }

    @LocalServerPort
    int port;

    @Autowired
    JsonMapper json;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> post(String path, String key, String contentType, String body, String accept) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            b.header("X-API-Key", key);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (accept != null) {
            b.header("Accept", accept);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, String key) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (key != null) {
            b.header("X-API-Key", key);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private byte[] challenge() throws Exception {
        HttpResponse<String> r = post("/v1/challenges", ATTESTER_KEY, null, "", null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        Map<?, ?> c = json.readValue(r.body(), Map.class);
        assertThat(Instant.parse((String) c.get("expiresAt"))).isAfter(CLOCK.instant());
        return Base64.getDecoder().decode((String) c.get("nonce"));
    }

    private static SnpEvidence evidence(byte[] reportData) {
        return SimulatedPlatform.attester().report().reportData(reportData).measurement(SimulatedPlatform.MEASUREMENT).build();
    }

    private String body(byte[] report, SnpEvidence e, byte[] nonce, byte[] runtimeData) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("report", Base64.getEncoder().encodeToString(report));
        m.put("vcek", Base64.getEncoder().encodeToString(e.vekDer()));
        if (nonce != null) {
            m.put("nonce", Base64.getEncoder().encodeToString(nonce));
        }
        if (runtimeData != null) {
            m.put("runtimeData", Base64.getEncoder().encodeToString(runtimeData));
        }
        return json.writeValueAsString(m);
    }

    private Map<?, ?> attest(String body) throws Exception {
        HttpResponse<String> r = post("/v1/attest/sev-snp", ATTESTER_KEY, "application/json", body, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json.readValue(r.body(), Map.class);
    }

    private static List<String> codes(Map<?, ?> result) {
        return ((List<?>) result.get("failures")).stream().map(f -> (String) ((Map<?, ?>) f).get("code")).toList();
    }

    private SignedJWT verifiedToken(Map<?, ?> result) throws Exception {
        HttpResponse<String> jwks = get("/.well-known/jwks.json", null);
        assertThat(jwks.statusCode()).isEqualTo(200);
        SignedJWT jwt = SignedJWT.parse((String) result.get("token"));
        ECKey key = (ECKey) JWKSet.parse(jwks.body()).getKeyByKeyId(jwt.getHeader().getKeyID());
        assertThat(jwt.verify(new ECDSAVerifier(key))).as("EAR signature verifies with the live JWKS").isTrue();
        return jwt;
    }

    @Test
    void nonceBoundEvidenceIsAffirmedAndTheEarVerifies() throws Exception {
        byte[] nonce = challenge();
        SnpEvidence e = evidence(nonce);
        Map<?, ?> result = attest(body(e.report(), e, nonce, null));
        assertThat(result.get("status")).as(result.toString()).isEqualTo("affirming");
        assertThat(codes(result)).isEmpty();

        SignedJWT jwt = verifiedToken(result);
        var claims = jwt.getJWTClaimsSet();
        assertThat(claims.getStringClaim("eat_profile")).isEqualTo("tag:github.com,2023:veraison/ear");
        assertThat(claims.getStringClaim("eat_nonce")).isEqualTo(Base64.getUrlEncoder().withoutPadding().encodeToString(nonce));
        assertThat(claims.getExpirationTime()).isAfter(claims.getIssueTime());
        Map<?, ?> snp = (Map<?, ?>) claims.getJSONObjectClaim("submods").get("sev-snp");
        assertThat(snp.get("ear.status")).isEqualTo("affirming");
        assertThat(snp.get("ear.appraisal-policy-id")).isEqualTo("default@1");
        assertThat(((Map<?, ?>) snp.get("ear.trustworthiness-vector")).get("hardware")).isEqualTo(2L);
    }

    /** A relying party verifies the EAR with an independent JOSE library (npm jose) against the live JWKS. */
    @Test
    void relyingPartyVerifiesTheEarWithNpmJose() throws Exception {
        Path script = Path.of("..", "examples", "relying-party", "verify.mjs");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(script.resolveSibling("node_modules")), () -> {
            String m = "SKIPPED: run 'npm ci' in examples/relying-party (.ci/run does) to test with npm jose";
            System.err.println(m);
            return m;
        });
        byte[] nonce = challenge();
        SnpEvidence e = evidence(nonce);
        Map<?, ?> result = attest(body(e.report(), e, nonce, null));
        String eatNonce = Base64.getUrlEncoder().withoutPadding().encodeToString(nonce);
        Process p = new ProcessBuilder("node", script.toString(), "http://127.0.0.1:" + port, "http://localhost:8080",
                (String) result.get("token"), eatNonce).redirectErrorStream(true).start();
        assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("sev-snp: affirming");

        String tampered = ((String) result.get("token")).replaceFirst("\\.(.)", ".X$1");
        Process bad = new ProcessBuilder("node", script.toString(), "http://127.0.0.1:" + port, "http://localhost:8080",
                tampered).redirectErrorStream(true).start();
        assertThat(bad.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(bad.exitValue()).isEqualTo(3);
    }

    /** DESIGN §11: no secrets or nonces in logs at info level. */
    @Test
    @org.junit.jupiter.api.extension.ExtendWith(org.springframework.boot.test.system.OutputCaptureExtension.class)
    void neitherKeysNorNoncesAppearInTheLog(org.springframework.boot.test.system.CapturedOutput output) throws Exception {
        byte[] nonce = challenge();
        SnpEvidence e = evidence(nonce);
        attest(body(e.report(), e, nonce, null));
        attest(body(e.report(), e, nonce, null));
        post("/v1/attest/sev-snp", "wrong-" + ATTESTER_KEY, "application/json", "{}", null);
        String log = output.getAll();
        assertThat(log).doesNotContain(ATTESTER_KEY).doesNotContain(Base64.getEncoder().encodeToString(nonce))
                .doesNotContain(Base64.getUrlEncoder().withoutPadding().encodeToString(nonce))
                .doesNotContain(java.util.HexFormat.of().formatHex(nonce));
    }

    @Test
    void replayedNonceIsContraindicated() throws Exception {
        byte[] nonce = challenge();
        SnpEvidence e = evidence(nonce);
        String body = body(e.report(), e, nonce, null);
        assertThat(attest(body).get("status")).isEqualTo("affirming");
        Map<?, ?> replay = attest(body);
        assertThat(replay.get("status")).isEqualTo("contraindicated");
        assertThat(codes(replay)).containsExactly("nonce-replayed");
        verifiedToken(replay);
    }

    @Test
    void expiredNonceIsContraindicated() throws Exception {
        byte[] nonce = challenge();
        SnpEvidence e = evidence(nonce);
        CLOCK.advance(Duration.ofMinutes(6));
        Map<?, ?> result = attest(body(e.report(), e, nonce, null));
        assertThat(result.get("status")).isEqualTo("contraindicated");
        assertThat(codes(result)).containsExactly("nonce-expired");
    }

    @Test
    void tamperedReportIsContraindicated() throws Exception {
        byte[] nonce = challenge();
        SnpEvidence e = evidence(nonce);
        byte[] tampered = Mutations.flipByte(e.report(), 0x90);
        Map<?, ?> result = attest(body(tampered, e, nonce, null));
        assertThat(result.get("status")).isEqualTo("contraindicated");
        assertThat(codes(result)).containsExactly("snp-report-signature");
        assertThat((Map<?, ?>) result.get("claims")).isEmpty();
        verifiedToken(result);
    }

    @Test
    void evidenceBoundToAnotherNonceIsContraindicated() throws Exception {
        byte[] nonce = challenge();
        SnpEvidence e = evidence(challenge());
        Map<?, ?> result = attest(body(e.report(), e, nonce, null));
        assertThat(codes(result)).containsExactly("report-data-mismatch");
        assertThat(result.get("status")).isEqualTo("contraindicated");
    }

    @Test
    void runtimeDataHashBindsTheNonce() throws Exception {
        byte[] nonce = challenge();
        byte[] runtimeData = ("{\"nonce\":\"" + Base64.getEncoder().encodeToString(nonce) + "\",\"key\":\"abc\"}")
                .getBytes(StandardCharsets.UTF_8);
        SnpEvidence e = evidence(MessageDigest.getInstance("SHA-512").digest(runtimeData));
        assertThat(attest(body(e.report(), e, nonce, runtimeData)).get("status")).isEqualTo("affirming");

        byte[] other = challenge();
        byte[] without = "{\"key\":\"abc\"}".getBytes(StandardCharsets.UTF_8);
        SnpEvidence e2 = evidence(MessageDigest.getInstance("SHA-512").digest(without));
        assertThat(codes(attest(body(e2.report(), e2, other, without)))).containsExactly("runtime-data-nonce-missing");
    }

    @Test
    void callerNonceIsEchoed() throws Exception {
        byte[] nonce = "relying-party-nonce-1234".getBytes(StandardCharsets.US_ASCII);
        SnpEvidence e = evidence(nonce);
        Map<?, ?> result = attest(body(e.report(), e, nonce, null));
        assertThat(result.get("status")).isEqualTo("affirming");
        assertThat(verifiedToken(result).getJWTClaimsSet().getStringClaim("eat_nonce"))
                .isEqualTo(Base64.getUrlEncoder().withoutPadding().encodeToString(nonce));
    }

    @Test
    void acceptEatJwtReturnsTheBareToken() throws Exception {
        byte[] nonce = challenge();
        SnpEvidence e = evidence(nonce);
        HttpResponse<String> r = post("/v1/attest/sev-snp", ATTESTER_KEY, "application/json", body(e.report(), e, nonce, null),
                "application/eat+jwt");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/eat+jwt"));
        assertThat(SignedJWT.parse(r.body()).getHeader().getKeyID()).isNotBlank();
        assertSentWithContentLength(r);
    }

    /** Attestation answers have a known length: one write with Content-Length, not chunks (BENCHMARKS.md). */
    @Test
    void theJsonAnswerIsSentWithContentLength() throws Exception {
        byte[] nonce = challenge();
        SnpEvidence e = evidence(nonce);
        HttpResponse<String> r = post("/v1/attest/sev-snp", ATTESTER_KEY, "application/json", body(e.report(), e, nonce, null),
                "application/json");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(r.body()).contains("\"status\":\"affirming\"");
        assertSentWithContentLength(r);
    }

    private static void assertSentWithContentLength(HttpResponse<String> r) {
        assertThat(r.headers().firstValue("Transfer-Encoding")).isEmpty();
        assertThat(r.headers().firstValueAsLong("Content-Length"))
                .hasValue(r.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
    }

    @Test
    void authenticationAndRoles() throws Exception {
        SnpEvidence e = evidence(new byte[64]);
        String body = body(e.report(), e, null, null);
        assertProblem(post("/v1/attest/sev-snp", null, "application/json", body, null), 401, "unauthenticated");
        assertProblem(post("/v1/attest/sev-snp", "wrong-key", "application/json", body, null), 401, "unauthenticated");
        assertProblem(post("/v1/attest/sev-snp", ADMIN_KEY, "application/json", body, null), 403, "forbidden");
        assertProblem(get("/v1/policies", ATTESTER_KEY), 403, "forbidden");
        assertThat(get("/v1/policies", ADMIN_KEY).statusCode()).isEqualTo(200);
        assertThat(get("/v1/reference-values", ADMIN_KEY).body()).contains(java.util.HexFormat.of().formatHex(SimulatedPlatform.MEASUREMENT));
        assertThat(get("/.well-known/openid-configuration", null).statusCode()).isEqualTo(200);
        assertThat(get("/.well-known/jwks.json", "wrong-key").statusCode()).as("public endpoints ignore keys").isEqualTo(200);
        assertThat(get("/actuator/health/readiness", null).statusCode()).isEqualTo(200);
        assertThat(get("/actuator/health/liveness", null).statusCode()).isEqualTo(200);
        assertThat(get("/openapi.yaml", null).body()).startsWith("openapi: 3.1.0");
        attest(body);
        assertProblem(get("/actuator/prometheus", ATTESTER_KEY), 403, "forbidden");
        assertThat(get("/actuator/prometheus", ADMIN_KEY).body()).contains("verifier_verifications_total");
    }

    @Test
    void requestProblemsGetProblemJson() throws Exception {
        assertProblem(post("/v1/attest/sev-snp", ATTESTER_KEY, "application/json", "x".repeat(20_000), null), 413, "body-too-large");
        assertProblem(post("/v1/attest/sev-snp", ATTESTER_KEY, "text/plain", "{}", null), 415, "unsupported-media-type");
        assertProblem(post("/v1/attest/sev-snp", ATTESTER_KEY, "application/json", "{not json", null), 400, "malformed-json");
        assertProblem(post("/v1/attest/sev-snp", ATTESTER_KEY, "application/json", "{\"reprot\":\"AA==\"}", null), 400,
                "unknown-field");
        assertProblem(post("/v1/attest/sev-snp", ATTESTER_KEY, "application/json", "{}", null), 400, "missing-field");
        assertProblem(post("/v1/attest/sev-snp", ATTESTER_KEY, "application/json", "{\"report\":\"***\"}", null), 400,
                "invalid-field");
        assertProblem(post("/v1/attest/sev-snp", ATTESTER_KEY, "application/json", "{\"report\":\"AA==\",\"policyId\":\"nope\"}",
                null), 400, "unknown-policy");
        assertProblem(post("/v1/attest/sev-snp", ATTESTER_KEY, "application/json", "{\"report\":\"AA==\",\"nonce\":\"AA==\"}",
                null), 400, "invalid-field");
    }

    @Test
    void malformedReportGetsASignedContraindicatedResult() throws Exception {
        Map<?, ?> result = attest("{\"report\":\"AAAA\"}");
        assertThat(result.get("status")).isEqualTo("contraindicated");
        assertThat(codes(result)).containsExactly("snp-report-length");
        verifiedToken(result);
    }

    private void assertProblem(HttpResponse<String> r, int status, String code) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
        Map<?, ?> problem = json.readValue(r.body(), Map.class);
        assertThat(problem.get("code")).isEqualTo(code);
        assertThat(r.body()).doesNotContain("\tat ").doesNotContain("Exception");
    }
}
