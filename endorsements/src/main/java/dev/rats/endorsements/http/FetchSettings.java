package dev.rats.endorsements.http;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * The options of an {@link HttpFetcher}, shared by the builders of the service clients
 * ({@code KdsClient.Builder}, {@code PcsClient.Builder}) so that each option is defined and
 * documented once. Every option has a default.
 *
 * @param <B> the concrete builder, returned by every setter
 */
public abstract class FetchSettings<B extends FetchSettings<B>> {

    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofSeconds(1);
    public static final Duration DEFAULT_TOTAL_BUDGET = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_RESPONSE_BYTES = 1 << 20;
    /** The wait after a 429 without a readable {@code Retry-After} (AMD KDS: "once per 10 seconds", sev-snp.md §4.2). */
    public static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(10);
    /** How long to stop asking a host after a call failed every attempt. */
    public static final Duration DEFAULT_OUTAGE_COOL_DOWN = Duration.ofSeconds(30);
    /** A 429 always means at least this much cool-down. */
    public static final Duration MIN_RETRY_AFTER = Duration.ofSeconds(1);
    /** A longer {@code Retry-After} is taken as this, so that one odd header cannot disable a service for days. */
    public static final Duration MAX_RETRY_AFTER = Duration.ofHours(1);

    HttpClient httpClient;
    Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
    int maxAttempts = DEFAULT_MAX_ATTEMPTS;
    Duration initialBackoff = DEFAULT_INITIAL_BACKOFF;
    Duration totalBudget = DEFAULT_TOTAL_BUDGET;
    int maxResponseBytes = DEFAULT_MAX_RESPONSE_BYTES;
    Duration defaultRetryAfter = DEFAULT_RETRY_AFTER;
    Duration outageCoolDown = DEFAULT_OUTAGE_COOL_DOWN;
    Clock clock = Clock.systemUTC();
    Sleeper sleeper = Sleeper.SYSTEM;

    protected FetchSettings() {
    }

    /** This builder, typed as the concrete builder. */
    protected abstract B self();

    /** The HTTP client (default: a new one, connect timeout = request timeout, redirects followed except https→http). */
    public B httpClient(HttpClient value) {
        this.httpClient = Objects.requireNonNull(value);
        return self();
    }

    /** Timeout of one exchange, whole answer included (default 10 s). */
    public B requestTimeout(Duration value) {
        this.requestTimeout = positive(value, "requestTimeout");
        return self();
    }

    /** Requests per call at most, first included (default 3). */
    public B maxAttempts(int value) {
        if (value < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        this.maxAttempts = value;
        return self();
    }

    /** Backoff before the first retry after a 5xx, I/O error or timeout; doubles per retry, with jitter (default 1 s). */
    public B initialBackoff(Duration value) {
        this.initialBackoff = positive(value, "initialBackoff");
        return self();
    }

    /** Time one call may take, waits and retries included (default 30 s). */
    public B totalBudget(Duration value) {
        this.totalBudget = positive(value, "totalBudget");
        return self();
    }

    /** Larger answers are rejected as bad answers (default 1 MiB). */
    public B maxResponseBytes(int value) {
        if (value < 1) {
            throw new IllegalArgumentException("maxResponseBytes must be positive");
        }
        this.maxResponseBytes = value;
        return self();
    }

    /** The cool-down after a 429 without a readable {@code Retry-After} (default 10 s). */
    public B defaultRetryAfter(Duration value) {
        this.defaultRetryAfter = positive(value, "defaultRetryAfter");
        return self();
    }

    /**
     * After a call has failed every attempt (5xx, I/O errors, timeouts), no request is sent to that
     * host for this long unless the service suggested a {@code Retry-After} (default 30 s).
     */
    public B outageCoolDown(Duration value) {
        this.outageCoolDown = positive(value, "outageCoolDown");
        return self();
    }

    /** Time for budgets, {@code Retry-After} dates, the cool-down and freshness checks (default system UTC). */
    public B clock(Clock value) {
        this.clock = Objects.requireNonNull(value);
        return self();
    }

    /** How to wait between attempts (default {@link Sleeper#SYSTEM}). */
    public B sleeper(Sleeper value) {
        this.sleeper = Objects.requireNonNull(value);
        return self();
    }

    private static Duration positive(Duration d, String name) {
        if (!Objects.requireNonNull(d, name).isPositive()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
        return d;
    }
}
