package dev.rats.endorsements.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.rats.evidence.CollateralUnavailableException;
import dev.rats.evidence.FailureCode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * A bounded in-memory cache (Caffeine) whose loads are single-flight: while one caller loads a key,
 * concurrent callers for the same key wait for that load instead of starting their own, so one miss
 * is at most one request to the service (sev-snp.md §4.3, tdx.md §3.5; attestation-rs PR #88).
 * Failures are handed to the waiting callers but never cached.
 *
 * <p>Each entry carries its own validity and is served strictly before {@link Entry#validUntil()}
 * (a CRL's or a TCB Info's nextUpdate), never after. An entry may also say when to
 * {@linkplain Entry#refreshAfter() refresh} it: from then on, callers are still served the entry at
 * once while one refresh runs on the refresh executor (single-flight with misses of the same key, and
 * at most one attempt per key per {@code refreshRetryInterval}). A refresh that fails, or that finds
 * nothing, leaves the entry in place until it expires.
 */
public final class SingleFlightCache<K, V> {

    private static final System.Logger LOG = System.getLogger(SingleFlightCache.class.getName());

    /** Runs refreshes on new virtual threads. */
    public static final Executor VIRTUAL_THREADS = task -> Thread.ofVirtual().name("endorsement-refresh").start(task);
    public static final Duration DEFAULT_REFRESH_RETRY_INTERVAL = Duration.ofMinutes(1);

    /**
     * A loaded value, or a known absence, usable until {@code validUntil} (exclusive) and to be
     * refreshed from {@code refreshAfter} on (at most {@code validUntil}).
     */
    public record Entry<V>(Optional<V> value, Instant refreshAfter, Instant validUntil) {

        public Entry {
            Objects.requireNonNull(value);
            Objects.requireNonNull(validUntil);
            refreshAfter = Objects.requireNonNull(refreshAfter).isAfter(validUntil) ? validUntil : refreshAfter;
        }

        /** An entry that is not refreshed ahead of its expiry. */
        public Entry(Optional<V> value, Instant validUntil) {
            this(value, validUntil, validUntil);
        }

        public static <V> Entry<V> forever(V value) {
            return new Entry<>(Optional.of(value), Instant.MAX);
        }

        public boolean fresh(Instant now) {
            return now.isBefore(validUntil);
        }

        public boolean refreshDue(Instant now) {
            return !now.isBefore(refreshAfter);
        }
    }

    /** Loads one key: from disk, from the service, or both. */
    @FunctionalInterface
    public interface Loader<V> {
        Entry<V> load() throws CollateralUnavailableException;
    }

    private final Cache<K, Entry<V>> memory;
    private final Cache<K, Instant> lastRefreshAttempt;
    private final ConcurrentHashMap<K, CompletableFuture<Entry<V>>> inFlight = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Runnable onHit;
    private final Executor refreshExecutor;
    private final Duration refreshRetryInterval;

    /** A cache that refreshes on virtual threads, at most once a minute per key. */
    public SingleFlightCache(long maximumSize, Clock clock, Runnable onHit) {
        this(maximumSize, clock, onHit, VIRTUAL_THREADS, DEFAULT_REFRESH_RETRY_INTERVAL);
    }

    /**
     * @param onHit called when a value comes from memory or from another caller's load
     * @param refreshExecutor runs refreshes ({@code Runnable::run} refreshes in the calling thread)
     * @param refreshRetryInterval the least time between two refresh attempts of one key
     */
    public SingleFlightCache(long maximumSize, Clock clock, Runnable onHit, Executor refreshExecutor,
            Duration refreshRetryInterval) {
        this.memory = Caffeine.newBuilder().maximumSize(maximumSize).executor(Runnable::run).build();
        this.lastRefreshAttempt = Caffeine.newBuilder().maximumSize(maximumSize).executor(Runnable::run).build();
        this.clock = Objects.requireNonNull(clock);
        this.onHit = Objects.requireNonNull(onHit);
        this.refreshExecutor = Objects.requireNonNull(refreshExecutor);
        this.refreshRetryInterval = Objects.requireNonNull(refreshRetryInterval);
    }

    /**
     * The value of {@code key}: from memory while fresh (starting a refresh when one is due), else from
     * a load, shared with every concurrent caller for the same key.
     */
    public Optional<V> get(K key, Loader<V> loader) throws CollateralUnavailableException {
        Entry<V> cached = fresh(key);
        if (cached != null) {
            onHit.run();
            if (cached.refreshDue(clock.instant())) {
                refresh(key, loader);
                Entry<V> after = fresh(key); // a refresh in the calling thread has finished by now
                return (after != null ? after : cached).value();
            }
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

    /** Starts one refresh of {@code key} unless one is running or was attempted moments ago. */
    private void refresh(K key, Loader<V> loader) {
        if (inFlight.containsKey(key) || !refreshAttemptDue(key)) {
            return;
        }
        CompletableFuture<Entry<V>> mine = new CompletableFuture<>();
        if (inFlight.putIfAbsent(key, mine) != null) {
            return;
        }
        Runnable task = () -> {
            try {
                Entry<V> entry = loader.load();
                // only a present, fresh value replaces what is served; an absence does not evict it
                if (entry.value().isPresent() && entry.fresh(clock.instant())) {
                    memory.put(key, entry);
                }
                mine.complete(entry);
            } catch (CollateralUnavailableException | RuntimeException | Error e) {
                LOG.log(System.Logger.Level.WARNING, "refreshing {0} failed; serving the cached copy until it expires: {1}",
                        key, e.toString());
                mine.completeExceptionally(e);
            } finally {
                inFlight.remove(key, mine);
            }
        };
        try {
            refreshExecutor.execute(task);
        } catch (RejectedExecutionException e) {
            inFlight.remove(key, mine);
            mine.completeExceptionally(new CollateralUnavailableException(FailureCode.ENDORSEMENT_UNAVAILABLE,
                    "the refresh could not be started", Optional.empty(), e));
        }
    }

    private boolean refreshAttemptDue(K key) {
        Instant now = clock.instant();
        boolean[] due = {false};
        lastRefreshAttempt.asMap().compute(key, (k, last) -> {
            if (last == null || !now.isBefore(last.plus(refreshRetryInterval))) {
                due[0] = true;
                return now;
            }
            return last;
        });
        return due[0];
    }

    /** The value in memory, if fresh, without loading; empty when absent or stale. */
    public Optional<Entry<V>> peek(K key) {
        return Optional.ofNullable(fresh(key));
    }

    /** Whether a load or refresh of {@code key} is running. */
    public boolean loading(K key) {
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
            throw new CollateralUnavailableException(FailureCode.ENDORSEMENT_UNAVAILABLE,
                    "interrupted while waiting for a request in flight", Optional.empty(), e);
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

    public void invalidateAll() {
        memory.invalidateAll();
    }
}
