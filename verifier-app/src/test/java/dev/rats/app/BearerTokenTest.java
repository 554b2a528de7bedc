package dev.rats.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Callers may authenticate with bearer JWTs of a configured issuer, whose roles claim grants the roles. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BearerTokenTest {

    static final KeyPair ISSUER;
    static final KeyPair STRANGER;

    static {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            ISSUER = g.generateKeyPair();
            STRANGER = g.generateKeyPair();
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) throws Exception {
        Path dir = Files.createTempDirectory("verifier-bearer");
        Path key = dir.resolve("issuer.pem");
        Files.writeString(key, "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(ISSUER.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n");
        r.add("verifier.data-dir", () -> dir.resolve("data").toString());
        r.add("spring.security.oauth2.resourceserver.jwt.public-key-location", () -> "file:" + key);
    }

    @LocalServerPort
    int port;

    private static String token(KeyPair signer, List<String> roles) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), new JWTClaimsSet.Builder().subject("svc-1")
                .issueTime(new Date()).expirationTime(Date.from(Instant.now().plusSeconds(300))).claim("roles", roles).build());
        jwt.sign(new RSASSASigner(signer.getPrivate()));
        return jwt.serialize();
    }

    private int challenge(String bearer) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/challenges"))
                .POST(HttpRequest.BodyPublishers.noBody());
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void bearerTokensAuthenticateAndTheirRolesAuthorize() throws Exception {
        assertThat(challenge(token(ISSUER, List.of("attester")))).isEqualTo(201);
        assertThat(challenge(token(ISSUER, List.of("admin")))).isEqualTo(403);
        assertThat(challenge(token(STRANGER, List.of("attester")))).isEqualTo(401);
        assertThat(challenge("not-a-jwt")).isEqualTo(401);
        assertThat(challenge(null)).isEqualTo(401);
    }

    @Test
    void noBootstrapKeyIsCreatedWhenJwtsAreConfigured() throws Exception {
        assertThat(challenge(null)).isEqualTo(401);
    }
}
