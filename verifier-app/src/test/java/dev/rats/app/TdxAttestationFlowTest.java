package dev.rats.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import dev.rats.app.security.ApiKeyRegistry;
import dev.rats.app.support.MutableClock;
import dev.rats.evidence.tdx.ConfiguredIntelAnchors;
import dev.rats.evidence.tdx.IntelTrustAnchors;
import dev.rats.testkit.tdx.IntelTestPki;
import dev.rats.testkit.tdx.SimulatedTdxAttester;
import dev.rats.testkit.tdx.TdxDefaults;
import dev.rats.testkit.tdx.TdxEvidence;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
 * {@code POST /v1/attest/tdx} end to end over HTTP: challenge → simulated TDX quote bound to the
 * nonce, with its collateral as dcap-qvl JSON → affirming EAR verified against the live JWKS;
 * replayed nonce, tampered quote and policy violations get signed contraindicated results; request
 * problems get problem+json with their codes. The simulated Intel root replaces the pinned one.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TdxAttestationFlowTest {

    static final String ATTESTER_KEY = "tdx-attester-key-0123456789abcdef0123456789abcdef";
    static final MutableClock CLOCK = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    /** Collateral issued a minute before the service's clock, like fresh collateral from Intel PCS. */
    static final SimulatedTdxAttester ATTESTER = SimulatedTdxAttester.builder(IntelTestPki.defaultPki())
            .issueTime(CLOCK.instant().minusSeconds(60)).build();

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
        Path dir = Files.createTempDirectory("verifier-tdx");
        Path rv = Files.writeString(dir.resolve("rv.yaml"), "name: simulated-td\ntdx:\n  mrTd:\n    - value: "
                + TdxDefaults.MRTD + "\n      label: simulated TD firmware\n");
        Path policies = Files.createDirectories(dir.resolve("policies"));
        Files.writeString(policies.resolve("strict.yaml"), "platform: tdx\nname: strict\nminQeSvn: 99\n");
        r.add("verifier.data-dir", () -> dir.resolve("data").toString());
        r.add("verifier.reference-values.files[0]", rv::toString);
        r.add("verifier.policies.directory", policies::toString);
        r.add("verifier.security.api-keys[0].name", () -> "attester-1");
        r.add("verifier.security.api-keys[0].sha256", () -> ApiKeyRegistry.sha256(ATTESTER_KEY));
        r.add("verifier.security.api-keys[0].roles[0]", () -> "attester");
    }

    @LocalServerPort
    int port;

    @Autowired
    JsonMapper json;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> post(String path, String key, String body, String accept) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            b.header("X-API-Key", key);
        }
        if (accept != null) {
            b.header("Accept", accept);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private byte[] challenge() throws Exception {
        HttpResponse<String> r = post("/v1/challenges", ATTESTER_KEY, "", null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return Base64.getDecoder().decode((String) json.readValue(r.body(), Map.class).get("nonce"));
    }

    private String body(byte[] quote, TdxEvidence e, byte[] nonce, String policyId) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("quote", Base64.getEncoder().encodeToString(quote));
        m.put("collateral", json.readValue(e.collateral().qvlJsonBytes(), Map.class));
        if (nonce != null) {
            m.put("nonce", Base64.getEncoder().encodeToString(nonce));
        }
        if (policyId != null) {
            m.put("policyId", policyId);
        }
        return json.writeValueAsString(m);
    }

    private Map<?, ?> attest(String body) throws Exception {
        HttpResponse<String> r = post("/v1/attest/tdx", ATTESTER_KEY, body, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json.readValue(r.body(), Map.class);
    }

    private static List<String> codes(Map<?, ?> result) {
        return ((List<?>) result.get("failures")).stream().map(f -> (String) ((Map<?, ?>) f).get("code")).toList();
    }

    private SignedJWT verifiedToken(String token) throws Exception {
        HttpResponse<String> jwks = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/.well-known/jwks.json")).build(), HttpResponse.BodyHandlers.ofString());
        SignedJWT jwt = SignedJWT.parse(token);
        ECKey key = (ECKey) JWKSet.parse(jwks.body()).getKeyByKeyId(jwt.getHeader().getKeyID());
        assertThat(jwt.verify(new ECDSAVerifier(key))).as("EAR signature verifies with the live JWKS").isTrue();
        return jwt;
    }

    @Test
    void nonceBoundQuoteIsAffirmedAndTheEarVerifies() throws Exception {
        byte[] nonce = challenge();
        TdxEvidence e = ATTESTER.quote().reportData(nonce).build();
        Map<?, ?> result = attest(body(e.quote(), e, nonce, null));
        assertThat(result.get("status")).as(result.toString()).isEqualTo("affirming");
        assertThat(codes(result)).isEmpty();
        assertThat(((Map<?, ?>) result.get("claims")).get("tcbStatus")).isEqualTo("UpToDate");

        SignedJWT jwt = verifiedToken((String) result.get("token"));
        var claims = jwt.getJWTClaimsSet();
        assertThat(claims.getStringClaim("eat_nonce")).isEqualTo(Base64.getUrlEncoder().withoutPadding().encodeToString(nonce));
        Map<?, ?> tdx = (Map<?, ?>) claims.getJSONObjectClaim("submods").get("tdx");
        assertThat(tdx.get("ear.status")).isEqualTo("affirming");
        assertThat(tdx.get("ear.appraisal-policy-id")).isEqualTo("default@1");
    }

    @Test
    void theBareJwtIsServedOnRequest() throws Exception {
        byte[] nonce = challenge();
        TdxEvidence e = ATTESTER.quote().reportData(nonce).build();
        HttpResponse<String> r = post("/v1/attest/tdx", ATTESTER_KEY, body(e.quote(), e, nonce, null), "application/eat+jwt");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/eat+jwt"));
        assertThat(verifiedToken(r.body()).getJWTClaimsSet().getJSONObjectClaim("submods")).containsKey("tdx");
    }

    @Test
    void aReplayedNonceIsContraindicated() throws Exception {
        byte[] nonce = challenge();
        TdxEvidence e = ATTESTER.quote().reportData(nonce).build();
        assertThat(attest(body(e.quote(), e, nonce, null)).get("status")).isEqualTo("affirming");
        Map<?, ?> replay = attest(body(e.quote(), e, nonce, null));
        assertThat(replay.get("status")).isEqualTo("contraindicated");
        assertThat(codes(replay)).containsExactly("nonce-replayed");
        verifiedToken((String) replay.get("token"));
    }

    @Test
    void aQuoteNotBoundToTheNonceIsContraindicated() throws Exception {
        byte[] nonce = challenge();
        TdxEvidence e = ATTESTER.quote().build();
        Map<?, ?> result = attest(body(e.quote(), e, nonce, null));
        assertThat(codes(result)).containsExactly("report-data-mismatch");
        assertThat(result.get("status")).isEqualTo("contraindicated");
    }

    @Test
    void aTamperedQuoteIsContraindicated() throws Exception {
        TdxEvidence e = ATTESTER.quote().build();
        byte[] tampered = e.quote();
        tampered[48 + 136] ^= 1; // MRTD
        Map<?, ?> result = attest(body(tampered, e, null, null));
        assertThat(codes(result)).containsExactly("tdx-quote-signature");
        assertThat((Map<?, ?>) result.get("claims")).isEmpty();
    }

    @Test
    void aNamedPolicyApplies() throws Exception {
        TdxEvidence e = ATTESTER.quote().build();
        Map<?, ?> result = attest(body(e.quote(), e, null, "strict"));
        assertThat(codes(result)).containsExactly("tdx-qe-svn-below-minimum");
        assertThat(json.readValue(post("/v1/attest/tdx", ATTESTER_KEY, body(e.quote(), e, null, "lenient"), null).body(),
                Map.class).get("code")).isEqualTo("unknown-policy");
    }

    /** Without collateral the service asks Intel PCS, here unreachable (127.0.0.1:9): could not check. */
    @Test
    void withoutCollateralAndWithPcsUnreachableTheAnswerIs503WithoutAToken() throws Exception {
        TdxEvidence e = ATTESTER.quote().build();
        HttpResponse<String> r = post("/v1/attest/tdx", ATTESTER_KEY,
                "{\"quote\":\"" + Base64.getEncoder().encodeToString(e.quote()) + "\"}", null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
        assertThat(r.headers().firstValue("Retry-After")).isPresent();
        assertThat(json.readValue(r.body(), Map.class).get("code")).isEqualTo("endorsement-unavailable");
        assertThat(r.body()).doesNotContain("token");
    }

    @Test
    void requestProblemsAreProblemDocuments() throws Exception {
        HttpResponse<String> notObject = post("/v1/attest/tdx", ATTESTER_KEY, "{\"quote\":\"AAAA\",\"collateral\":\"x\"}", null);
        assertThat(notObject.statusCode()).isEqualTo(400);
        assertThat(json.readValue(notObject.body(), Map.class).get("code")).isEqualTo("invalid-field");
        HttpResponse<String> missing = post("/v1/attest/tdx", ATTESTER_KEY, "{}", null);
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(json.readValue(missing.body(), Map.class).get("code")).isEqualTo("missing-field");
        HttpResponse<String> unknown = post("/v1/attest/tdx", ATTESTER_KEY, "{\"quote\":\"AAAA\",\"report\":\"AAAA\"}", null);
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(post("/v1/attest/tdx", null, "{}", null).statusCode()).isEqualTo(401);
    }
}
