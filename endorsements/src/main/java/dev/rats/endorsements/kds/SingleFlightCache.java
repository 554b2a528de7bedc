package dev.rats.endorsements.kds;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.rats.evidence.CollateralUnavailableException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * A bounded in-memory cache (Caffeine) whose misses are single-flight: while one caller loads a key,
 * concurrent callers for the same key wait for that load instead of starting their own, so one miss
 * is at most one KDS request (sev-snp.md §4.3; attestation-rs PR #88). Failures are handed to the
 * waiting callers but never cached. Entries carry their own validity (a CRL's nextUpdate) and are
 * served strictly before it.
 */
final class SingleFlightCache<K, V> {

    /** A loaded value, or a known absence, usable until {@code validUntil} (exclusive). */
    record Entry<V>(Optional<V> value, Instant validUntil) {

        static <V> Entry<V> forever(V value) {
            return new Entry<>(Optional.of(value), Instant.MAX);
        }

        boolean fresh(Instant now) {
            return now.isBefore(validUntil);
        }
    }

    @FunctionalInterface
    interface Loader<V> {
        Entry<V> load() throws CollateralUnavailableException;
    }

    private final Cache<K, Entry<V>> memory;
    private final ConcurrentHashMap<K, CompletableFuture<Entry<V>>> inFlight = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Runnable onHit;

    /** @param onHit called when a value comes from memory or from another caller's load */
    SingleFlightCache(long maximumSize, Clock clock, Runnable onHit) {
        this.memory = Caffeine.newBuilder().maximumSize(maximumSize).executor(Runnable::run).build();
        this.clock = clock;
        this.onHit = onHit;
    }

    Optional<V> get(K key, Loader<V> loader) throws CollateralUnavailableException {
        Entry<V> cached = fresh(key);
        if (cached != null) {
            onHit.run();
            return cached.value();
        }
        CompletableFuture<Entry<V>> mine = new CompletableFuture<>();
        CompletableFuture<Entry<V>> running = inFlight.putIfAbsent(key, mine);
        if (running != null) {
            Optional<V> shared = await(running);
            onHit.run();
            return shared;
        }
        try {
            // a load that finished between the memory check and putIfAbsent left its entry in memory
            Entry<V> entry = fresh(key);
            if (entry != null) {
                onHit.run();
            } else {
                entry = loader.load();
                if (entry.fresh(clock.instant())) {
                    memory.put(key, entry);
                }
            }
            mine.complete(entry);
            return entry.value();
        } catch (CollateralUnavailableException | RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(key, mine);
        }
    }

    /** The value in memory, if fresh, without loading; empty when absent or stale. */
    Optional<Entry<V>> peek(K key) {
        return Optional.ofNullable(fresh(key));
    }

    /** Whether a load of {@code key} is running. */
    boolean loading(K key) {
        return inFlight.containsKey(key);
    }

    private Entry<V> fresh(K key) {
        Entry<V> e = memory.getIfPresent(key);
        if (e == null) {
            return null;
        }
        if (e.fresh(clock.instant())) {
            return e;
        }
        memory.asMap().remove(key, e);
        return null;
    }

    /** The result of another caller's load; its failure becomes this caller's, with this caller's stack. */
    private Optional<V> await(CompletableFuture<Entry<V>> running) throws CollateralUnavailableException {
        try {
            return running.get().value();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CollateralUnavailableException(dev.rats.evidence.FailureCode.ENDORSEMENT_UNAVAILABLE,
                    "interrupted while waiting for a KDS request in flight", Optional.empty(), e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof CollateralUnavailableException c) {
                throw new CollateralUnavailableException(c.code(), c.getMessage(), c.retryAfter(), c);
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        }
    }

    void invalidateAll() {
        memory.invalidateAll();
    }
}
