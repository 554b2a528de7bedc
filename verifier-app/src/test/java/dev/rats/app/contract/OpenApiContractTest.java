package dev.rats.app.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The validator of {@link OpenApiConformanceTest} catches what it must: bodies with fields the
 * schema forbids ({@code additionalProperties: false}), undeclared statuses and content types,
 * wrong types and formats. Without these negative checks a validator that accepts everything would
 * make the conformance test pass vacuously.
 */
class OpenApiContractTest {

    static final OpenApiContract CONTRACT = OpenApiContract.fromClasspath();
    static final String NONCE = Base64.getEncoder().encodeToString(new byte[64]);
    static final String CHALLENGE = "{\"nonce\":\"" + NONCE + "\",\"expiresAt\":\"2026-11-23T10:05:00.123456Z\"}";
    static final String RESULT = """
            {"status":"contraindicated","token":"a.b.c",
             "failures":[{"code":"snp-report-signature","severity":"contraindicated","title":"t"}],
             "trustVector":{"hardware":2,"instance-identity":97},"claims":{}}""";

    private static List<String> challenge(int status, String contentType, String body) {
        return CONTRACT.checkResponse("POST", "/v1/challenges", status, contentType, body);
    }

    @Test
    void aConformingResponsePasses() {
        assertThat(challenge(201, "application/json", CHALLENGE)).isEmpty();
        assertThat(challenge(201, "application/json;charset=UTF-8", CHALLENGE)).isEmpty();
        assertThat(CONTRACT.checkResponse("POST", "/v1/attest/sev-snp", 200, "application/json", RESULT)).isEmpty();
        assertThat(CONTRACT.checkResponse("POST", "/v1/attest/sev-snp", 200, "application/eat+jwt", "a.b.c")).isEmpty();
    }

    @Test
    void aFieldTheSchemaForbidsIsAViolation() {
        String extra = CHALLENGE.replace("{", "{\"debug\":\"stack trace\",");
        assertThat(challenge(201, "application/json", extra)).singleElement().asString()
                .contains("POST /v1/challenges -> 201").contains("debug");
        assertThatThrownBy(() -> CONTRACT.assertResponse("POST", "/v1/challenges", 201, "application/json", extra))
                .isInstanceOf(AssertionError.class).hasMessageContaining("debug");

        String nested = RESULT.replace("\"title\":\"t\"", "\"title\":\"t\",\"detail\":\"internal\"");
        assertThat(CONTRACT.checkResponse("POST", "/v1/attest/sev-snp", 200, "application/json", nested))
                .singleElement().asString().contains("detail");
        String badVector = RESULT.replace("\"hardware\":2", "\"hardware\":2,\"firmware\":3");
        assertThat(CONTRACT.checkResponse("POST", "/v1/attest/sev-snp", 200, "application/json", badVector))
                .singleElement().asString().contains("firmware");
    }

    @Test
    void anUndeclaredStatusOrContentTypeIsAViolation() {
        assertThat(challenge(200, "application/json", CHALLENGE)).singleElement().asString()
                .contains("status 200 is not declared");
        assertThat(challenge(201, "text/html", "<html/>")).singleElement().asString()
                .contains("text/html is not declared");
        assertThat(challenge(201, null, CHALLENGE)).singleElement().asString().contains("no Content-Type");
        assertThat(CONTRACT.checkResponse("GET", "/v1/nothing", 200, "application/json", "{}")).singleElement().asString()
                .contains("no such operation");
        assertThat(CONTRACT.checkResponse("GET", "/.well-known/jwks.json", 401, "application/problem+json",
                "{\"type\":\"about:blank\",\"title\":\"t\",\"status\":401,\"code\":\"unauthenticated\"}"))
                .singleElement().asString().contains("status 401 is not declared");
    }

    @Test
    void wrongTypesFormatsAndMissingFieldsAreViolations() {
        assertThat(challenge(201, "application/json", CHALLENGE.replace(NONCE, "not base64!"))).isNotEmpty();
        assertThat(challenge(201, "application/json", CHALLENGE.replace("2026-11-23T10:05:00.123456Z", "tomorrow")))
                .isNotEmpty();
        assertThat(challenge(201, "application/json", "{\"nonce\":\"" + NONCE + "\"}")).singleElement().asString()
                .contains("expiresAt");
        assertThat(challenge(201, "application/json", "{not json")).singleElement().asString().contains("not JSON");
        assertThat(CONTRACT.checkResponse("POST", "/v1/attest/sev-snp", 200, "application/json",
                RESULT.replace("\"contraindicated\",\"token\"", "\"great\",\"token\""))).isNotEmpty();
        assertThat(CONTRACT.checkResponse("POST", "/v1/attest/sev-snp", 400, "application/problem+json",
                "{\"type\":\"https://x/y\",\"title\":\"t\",\"status\":\"400\",\"code\":\"c\"}")).isNotEmpty();
    }

    @Test
    void requestBodiesAreCheckedToo() {
        String ok = "{\"report\":\"AAAA\",\"nonce\":\"" + NONCE + "\",\"policyId\":\"default\"}";
        assertThat(CONTRACT.checkRequest("POST", "/v1/attest/sev-snp", "application/json", ok)).isEmpty();
        assertThat(CONTRACT.checkRequest("POST", "/v1/attest/sev-snp", "application/json", "{\"reprot\":\"AAAA\"}"))
                .isNotEmpty();
        assertThat(CONTRACT.checkRequest("POST", "/v1/attest/sev-snp", "application/json", "{\"report\":\"***\"}"))
                .isNotEmpty();
        assertThat(CONTRACT.checkRequest("POST", "/v1/attest/sev-snp", "text/plain", ok)).singleElement().asString()
                .contains("text/plain is not declared");
        assertThat(CONTRACT.checkRequest("POST", "/v1/attest/sev-snp", "application/json", "")).singleElement().asString()
                .contains("required");
        assertThat(CONTRACT.checkRequest("POST", "/v1/challenges", null, "")).isEmpty();
    }
}
