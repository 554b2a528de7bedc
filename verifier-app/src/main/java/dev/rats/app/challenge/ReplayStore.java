package dev.rats.app.challenge;

import java.time.Instant;

/**
 * Remembers used nonces until they expire, so that each is accepted once (DESIGN §8). In memory by
 * default; a shared implementation (e.g. Redis SET NX with expiry) makes nonces single-use across
 * replicas.
 */
public interface ReplayStore {

    /**
     * Records the use of a nonce.
     *
     * @param id a stable identifier of the nonce
     * @param expiresAt when the nonce expires; the store may forget it afterwards
     * @return true on the first use, false if the nonce was used before
     */
    boolean firstUse(String id, Instant expiresAt);
}
