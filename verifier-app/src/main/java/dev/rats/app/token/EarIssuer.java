package dev.rats.app.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.rats.evidence.binary.Bytes;
import dev.rats.policy.Appraisal;
import dev.rats.policy.Failure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Issues EAR (EAT Attestation Result) JWTs (draft-ietf-rats-ear; DESIGN §7): {@code eat_profile},
 * {@code iat}, {@code exp}, {@code iss}, the verifier id, {@code eat_nonce} when a nonce was
 * checked, and one appraisal per evidence item under {@code submods}, with its status, AR4SI trust
 * vector and policy id, plus this project's extension: the verified claims and the failures.
 */
public final class EarIssuer {

    /** Identifies this verifier in every token. */
    public record VerifierId(String developer, String build) {
    }

    private final SigningKeys keys;
    private final EarProfile profile;
    private final String issuer;
    private final VerifierId verifierId;
    private final Duration lifetime;
    private final boolean demo;
    private final Clock clock;
    /** Signers are stateless per call (a fresh JCA Signature each time), so one per key is shared. */
    private final Map<String, JWSSigner> signers = new ConcurrentHashMap<>();

    /**
     * @param demo marks every token as issued in demo mode, whose anchors are simulated
     */
    public EarIssuer(SigningKeys keys, EarProfile profile, String issuer, VerifierId verifierId, Duration lifetime,
            boolean demo, Clock clock) {
        this.keys = keys;
        this.profile = profile;
        this.issuer = issuer;
        this.verifierId = verifierId;
        this.lifetime = lifetime;
        this.demo = demo;
        this.clock = clock;
    }

    /** A signed compact JWT for one appraisal; {@code nonce} is the nonce that was checked, if any. */
    public String issue(Appraisal appraisal, Optional<Bytes> nonce) {
        Instant now = clock.instant();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .claim("eat_profile", profile.tag)
                .issuer(issuer)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(lifetime)))
                .claim(profile.verifierId, Map.of("developer", verifierId.developer(), "build", verifierId.build()))
                .claim("submods", Map.of(appraisal.platform(), appraisalClaims(appraisal)));
        nonce.ifPresent(n -> claims.claim("eat_nonce", Base64.getUrlEncoder().withoutPadding().encodeToString(n.toByteArray())));
        if (demo) {
            claims.claim(profile.extension("demo"), true);
        }
        SigningKey key = keys.active();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(key.algorithm()).keyID(key.kid())
                .type(new JOSEObjectType("JWT")).build(), claims.build());
        try {
            jwt.sign(signers.computeIfAbsent(key.kid(), kid -> signer(key)));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign an EAR with key " + key.kid(), e);
        }
        return jwt.serialize();
    }

    private Map<String, Object> appraisalClaims(Appraisal a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(profile.status, a.status().wire());
        m.put(profile.trustVector, a.trustVector().toMap());
        m.put(profile.policyId, profile.policyIdsArray ? List.of(a.policyId()) : a.policyId());
        if (!a.claims().isEmpty()) {
            m.put(profile.extension("claims"), a.claims());
        }
        m.put(profile.extension("failures"), a.failures().stream().map(EarIssuer::failure).toList());
        return m;
    }

    private static Map<String, Object> failure(Failure f) {
        return Map.of("code", f.code().wire(), "severity", f.severity().wire());
    }

    private static JWSSigner signer(SigningKey key) {
        try {
            return key.jwk() instanceof ECKey ec ? new ECDSASigner(ec) : new RSASSASigner((RSAKey) key.jwk());
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot use key " + key.kid() + " for signing", e);
        }
    }

    public SigningKeys keys() {
        return keys;
    }

    public String issuer() {
        return issuer;
    }
}
