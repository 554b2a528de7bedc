package dev.rats.evidence.cache;

import dev.rats.evidence.EvidenceException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A bounded, thread-safe memo of successful verifications, keyed by the exact inputs (DER bytes,
 * never names). Failures are never stored, so a bad input is re-checked, and rejected, every time.
 * Results that depend on the instant (validity, CRL freshness) must be re-checked by the caller.
 */
public final class VerificationCache<K, V> {

    /** A verification that either yields a value or throws. */
    @FunctionalInterface
    public interface Verification<V> {
        V run() throws EvidenceException;
    }

    private final Map<K, V> entries;

    public VerificationCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > capacity;
            }
        };
    }

    public Optional<V> getIfPresent(K key) {
        synchronized (entries) {
            return Optional.ofNullable(entries.get(key));
        }
    }

    /**
     * The cached value, or the result of {@code verification}, stored only when it succeeds.
     * Concurrent misses may verify twice; both results are equal, so that is harmless.
     */
    public V get(K key, Verification<V> verification) throws EvidenceException {
        Optional<V> hit = getIfPresent(key);
        if (hit.isPresent()) {
            return hit.get();
        }
        V value = verification.run();
        synchronized (entries) {
            entries.put(key, value);
        }
        return value;
    }

    public int size() {
        synchronized (entries) {
            return entries.size();
        }
    }
}
