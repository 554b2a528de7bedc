package dev.rats.evidence.cache;

import dev.rats.evidence.EvidenceException;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A bounded, thread-safe, lock-free-on-read memo of successful verifications, keyed by the exact inputs (DER bytes,
 * never names). Failures are never stored, so a bad input is re-checked, and rejected, every time.
 * Results that depend on the instant (validity, CRL freshness) must be re-checked by the caller.
 */
public final class VerificationCache<K, V> {

    /** A verification that either yields a value or throws. */
    @FunctionalInterface
    public interface Verification<V> {
        V run() throws EvidenceException;
    }

    private final Map<K, V> entries = new ConcurrentHashMap<>();
    private final int capacity;

    public VerificationCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.capacity = capacity;
    }

    /** A lock-free read: the hot path of every verification. */
    public Optional<V> getIfPresent(K key) {
        return Optional.ofNullable(entries.get(key));
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
        if (entries.size() >= capacity) {
            evictSome();
        }
        entries.put(key, value);
        return value;
    }

    /** Frees a tenth of the capacity; which entries go does not matter, they are re-verified on demand. */
    private void evictSome() {
        Iterator<K> it = entries.keySet().iterator();
        for (int i = 0; i < Math.max(1, capacity / 10) && it.hasNext(); i++) {
            it.next();
            it.remove();
        }
    }

    public int size() {
        return entries.size();
    }
}
