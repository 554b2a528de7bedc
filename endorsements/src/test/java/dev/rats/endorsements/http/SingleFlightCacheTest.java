package dev.rats.endorsements.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.rats.endorsements.http.SingleFlightCache.Entry;
import dev.rats.evidence.CollateralUnavailableException;
import dev.rats.evidence.FailureCode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SingleFlightCacheTest {

    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    private final MutableClock clock = new MutableClock(T0);
    private final AtomicInteger hits = new AtomicInteger();
    private final AtomicInteger loads = new AtomicInteger();
    private final List<Runnable> queued = new ArrayList<>();

    /** A cache whose refreshes run only when the test runs {@link #queued}. */
    private SingleFlightCache<String, String> cache() {
        return new SingleFlightCache<>(10, clock, hits::incrementAndGet, queued::add, Duration.ofMinutes(1));
    }

    private SingleFlightCache.Loader<String> value(String v, Duration refreshIn, Duration validFor) {
        return () -> {
            loads.incrementAndGet();
            Instant now = clock.instant();
            return new Entry<>(Optional.of(v), now.plus(refreshIn), now.plus(validFor));
        };
    }

    private SingleFlightCache.Loader<String> failing() {
        return () -> {
            loads.incrementAndGet();
            throw new CollateralUnavailableException(FailureCode.ENDORSEMENT_UNAVAILABLE, "down", Optional.empty(), null);
        };
    }

    @Test
    void anEntryIsServedUntilItExpiresAndNeverAfter() throws Exception {
        SingleFlightCache<String, String> cache = cache();
        assertThat(cache.get("k", value("a", Duration.ofHours(1), Duration.ofHours(1)))).contains("a");
        clock.advance(Duration.ofHours(1).minusSeconds(1));
        assertThat(cache.get("k", failing())).contains("a");
        assertThat(hits).hasValue(1);
        clock.advance(Duration.ofSeconds(1));
        CollateralUnavailableException e = catchThrowableOfType(CollateralUnavailableException.class,
                () -> cache.get("k", failing()));
        assertThat(e).isNotNull();
        assertThat(cache.peek("k")).isEmpty();
        assertThat(loads).hasValue(2);
    }

    @Test
    void aDueRefreshRunsInTheBackgroundWhileTheCurrentEntryIsServed() throws Exception {
        SingleFlightCache<String, String> cache = cache();
        cache.get("k", value("old", Duration.ofHours(1), Duration.ofHours(10)));
        clock.advance(Duration.ofHours(1));
        assertThat(cache.get("k", value("new", Duration.ofHours(1), Duration.ofHours(10)))).contains("old");
        assertThat(queued).hasSize(1);
        assertThat(cache.loading("k")).isTrue();
        // while the refresh is pending, nobody starts another
        assertThat(cache.get("k", value("other", Duration.ofHours(1), Duration.ofHours(10)))).contains("old");
        assertThat(queued).hasSize(1);
        queued.remove(0).run();
        assertThat(cache.loading("k")).isFalse();
        assertThat(cache.get("k", failing())).contains("new");
        assertThat(loads).hasValue(2);
    }

    @Test
    void aFailedRefreshKeepsTheEntryAndIsRetriedOnlyAfterTheRetryInterval() throws Exception {
        SingleFlightCache<String, String> cache = cache();
        cache.get("k", value("old", Duration.ofHours(1), Duration.ofHours(10)));
        clock.advance(Duration.ofHours(2));
        assertThat(cache.get("k", failing())).contains("old");
        queued.remove(0).run();
        assertThat(cache.get("k", failing())).contains("old");
        assertThat(queued).as("no new attempt within a minute").isEmpty();
        clock.advance(Duration.ofMinutes(1));
        assertThat(cache.get("k", value("new", Duration.ofHours(1), Duration.ofHours(10)))).contains("old");
        queued.remove(0).run();
        assertThat(cache.get("k", failing())).contains("new");
    }

    @Test
    void aRefreshThatFindsNothingDoesNotEvictTheEntry() throws Exception {
        SingleFlightCache<String, String> cache = cache();
        cache.get("k", value("old", Duration.ofHours(1), Duration.ofHours(10)));
        clock.advance(Duration.ofHours(2));
        cache.get("k", () -> new Entry<>(Optional.empty(), clock.instant().plus(Duration.ofMinutes(10))));
        queued.remove(0).run();
        assertThat(cache.get("k", failing())).contains("old");
    }

    @Test
    void aMissWaitsForAPendingRefreshOfAnExpiredEntryInsteadOfLoadingAgain() throws Exception {
        SingleFlightCache<String, String> cache = cache();
        cache.get("k", value("old", Duration.ofHours(1), Duration.ofHours(2)));
        clock.advance(Duration.ofHours(1));
        cache.get("k", value("new", Duration.ofHours(1), Duration.ofHours(10)));
        clock.advance(Duration.ofHours(1)); // the old entry has now expired, its refresh not yet run
        CountDownLatch waiting = new CountDownLatch(1);
        Thread refresher = Thread.ofVirtual().start(() -> {
            try {
                waiting.await();
                Thread.sleep(50); // let the miss below reach its wait
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            queued.remove(0).run();
        });
        waiting.countDown();
        assertThat(cache.get("k", failing())).contains("new");
        refresher.join();
        assertThat(loads).as("the initial load and the refresh only").hasValue(2);
    }

    @Test
    void anEntryWithoutRefreshTimeIsNeverRefreshedAhead() throws Exception {
        SingleFlightCache<String, String> cache = cache();
        cache.get("k", () -> new Entry<>(Optional.of("crl"), clock.instant().plus(Duration.ofHours(1))));
        clock.advance(Duration.ofMinutes(59));
        assertThat(cache.get("k", failing())).contains("crl");
        assertThat(queued).isEmpty();
        assertThat(Entry.forever("x").fresh(Instant.MAX.minusSeconds(1))).isTrue();
    }
}
