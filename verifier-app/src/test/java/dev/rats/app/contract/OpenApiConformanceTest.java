package dev.rats.app.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rats.testkit.Mutations;
import dev.rats.testkit.snp.SnpEvidence;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The running service conforms to openapi.yaml: every operation is called for real over HTTP and
 * each response's status must be declared for the operation, its content type declared for that
 * status, and its body valid against the declared schema ({@link OpenApiContract}). The request
 * bodies sent are checked against the request schema too: those the service accepts must conform,
 * and those it rejects as malformed must not (where a schema can tell).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OpenApiConformanceTest extends RunningVerifier {

    static final OpenApiContract CONTRACT = OpenApiContract.fromClasspath();
    static final String ATTEST = "/v1/attest/sev-snp";
    static final String JSON_TYPE = "application/json";

    /** "METHOD path status" of every validated response. */
    static final Set<String> EXERCISED = ConcurrentHashMap.newKeySet();
    static final AtomicInteger TESTS_DONE = new AtomicInteger();

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    /** A response that has been validated against the contract. */
    record Checked(HttpResponse<String> response, JsonNode body) {
        int status() {
            return response.statusCode();
        }

        String contentType() {
            return response.headers().firstValue("Content-Type").orElse(null);
        }

        String text() {
            return response.body();
        }
    }

    private Checked exchange(String method, String path, String key, String contentType, String accept,
            HttpRequest.BodyPublisher body) throws Exception {
        return exchange(method, path, path, key, contentType, accept, body);
    }

    /** As above for a templated path of the contract ({@code operationPath}) called at {@code uriPath}. */
    private Checked exchange(String method, String path, String uriPath, String key, String contentType, String accept,
            HttpRequest.BodyPublisher body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUri() + uriPath))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : body);
        if (key != null) {
            b.header("X-API-Key", key);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (accept != null) {
            b.header("Accept", accept);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        String ct = r.headers().firstValue("Content-Type").orElse(null);
        CONTRACT.assertResponse(method, path, r.statusCode(), ct, r.body());
        EXERCISED.add(method + " " + path + " " + r.statusCode());
        JsonNode node = ct != null && OpenApiContract.isJson(ct.split(";")[0].strip()) ? json.readTree(r.body()) : null;
        return new Checked(r, node);
    }

    private Checked get(String path, String key, String accept) throws Exception {
        return exchange("GET", path, key, null, accept, null);
    }

    private Checked post(String path, String key, String contentType, String accept, String body) throws Exception {
        return exchange("POST", path, key, contentType, accept,
                body == null ? null : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    }

    /** Posts evidence whose body must conform to the request schema. */
    private Checked attest(String body, String accept) throws Exception {
        CONTRACT.assertRequest("POST", ATTEST, JSON_TYPE, body);
        return post(ATTEST, ATTESTER_KEY, JSON_TYPE, accept, body);
    }

    private byte[] challenge() throws Exception {
        Checked c = post("/v1/challenges", ATTESTER_KEY, null, null, null);
        assertThat(c.status()).as(c.text()).isEqualTo(201);
        byte[] nonce = Base64.getDecoder().decode(c.body().get("nonce").asString());
        assertThat(nonce).hasSize(64);
        return nonce;
    }

    private String evidenceBody(byte[] report, SnpEvidence e, byte[] nonce, byte[] runtimeData, String policyId) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("report", Base64.getEncoder().encodeToString(report));
        m.put("vcek", Base64.getEncoder().encodeToString(e.vekDer()));
        m.put("certChain", Base64.getEncoder().encodeToString(e.certChainPem().getBytes(StandardCharsets.US_ASCII)));
        if (nonce != null) {
            m.put("nonce", Base64.getEncoder().encodeToString(nonce));
        }
        if (runtimeData != null) {
            m.put("runtimeData", Base64.getEncoder().encodeToString(runtimeData));
        }
        if (policyId != null) {
            m.put("policyId", policyId);
        }
        return json.writeValueAsString(m);
    }

    private static List<String> failureCodes(Checked c) {
        List<String> codes = new ArrayList<>();
        c.body().get("failures").forEach(f -> codes.add(f.get("code").asString()));
        return codes;
    }

    private static void assertProblem(Checked c, int status, String code) {
        assertThat(c.status()).as(c.text()).isEqualTo(status);
        assertThat(c.contentType()).startsWith("application/problem+json");
        assertThat(c.body().get("code").asString()).isEqualTo(code);
        assertThat(c.body().get("status").asInt()).isEqualTo(status);
    }

    @AfterEach
    void countDone() {
        TESTS_DONE.incrementAndGet();
    }

    @Test
    void challengeIsCreated() throws Exception {
        challenge();
    }

    @Test
    void nonceBoundEvidenceIsAffirmed() throws Exception {
        byte[] nonce = challenge();
        SnpEvidence e = evidence(nonce);
        Checked c = attest(evidenceBody(e.report(), e, nonce, null, "default"), null);
        assertThat(c.status()).isEqualTo(200);
        assertThat(c.body().get("status").asString()).as(c.text()).isEqualTo("affirming");
        assertThat(failureCodes(c)).isEmpty();
        assertThat(c.body().get("claims").isEmpty()).isFalse();
    }

    @Test
    void runtimeDataWithACallerNonceIsAffirmed() throws Exception {
        byte[] nonce = "relying-party-nonce-1234".getBytes(StandardCharsets.US_ASCII);
        byte[] runtimeData = ("{\"nonce\":\"" + Base64.getEncoder().encodeToString(nonce) + "\",\"key\":\"abc\"}")
                .getBytes(StandardCharsets.UTF_8);
        SnpEvidence e = evidence(MessageDigest.getInstance("SHA-512").digest(runtimeData));
        Checked c = attest(evidenceBody(e.report(), e, nonce, runtimeData, null), JSON_TYPE);
        assertThat(c.body().get("status").asString()).as(c.text()).isEqualTo("affirming");
    }

    @Test
    void tamperedOrMalformedEvidenceIsContraindicated() throws Exception {
        byte[] nonce = challenge();
        SnpEvidence e = evidence(nonce);
        Checked tampered = attest(evidenceBody(Mutations.flipByte(e.report(), 0x90), e, nonce, null, null), null);
        assertThat(tampered.body().get("status").asString()).isEqualTo("contraindicated");
        assertThat(failureCodes(tampered)).containsExactly("snp-report-signature");

        Checked malformed = attest("{\"report\":\"AAAA\"}", null);
        assertThat(malformed.body().get("status").asString()).isEqualTo("contraindicated");
        assertThat(failureCodes(malformed)).containsExactly("snp-report-length");
        assertThat(malformed.body().get("claims").isEmpty()).isTrue();

        byte[] other = challenge();
        Checked unbound = attest(evidenceBody(e.report(), e, other, null, null), null);
        assertThat(failureCodes(unbound)).containsExactly("report-data-mismatch");
    }

    /**
     * A simulated TDX quote with its collateral object: the service trusts only the pinned Intel
     * root, so the signed result is contraindicated; the request and response conform either way.
     */
    @Test
    void tdxQuotesWithCollateralAreAppraised() throws Exception {
        String tdx = "/v1/attest/tdx";
        dev.rats.testkit.tdx.TdxEvidence e = dev.rats.testkit.tdx.SimulatedTdxAttester.defaultAttester().quote().build();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("quote", Base64.getEncoder().encodeToString(e.quote()));
        m.put("collateral", json.readValue(e.collateral().qvlJsonBytes(), Map.class));
        m.put("policyId", "default");
        String body = json.writeValueAsString(m);
        CONTRACT.assertRequest("POST", tdx, JSON_TYPE, body);
        Checked c = post(tdx, ATTESTER_KEY, JSON_TYPE, null, body);
        assertThat(c.status()).isEqualTo(200);
        assertThat(c.body().get("status").asString()).as(c.text()).isEqualTo("contraindicated");
        assertThat(failureCodes(c)).containsExactly("intel-root-not-pinned");

        assertThat(CONTRACT.checkRequest("POST", tdx, JSON_TYPE, "{\"collateral\":{}}")).isNotEmpty();
        assertProblem(post(tdx, ATTESTER_KEY, JSON_TYPE, null, "{\"collateral\":{}}"), 400, "missing-field");
    }

    /**
     * A simulated TPM quote under the default TPM policy, which trusts no AK: the signed result is
     * contraindicated; the request and response conform either way.
     */
    @Test
    void tpmQuotesAreAppraised() throws Exception {
        String tpm = "/v1/attest/tpm";
        dev.rats.testkit.tpm.SimulatedAk ak = dev.rats.testkit.tpm.SimulatedAk.ecc("secp256r1");
        dev.rats.testkit.tpm.PcrBanks pcrs = dev.rats.testkit.tpm.PcrBanks.reset(dev.rats.testkit.tpm.TpmBank.SHA256);
        byte[] nonce = challenge();
        dev.rats.testkit.tpm.SimulatedQuote q = dev.rats.testkit.tpm.QuoteBuilder.signedBy(ak).nonce(nonce)
                .select(dev.rats.testkit.tpm.TpmBank.SHA256, 0, 7).pcrs(pcrs).build();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("quote", Base64.getEncoder().encodeToString(q.attest()));
        m.put("signature", Base64.getEncoder().encodeToString(q.signature()));
        m.put("akPublic", Base64.getEncoder().encodeToString(ak.tpm2bPublic()));
        m.put("pcrs", Map.of("sha256", Map.of("0", "00".repeat(32), "7", "00".repeat(32))));
        m.put("nonce", Base64.getEncoder().encodeToString(nonce));
        String body = json.writeValueAsString(m);
        CONTRACT.assertRequest("POST", tpm, JSON_TYPE, body);
        Checked c = post(tpm, ATTESTER_KEY, JSON_TYPE, null, body);
        assertThat(c.status()).isEqualTo(200);
        assertThat(c.body().get("status").asString()).as(c.text()).isEqualTo("contraindicated");
        assertThat(failureCodes(c)).containsExactly("tpm-ak-untrusted");

        m.remove("pcrs");
        String noPcrs = json.writeValueAsString(m);
        assertThat(CONTRACT.checkRequest("POST", tpm, JSON_TYPE, noPcrs)).isNotEmpty();
        assertProblem(post(tpm, ATTESTER_KEY, JSON_TYPE, null, noPcrs), 400, "missing-field");
    }

    @Test
    void acceptEatJwtGetsTheBareToken() throws Exception {
        byte[] nonce = challenge();
        SnpEvidence e = evidence(nonce);
        Checked c = attest(evidenceBody(e.report(), e, nonce, null, null), "application/eat+jwt");
        assertThat(c.status()).isEqualTo(200);
        assertThat(c.contentType()).startsWith("application/eat+jwt");
        assertThat(c.text().split("\\.")).hasSize(3);
    }

    @Test
    void keysAndDiscoveryArePublic() throws Exception {
        for (String accept : Arrays.asList(null, "application/jwk-set+json", JSON_TYPE)) {
            Checked jwks = get("/.well-known/jwks.json", null, accept);
            assertThat(jwks.status()).as("Accept %s", accept).isEqualTo(200);
            assertThat(jwks.body().get("keys").isEmpty()).isFalse();
            jwks.body().get("keys").forEach(k -> assertThat(k.has("d")).as("public keys only").isFalse());
        }
        Checked discovery = get("/.well-known/openid-configuration", null, null);
        assertThat(discovery.status()).isEqualTo(200);
        assertThat(discovery.body().get("jwks_uri").asString()).endsWith("/.well-known/jwks.json");
    }

    @Test
    void administrationListsPoliciesAndReferenceValues() throws Exception {
        Checked policies = get("/v1/policies", ADMIN_KEY, null);
        assertThat(policies.status()).isEqualTo(200);
        assertThat(policies.body().get("policies").isEmpty()).isFalse();
        Checked values = get("/v1/reference-values", ADMIN_KEY, JSON_TYPE);
        assertThat(values.status()).isEqualTo(200);
        assertThat(values.text()).contains(java.util.HexFormat.of().formatHex(dev.rats.app.support.SimulatedPlatform.MEASUREMENT));
    }

    @Test
    void operationsEndpoints() throws Exception {
        for (String accept : Arrays.asList(null, JSON_TYPE)) {
            assertThat(get("/actuator/health/liveness", null, accept).body().get("status").asString()).isEqualTo("UP");
            assertThat(get("/actuator/health/readiness", null, accept).body().get("status").asString()).isEqualTo("UP");
        }
        openApiDocumentIsServed();
        Checked metrics = get("/actuator/prometheus", ADMIN_KEY, null);
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.text()).contains("# TYPE");
    }

    /** The contract serves itself as application/yaml (RFC 9512), byte for byte. */
    private void openApiDocumentIsServed() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(baseUri() + "/openapi.yaml")).build(),
                HttpResponse.BodyHandlers.ofString());
        String contentType = r.headers().firstValue("Content-Type").orElse(null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(OpenApiContract.classpathText());
        CONTRACT.assertResponse("GET", "/openapi.yaml", 200, contentType, r.body());
        EXERCISED.add("GET /openapi.yaml 200");
    }

    @Test
    void malformedRequestsGet400WithStableCodes() throws Exception {
        record Case(String body, String code, boolean schemaCanTell) {
        }
        List<Case> cases = List.of(
                new Case("{not json", "malformed-json", true),
                new Case("[]", "malformed-json", true),
                new Case("{\"reprot\":\"AAAA\"}", "unknown-field", true),
                new Case("{}", "missing-field", true),
                new Case("{\"report\":\"***\"}", "invalid-field", true),
                new Case("{\"report\":5}", "invalid-field", true),
                new Case("{\"report\":\"AAAA\",\"nonce\":\"AA==\"}", "invalid-field", false),
                new Case("{\"report\":\"AAAA\",\"policyId\":\"no-such-policy\"}", "unknown-policy", false));
        for (Case c : cases) {
            List<String> requestViolations = isJson(c.body()) ? CONTRACT.checkRequest("POST", ATTEST, JSON_TYPE, c.body()) : List.of("not JSON");
            assertThat(requestViolations.isEmpty()).as("the request schema %s %s", c.schemaCanTell() ? "rejects" : "accepts", c.body())
                    .isEqualTo(!c.schemaCanTell());
            assertProblem(post(ATTEST, ATTESTER_KEY, JSON_TYPE, null, c.body()), 400, c.code());
        }
    }

    private boolean isJson(String text) {
        try {
            json.readTree(text);
            return true;
        } catch (tools.jackson.core.JacksonException e) {
            return false;
        }
    }

    @Test
    void withoutAValidKeyCallsGet401() throws Exception {
        String body = "{\"report\":\"AAAA\"}";
        for (String key : Arrays.asList(null, "not-a-key")) {
            Checked challenges = post("/v1/challenges", key, null, null, null);
            assertProblem(challenges, 401, "unauthenticated");
            assertThat(challenges.response().headers().firstValue("WWW-Authenticate")).isPresent();
            assertProblem(post(ATTEST, key, JSON_TYPE, null, body), 401, "unauthenticated");
            assertProblem(get("/v1/policies", key, null), 401, "unauthenticated");
            assertProblem(get("/v1/reference-values", key, null), 401, "unauthenticated");
            assertProblem(get("/actuator/prometheus", key, null), 401, "unauthenticated");
        }
    }

    @Test
    void theWrongRoleGets403() throws Exception {
        assertProblem(post("/v1/challenges", ADMIN_KEY, null, null, null), 403, "forbidden");
        assertProblem(post(ATTEST, ADMIN_KEY, JSON_TYPE, null, "{\"report\":\"AAAA\"}"), 403, "forbidden");
        assertProblem(get("/v1/policies", ATTESTER_KEY, null), 403, "forbidden");
        assertProblem(get("/v1/reference-values", ATTESTER_KEY, null), 403, "forbidden");
        assertProblem(get("/actuator/prometheus", ATTESTER_KEY, null), 403, "forbidden");
    }

    @Test
    void anOversizedBodyGets413() throws Exception {
        String big = "{\"report\":\"" + "A".repeat(MAX_BODY_BYTES) + "\"}";
        assertProblem(post(ATTEST, ATTESTER_KEY, JSON_TYPE, null, big), 413, "body-too-large");
        assertProblem(post("/v1/challenges", ATTESTER_KEY, JSON_TYPE, null, big), 413, "body-too-large");
        // without Content-Length (chunked): the limit holds while reading
        Checked chunked = exchange("POST", ATTEST, ATTESTER_KEY, JSON_TYPE, null,
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big.getBytes(StandardCharsets.US_ASCII))));
        assertProblem(chunked, 413, "body-too-large");
    }

    @Test
    void anUnavailableResponseMediaTypeGets406() throws Exception {
        byte[] nonce = challenge();
        SnpEvidence e = evidence(nonce);
        Checked c = attest(evidenceBody(e.report(), e, nonce, null, null), "text/html");
        assertProblem(c, 406, "not-acceptable");
    }

    @Test
    void beyondTheRateLimitCallsGet429WithRetryAfter() throws Exception {
        for (String path : List.of("/v1/policies", "/v1/reference-values")) {
            Checked limited = untilRateLimited(path);
            assertProblem(limited, 429, "rate-limited");
            assertThat(limited.response().headers().firstValue("Retry-After")).hasValueSatisfying(v ->
                    assertThat(Integer.parseInt(v)).isPositive());
        }
    }

    /** A bounded burst from the throttled key (default limit: burst 100, then 50/s per caller), validated throughout. */
    private Checked untilRateLimited(String path) throws Exception {
        for (int i = 0; i < 400; i++) {
            Checked c = get(path, THROTTLED_KEY, null);
            if (c.status() == 429) {
                return c;
            }
            assertThat(c.status()).isEqualTo(200);
        }
        throw new AssertionError("no 429 within 400 requests to " + path);
    }

    @Test
    void aBodyThatIsNotJsonGets415() throws Exception {
        assertThat(CONTRACT.checkRequest("POST", ATTEST, "text/plain", "{\"report\":\"AAAA\"}")).isNotEmpty();
        assertProblem(post(ATTEST, ATTESTER_KEY, "text/plain", null, "{\"report\":\"AAAA\"}"), 415, "unsupported-media-type");
        assertProblem(post(ATTEST, ATTESTER_KEY, "application/xml", null, "<report/>"), 415, "unsupported-media-type");
    }

    /**
     * TPM AK enrolment (tpm.md §4.3) on a service without EK roots: starting one is refused with
     * 409; activation of an unknown id is 404; administrators list and revoke. The 201/200/204
     * bodies are validated against the contract by the swtpm flow, dev.rats.app.enrolment.EnrolmentFlowTest.
     */
    @Test
    void tpmEnrolmentWithoutEkRootsIsRefused() throws Exception {
        String enrolments = "/v1/tpm/enrolments";
        String body = json.writeValueAsString(Map.of("ekCertificate", "MIIB",
                "akPublic", Base64.getEncoder().encodeToString(dev.rats.testkit.tpm.SimulatedAk.rsa(2048).tpm2bPublic())));
        CONTRACT.assertRequest("POST", enrolments, JSON_TYPE, body);
        assertProblem(post(enrolments, ATTESTER_KEY, JSON_TYPE, null, body), 409, "ek-roots-not-configured");
        assertProblem(post(enrolments, ATTESTER_KEY, JSON_TYPE, null, "{\"akPublic\":\"AAAA\"}"), 400, "missing-field");

        String activation = "/v1/tpm/enrolments/{id}/activation";
        String secret = "{\"secret\":\"3q2+7wEjRWeJq83vASNFZ4mrze8BI0VniavN7wEjRWc=\"}";
        CONTRACT.assertRequest("POST", activation, JSON_TYPE, secret);
        assertProblem(exchange("POST", activation, "/v1/tpm/enrolments/AOA618qd1muNxeor7EWIIQ/activation", ATTESTER_KEY,
                JSON_TYPE, null, HttpRequest.BodyPublishers.ofString(secret)), 404, "enrolment-not-found");

        Checked list = get(enrolments, ADMIN_KEY, null);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body().get("enrolments").isArray()).isTrue();

        String revoke = "/v1/tpm/enrolments/{akSha256}";
        assertProblem(exchange("DELETE", revoke, "/v1/tpm/enrolments/" + "ab".repeat(32), ADMIN_KEY, null, null, null), 404,
                "enrolled-ak-not-found");
        assertProblem(exchange("DELETE", revoke, "/v1/tpm/enrolments/not-a-digest", ADMIN_KEY, null, null, null), 400,
                "invalid-field");
        assertProblem(exchange("DELETE", revoke, "/v1/tpm/enrolments/" + "ab".repeat(32), ATTESTER_KEY, null, null, null), 403,
                "forbidden");
    }

    /** Runs last: each operation of the contract had at least one response validated. */
    @Test
    @Order(Integer.MAX_VALUE)
    void everyOperationOfTheContractWasExercised() {
        long others = Arrays.stream(getClass().getDeclaredMethods()).filter(m -> m.isAnnotationPresent(Test.class)).count() - 1;
        org.junit.jupiter.api.Assumptions.assumeTrue(TESTS_DONE.get() >= others, "only when the whole class runs");
        Set<String> missing = new TreeSet<>();
        for (String op : CONTRACT.operations()) {
            if (EXERCISED.stream().noneMatch(e -> e.startsWith(op + " "))) {
                missing.add(op);
            }
        }
        assertThat(missing).as("operations never called; exercised: %s", new TreeSet<>(EXERCISED)).isEmpty();
        System.out.println("OpenAPI conformance: validated " + new TreeSet<>(EXERCISED));
    }
}
