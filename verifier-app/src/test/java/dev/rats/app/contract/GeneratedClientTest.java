package dev.rats.app.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import dev.rats.client.ApiClient;
import dev.rats.client.ApiException;
import dev.rats.client.api.AdministrationApi;
import dev.rats.client.api.AttestationApi;
import dev.rats.client.api.KeysApi;
import dev.rats.client.model.AttestationResult;
import dev.rats.client.model.Challenge;
import dev.rats.client.model.JwkSet;
import dev.rats.client.model.PolicyList;
import dev.rats.client.model.PolicyListPoliciesInner;
import dev.rats.client.model.Problem;
import dev.rats.client.model.SnpAttestationRequest;
import dev.rats.client.model.Status;
import dev.rats.testkit.snp.SnpEvidence;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * The API is usable as the contract describes it: a Java client generated from openapi.yaml
 * (openapi-generator, library {@code native}, Jackson 3; see verifier-app/pom.xml) drives the
 * running service with no hand-written HTTP. API keys go through the generated client's request
 * interceptor (the {@code native} library's mechanism for the {@code apiKey} header scheme).
 */
class GeneratedClientTest extends RunningVerifier {

    /** A generated client for the running service; with a key, it sends it as the {@code apiKey} scheme's header. */
    private ApiClient client(String apiKey) {
        ApiClient client = new ApiClient();
        client.updateBaseUri(baseUri());
        if (apiKey != null) {
            client.setRequestInterceptor(request -> request.header("X-API-Key", apiKey));
        }
        return client;
    }

    @Test
    void attestationFlowThroughTheGeneratedClient() throws Exception {
        AttestationApi attestation = new AttestationApi(client(ATTESTER_KEY));

        Challenge challenge = attestation.createChallenge();
        assertThat(challenge.getNonce()).hasSize(64);
        assertThat(challenge.getExpiresAt()).isAfter(OffsetDateTime.now());

        SnpEvidence e = evidence(challenge.getNonce());
        AttestationResult result = attestation.attestSevSnp(new SnpAttestationRequest()
                .report(e.report())
                .vcek(e.vekDer())
                .certChain(e.certChainPem().getBytes(StandardCharsets.US_ASCII))
                .nonce(challenge.getNonce()));
        assertThat(result.getStatus()).as(result.toString()).isEqualTo(Status.AFFIRMING);
        assertThat(result.getFailures()).isEmpty();
        assertThat(result.getTrustVector().getHardware()).isEqualTo(2);
        assertThat(result.getClaims()).containsKey("measurement");

        // the relying party's side: the EAR verifies with the keys of the JWKS, read through the client
        JwkSet jwks = new KeysApi(client(null)).getJwks();
        assertThat(jwks.getKeys()).isNotEmpty().allSatisfy(k -> assertThat(k.getAdditionalProperties()).doesNotContainKey("d"));
        ApiClient anonymous = client(null);
        JWKSet keys = JWKSet.parse(anonymous.getObjectMapper().writeValueAsString(jwks));
        SignedJWT ear = SignedJWT.parse(result.getToken());
        ECKey key = (ECKey) keys.getKeyByKeyId(ear.getHeader().getKeyID());
        assertThat(key).as("kid %s in the JWKS", ear.getHeader().getKeyID()).isNotNull();
        assertThat(ear.verify(new ECDSAVerifier(key))).isTrue();
        assertThat(ear.getJWTClaimsSet().getStringClaim("eat_nonce"))
                .isEqualTo(Base64.getUrlEncoder().withoutPadding().encodeToString(challenge.getNonce()));
    }

    @Test
    void adminListsPoliciesThroughTheGeneratedClient() throws Exception {
        PolicyList policies = new AdministrationApi(client(ADMIN_KEY)).listPolicies();
        assertThat(policies.getPolicies()).extracting(PolicyListPoliciesInner::getName).contains("default");
        assertThat(policies.getPolicies()).filteredOn(PolicyListPoliciesInner::getDefault).hasSize(3)
                .allSatisfy(p -> assertThat(p.getDocument()).containsEntry("name", "default"))
                .extracting(p -> p.getPlatform().getValue()).containsExactly("sev-snp", "tdx", "tpm");
    }

    @Test
    void withoutAKeyTheGeneratedClientThrowsA401Problem() throws Exception {
        ApiClient anonymous = client(null);
        ApiException e = org.junit.jupiter.api.Assertions.assertThrows(ApiException.class,
                () -> new AdministrationApi(anonymous).listPolicies());
        assertThat(e.getCode()).isEqualTo(401);
        assertThat(e.getResponseHeaders().firstValue("Content-Type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("application/problem+json"));
        assertThat(e.getResponseHeaders().firstValue("WWW-Authenticate")).isPresent();
        Problem problem = anonymous.getObjectMapper().readValue(e.getResponseBody(), Problem.class);
        assertThat(problem.getStatus()).isEqualTo(401);
        assertThat(problem.getCode()).isEqualTo("unauthenticated");

        assertThatExceptionOfType(ApiException.class).isThrownBy(() -> new AttestationApi(anonymous).createChallenge())
                .satisfies(x -> assertThat(x.getCode()).isEqualTo(401));
        assertThatExceptionOfType(ApiException.class).isThrownBy(() -> new AdministrationApi(client(ATTESTER_KEY)).listPolicies())
                .satisfies(x -> assertThat(x.getCode()).isEqualTo(403));
    }
}
