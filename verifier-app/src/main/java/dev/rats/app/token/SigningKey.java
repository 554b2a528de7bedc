package dev.rats.app.token;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import java.util.Objects;

/**
 * A key that signs EAR tokens. The JWS algorithm follows the key: EC P-256 → ES256,
 * EC P-384 → ES384, RSA → PS256 (DESIGN §7).
 *
 * @param source where the key came from, for the startup log (never the key itself)
 */
public record SigningKey(String kid, JWK jwk, JWSAlgorithm algorithm, String source) {

    public SigningKey {
        Objects.requireNonNull(kid);
        Objects.requireNonNull(jwk);
        Objects.requireNonNull(algorithm);
        if (!jwk.isPrivate()) {
            throw new IllegalArgumentException("signing key " + kid + " has no private part");
        }
    }

    /** The public JWK, with kid, alg and use=sig, as published in the JWKS. */
    public JWK publicJwk() {
        return jwk.toPublicJWK();
    }
}
