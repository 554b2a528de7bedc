package dev.rats.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import dev.rats.testkit.Vectors;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/** The service starts with embedded defaults and appraises a real SEV-SNP report end to end. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ServiceSmokeTest {

    static Path dataDir;

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) throws Exception {
        dataDir = Files.createTempDirectory("verifier-data");
        r.add("verifier.data-dir", dataDir::toString);
    }

    @LocalServerPort
    int port;

    @Autowired
    JsonMapper json;

    private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    @Test
    void realMilanReportGetsASignedEarThatVerifiesWithTheJwks() throws Exception {
        String key = Files.readString(dataDir.resolve("bootstrap-api-key")).strip();
        String body = json.writeValueAsString(Map.of(
                "report", Base64.getEncoder().encodeToString(Vectors.hex("snp/virtee-sev/report_milan.hex")),
                "vcek", Base64.getEncoder().encodeToString(Vectors.bytes("snp/virtee-sev/vcek_milan.der")),
                "certChain", Base64.getEncoder().encodeToString(Vectors.bytes("snp/virtee-sev/cert_chain_milan"))));
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/v1/attest/sev-snp")).header("X-API-Key", key)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        Map<?, ?> result = json.readValue(r.body(), Map.class);
        assertThat(result.get("status")).isEqualTo("warning");

        HttpResponse<String> jwks = send(HttpRequest.newBuilder(uri("/.well-known/jwks.json")));
        assertThat(jwks.statusCode()).isEqualTo(200);
        JWKSet set = JWKSet.parse(jwks.body());
        SignedJWT jwt = SignedJWT.parse((String) result.get("token"));
        ECKey pub = (ECKey) set.getKeyByKeyId(jwt.getHeader().getKeyID());
        assertThat(pub.isPrivate()).isFalse();
        assertThat(jwt.verify(new ECDSAVerifier(pub))).isTrue();
        Map<String, Object> submods = jwt.getJWTClaimsSet().getJSONObjectClaim("submods");
        assertThat(((Map<?, ?>) submods.get("sev-snp")).get("ear.status")).isEqualTo("warning");
    }
}
