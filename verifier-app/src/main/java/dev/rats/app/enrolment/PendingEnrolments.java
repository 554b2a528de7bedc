package dev.rats.app.enrolment;

import dev.rats.evidence.binary.Bytes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Enrolments waiting for the attester's TPM2_ActivateCredential answer: in memory, bounded,
 * expiring like challenges, and single use (a lookup removes the entry, whatever the answer, so a
 * secret cannot be guessed by repeated tries). Only SHA-256 of the secret is kept.
 */
final class PendingEnrolments {

    /** What the activation needs to finish the enrolment. */
    record Pending(String id, Bytes secretSha256, Bytes akPublic, Bytes akSha256, Bytes ekCertificate, String ekSubject,
            String ekSerial, Instant expiresAt) {
        Pending {
            Objects.requireNonNull(id);
            Objects.requireNonNull(secretSha256);
            Objects.requireNonNull(akPublic);
            Objects.requireNonNull(akSha256);
            Objects.requireNonNull(ekCertificate);
            Objects.requireNonNull(ekSubject);
            Objects.requireNonNull(ekSerial);
            Objects.requireNonNull(expiresAt);
        }
    }

    private final Map<String, Pending> byId = new LinkedHashMap<>();
    private final int capacity;
    private final Duration lifetime;
    private final Clock clock;

    PendingEnrolments(int capacity, Duration lifetime, Clock clock) {
        if (capacity < 1 || lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("capacity and lifetime must be positive");
        }
        this.capacity = capacity;
        this.lifetime = lifetime;
        this.clock = clock;
    }

    Duration lifetime() {
        return lifetime;
    }

    Instant expiryFromNow() {
        return clock.instant().plus(lifetime);
    }

    /** Adds an entry; false when the store is full of unexpired entries. */
    synchronized boolean add(Pending p) {
        purgeExpired();
        if (byId.size() >= capacity) {
            return false;
        }
        byId.put(p.id(), p);
        return true;
    }

    /** Removes and returns the entry if it exists and has not expired. */
    synchronized Optional<Pending> take(String id) {
        Pending p = byId.remove(id);
        if (p == null || clock.instant().isAfter(p.expiresAt())) {
            return Optional.empty();
        }
        return Optional.of(p);
    }

    synchronized int size() {
        purgeExpired();
        return byId.size();
    }

    private void purgeExpired() {
        Instant now = clock.instant();
        for (Iterator<Pending> it = byId.values().iterator(); it.hasNext();) {
            if (now.isAfter(it.next().expiresAt())) {
                it.remove();
            }
        }
    }
}
