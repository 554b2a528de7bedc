package dev.rats.app.token;

import com.nimbusds.jose.jwk.JWKSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The keys of this verifier: one active key signs; every configured key is published in the JWKS
 * until it is removed, so tokens signed before a rotation still verify (DESIGN §7).
 */
public final class SigningKeys {

    private final List<SigningKey> keys;
    private final SigningKey active;

    public SigningKeys(List<SigningKey> keys, String activeKid) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("no EAR signing key");
        }
        List<String> kids = keys.stream().map(SigningKey::kid).toList();
        if (kids.stream().distinct().count() != kids.size()) {
            throw new IllegalArgumentException("EAR signing keys must have distinct kids: " + kids);
        }
        this.keys = List.copyOf(keys);
        this.active = activeKid == null || activeKid.isBlank() ? keys.get(0)
                : keys.stream().filter(k -> k.kid().equals(activeKid)).findFirst().orElseThrow(
                        () -> new IllegalArgumentException("the active key '" + activeKid + "' is not among " + kids));
    }

    public SigningKey active() {
        return active;
    }

    public List<SigningKey> all() {
        return keys;
    }

    public Optional<SigningKey> byKid(String kid) {
        return keys.stream().filter(k -> k.kid().equals(kid)).findFirst();
    }

    /** The public JWK Set: public parts only. */
    public Map<String, Object> publicJwks() {
        List<com.nimbusds.jose.jwk.JWK> pub = new ArrayList<>();
        for (SigningKey k : keys) {
            pub.add(k.publicJwk());
        }
        return new JWKSet(pub).toJSONObject(true);
    }
}
