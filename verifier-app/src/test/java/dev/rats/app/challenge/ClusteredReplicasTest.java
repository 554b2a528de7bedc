package dev.rats.app.challenge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rats.app.VerifierApplication;
import dev.rats.app.security.ApiKeyRegistry;
import dev.rats.app.support.SimulatedPlatform;
import dev.rats.evidence.snp.AmdTrustAnchors;
import dev.rats.testkit.redis.RedisServer;
import dev.rats.testkit.snp.SnpEvidence;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two replicas sharing the challenge secret and a real Redis (DESIGN §8): a nonce issued by one is
 * accepted once by either, and while Redis is down a challenge nonce gets 503, never a result.
 */
class ClusteredReplicasTest {

    private static final String ATTESTER_KEY = "attester-key-0123456789abcdef0123456789abcdef";

    @TempDir
    Path dir;
    private RedisServer redis;
    private final List<ConfigurableApplicationContext> replicas = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();
    private String secret;

    @TestConfiguration
    static class SimulatedAmd {
        @Bean
        @Primary
        AmdTrustAnchors simulatedAnchors() {
            return SimulatedPlatform.anchors();
        }
    }

    @BeforeEach
    void start() throws Exception {
        RedisServer.assumeAvailable();
        redis = RedisServer.start();
        byte[] s = new byte[32];
        new SecureRandom().nextBytes(s);
        secret = Base64.getEncoder().encodeToString(s);
        Files.writeString(dir.resolve("rv.yaml"), SimulatedPlatform.referenceValuesYaml());
    }

    @AfterEach
    void stop() throws Exception {
        replicas.forEach(ConfigurableApplicationContext::close);
        if (redis != null) {
            redis.close();
        }
    }

    private ConfigurableApplicationContext replica(String name, String... extra) {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--server.address=127.0.0.1",
                "--verifier.data-dir=" + dir.resolve(name), "--verifier.reference-values.files=" + dir.resolve("rv.yaml"),
                "--verifier.security.api-keys[0].name=attester-1",
                "--verifier.security.api-keys[0].sha256=" + ApiKeyRegistry.sha256(ATTESTER_KEY),
                "--verifier.security.api-keys[0].roles[0]=attester",
                "--verifier.challenge.replay-store=redis", "--verifier.challenge.redis.url=" + redis.url()));
        args.addAll(List.of(extra));
        ConfigurableApplicationContext context = new SpringApplicationBuilder(VerifierApplication.class, SimulatedAmd.class)
                .run(args.toArray(String[]::new));
        replicas.add(context);
        return context;
    }

    private static String base(ConfigurableApplicationContext replica) {
        return "http://127.0.0.1:" + replica.getEnvironment().getProperty("local.server.port");
    }

    private HttpResponse<String> post(ConfigurableApplicationContext replica, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base(replica) + path)).header("X-API-Key", ATTESTER_KEY)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(ConfigurableApplicationContext replica, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base(replica) + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private byte[] challenge(ConfigurableApplicationContext replica) throws Exception {
        HttpResponse<String> r = post(replica, "/v1/challenges", "");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return Base64.getDecoder().decode((String) json.readValue(r.body(), Map.class).get("nonce"));
    }

    private String evidenceFor(byte[] nonce) {
        SnpEvidence e = SimulatedPlatform.attester().report().reportData(nonce).measurement(SimulatedPlatform.MEASUREMENT).build();
        return json.writeValueAsString(Map.of("report", Base64.getEncoder().encodeToString(e.report()),
                "vcek", Base64.getEncoder().encodeToString(e.vekDer()), "nonce", Base64.getEncoder().encodeToString(nonce)));
    }

    @Test
    void aNonceFromOneReplicaIsAcceptedOnceByAny() throws Exception {
        ConfigurableApplicationContext a = replica("a", "--verifier.challenge.secret=" + secret);
        ConfigurableApplicationContext b = replica("b", "--verifier.challenge.secret=" + secret);
        String body = evidenceFor(challenge(a));

        assertThat(get(a, "/actuator/health").statusCode()).isEqualTo(200);
        HttpResponse<String> first = post(b, "/v1/attest/sev-snp", body);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(first.body()).contains("\"status\":\"affirming\"");

        HttpResponse<String> replayed = post(a, "/v1/attest/sev-snp", body);
        assertThat(replayed.statusCode()).isEqualTo(200);
        assertThat(replayed.body()).contains("\"status\":\"contraindicated\"").contains("\"nonce-replayed\"");

        String next = evidenceFor(challenge(b));
        redis.stop();
        HttpResponse<String> down = post(a, "/v1/attest/sev-snp", next);
        assertThat(down.statusCode()).as(down.body()).isEqualTo(503);
        assertThat(down.headers().firstValue("Retry-After")).contains("1");
        assertThat(down.body()).contains("\"code\":\"replay-store-unavailable\"").doesNotContain("token");
        assertThat(get(a, "/actuator/health").statusCode()).as("health shows the replay store down").isEqualTo(503);
        assertThat(get(a, "/actuator/health/readiness").statusCode()).as("but the replica stays ready").isEqualTo(200);
    }

    @Test
    void aSharedReplayStoreWithoutASharedSecretDoesNotStart() {
        assertThatThrownBy(() -> replica("lonely")).hasStackTraceContaining("must share verifier.challenge.secret");
    }
}
