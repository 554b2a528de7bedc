package dev.rats.app.challenge;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A replay store for one process. Expired entries are purged as new ones arrive; nonces are
 * MAC-protected, so only nonces this verifier issued (and rate-limited) ever reach the store.
 */
public final class InMemoryReplayStore implements ReplayStore {

    private static final int PURGE_EVERY = 1024;

    private final Map<String, Instant> used = new ConcurrentHashMap<>();
    private final Clock clock;
    private int sincePurge;

    public InMemoryReplayStore(Clock clock) {
        this.clock = clock;
    }

    @Override
    public boolean firstUse(String id, Instant expiresAt) {
        purgeOccasionally();
        return used.putIfAbsent(id, expiresAt) == null;
    }

    private void purgeOccasionally() {
        boolean purge;
        synchronized (this) {
            purge = ++sincePurge >= PURGE_EVERY;
            if (purge) {
                sincePurge = 0;
            }
        }
        if (purge) {
            Instant now = clock.instant();
            used.values().removeIf(expiry -> expiry.isBefore(now));
        }
    }

    int size() {
        return used.size();
    }
}
