package dev.rats.policy;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An AR4SI trustworthiness vector. It starts with no claim at all, the most pessimistic state: a
 * vector only reaches {@link Status#AFFIRMING} through claims a verifier set after checking.
 */
public final class TrustVector {

    private final EnumMap<TrustClaim, Integer> claims = new EnumMap<>(TrustClaim.class);

    public TrustVector set(TrustClaim claim, int value) {
        if (value < -128 || value > 127) {
            throw new IllegalArgumentException("AR4SI claim values are -128..127");
        }
        claims.put(claim, value);
        return this;
    }

    /** Sets the claim only if it makes the claim's tier worse. */
    public TrustVector worsen(TrustClaim claim, int value) {
        int current = get(claim);
        if (Status.ofClaimValue(value).ordinal() > Status.ofClaimValue(current).ordinal()) {
            claims.put(claim, value);
        }
        return this;
    }

    public int get(TrustClaim claim) {
        return claims.getOrDefault(claim, TrustClaim.NO_CLAIM);
    }

    /** The worst tier among the claims; {@link Status#NONE} when nothing is claimed. */
    public Status status() {
        Status worst = Status.NONE;
        for (int v : claims.values()) {
            worst = worst.worse(Status.ofClaimValue(v));
        }
        return worst;
    }

    /** The claims that are set, by wire name, in AR4SI order. */
    public Map<String, Integer> toMap() {
        Map<String, Integer> out = new LinkedHashMap<>();
        claims.forEach((k, v) -> out.put(k.wire(), v));
        return Collections.unmodifiableMap(out);
    }

    public TrustVector copy() {
        TrustVector t = new TrustVector();
        t.claims.putAll(claims);
        return t;
    }

    @Override
    public String toString() {
        return toMap().toString();
    }
}
