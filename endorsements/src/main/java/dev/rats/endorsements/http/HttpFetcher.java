package dev.rats.endorsements.http;

import dev.rats.evidence.CollateralUnavailableException;
import dev.rats.evidence.FailureCode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * GETs a resource from an endorsement service (AMD KDS, Intel PCS, a PCCS or a caching proxy) politely
 * and validates the answer before returning it; no caching (DESIGN §5, sev-snp.md §4.2, tdx.md §3.3):
 * <ul>
 * <li>Each exchange has a timeout covering the whole answer, body included, and the body is bounded
 * ({@link BoundedBodySubscriber}). 5xx, I/O errors and timeouts are retried with exponential backoff
 * and jitter, within {@code maxAttempts} and a total time budget.</li>
 * <li>429: {@code Retry-After} is in <em>seconds</em> (an HTTP-date is accepted too; absent means the
 * configured default). If the wait fits in the budget the call waits and retries; otherwise it fails
 * at once. Either way the host is in cool-down until then: no request is sent to it, every call fails
 * fast with {@link FailureCode#ENDORSEMENT_UNAVAILABLE} carrying the remaining wait. A call that
 * failed every attempt puts the host in cool-down too ({@code outageCoolDown}).</li>
 * <li>404 means "no such resource": an empty result.</li>
 * <li>A 200 answer goes through the caller's {@link Validator}; a {@link BadAnswerException}, another
 * status or an oversized body is reported as {@code ENDORSEMENT_UNAVAILABLE} and never retried (it
 * would only repeat).</li>
 * </ul>
 * Thread-safe. Share one instance per service, so that the cool-down covers every caller; cool-downs
 * are kept per host (scheme, host and port).
 */
public final class HttpFetcher {

    private static final System.Logger LOG = System.getLogger(HttpFetcher.class.getName());

    /** Checks a 200 answer and turns it into the value returned. */
    @FunctionalInterface
    public interface Validator<T> {
        T validate(HttpAnswer answer) throws BadAnswerException;
    }

    private record Answer(int status, HttpAnswer answer, Optional<String> retryAfter) {
    }

    private final String service;
    private final HttpClient http;
    private final Duration requestTimeout;
    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration totalBudget;
    private final Duration defaultRetryAfter;
    private final Duration outageCoolDown;
    private final int maxResponseBytes;
    private final Clock clock;
    private final Sleeper sleeper;
    private final ConcurrentHashMap<String, Instant> coolDownUntil = new ConcurrentHashMap<>();

    /**
     * @param service the service's name in messages and logs, e.g. "AMD KDS" or "Intel PCS"
     * @param settings the options (copied)
     */
    public HttpFetcher(String service, FetchSettings<?> settings) {
        this.service = Objects.requireNonNull(service, "service");
        this.requestTimeout = settings.requestTimeout;
        this.maxAttempts = settings.maxAttempts;
        this.initialBackoff = settings.initialBackoff;
        this.totalBudget = settings.totalBudget;
        this.defaultRetryAfter = settings.defaultRetryAfter;
        this.outageCoolDown = settings.outageCoolDown;
        this.maxResponseBytes = settings.maxResponseBytes;
        this.clock = settings.clock;
        this.sleeper = settings.sleeper;
        this.http = settings.httpClient != null ? settings.httpClient : HttpClient.newBuilder()
                .connectTimeout(settings.requestTimeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    public Clock clock() {
        return clock;
    }

    /** Until when no request is sent to the host of {@code uri}; empty when it is not cooling down. */
    public Optional<Instant> coolDownUntil(URI uri) {
        Instant until = coolDownUntil.getOrDefault(hostOf(uri), Instant.MIN);
        return clock.instant().isBefore(until) ? Optional.of(until) : Optional.empty();
    }

    /**
     * GETs {@code uri} and validates a 200 answer.
     *
     * @return the validated value; empty on 404
     * @throws CollateralUnavailableException {@code ENDORSEMENT_UNAVAILABLE}: the host is cooling down,
     *         unreachable, rate-limiting, failing, too slow, or answered with something unusable
     */
    public <T> Optional<T> fetch(URI uri, FetchListener listener, Validator<T> validator)
            throws CollateralUnavailableException {
        String host = hostOf(uri);
        Instant deadline = clock.instant().plus(totalBudget);
        Instant waitedOut = null; // the cool-down this call has itself waited for
        for (int attempt = 1; ; attempt++) {
            Instant now = clock.instant();
            failIfCoolingDown(host, uri, listener, now, waitedOut);
            Duration remaining = Duration.between(now, deadline);
            if (!remaining.isPositive()) {
                throw unavailable(uri, "the time budget of " + totalBudget + " is spent", Optional.empty(), null);
            }
            Duration timeout = remaining.compareTo(requestTimeout) < 0 ? remaining : requestTimeout;
            Answer answer = null;
            String problem;
            Throwable cause = null;
            Optional<Duration> suggested = Optional.empty();
            try {
                answer = send(uri, timeout);
                problem = "HTTP " + answer.status();
            } catch (BoundedBodySubscriber.TooLargeException e) {
                emit(listener, FetchOutcome.BAD_ANSWER);
                throw unavailable(uri, "bad answer: " + e.getMessage(), Optional.empty(), e);
            } catch (HttpTimeoutException e) {
                emit(listener, FetchOutcome.TIMEOUT);
                problem = "no answer within " + timeout;
                cause = e;
            } catch (IOException e) {
                emit(listener, FetchOutcome.IO_ERROR);
                problem = "I/O error: " + e;
                cause = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw unavailable(uri, "interrupted", Optional.empty(), e);
            }
            if (answer != null) {
                int status = answer.status();
                if (status == 200) {
                    return Optional.of(validated(uri, listener, answer.answer(), validator));
                }
                if (status == 404) {
                    emit(listener, FetchOutcome.NOT_FOUND);
                    return Optional.empty();
                }
                if (status == 429) {
                    emit(listener, FetchOutcome.RATE_LIMITED);
                    Duration wait = clamp(RetryAfter.parse(answer.retryAfter(), now).orElse(defaultRetryAfter));
                    Instant until = now.plus(wait);
                    coolDown(host, until);
                    boolean retry = attempt < maxAttempts && !until.isAfter(deadline);
                    LOG.log(System.Logger.Level.WARNING, "{0} rate-limits us (HTTP 429) on {1}; no requests for {2}{3}",
                            service, uri, wait, retry ? ", then one retry" : "");
                    if (retry) {
                        sleep(wait, uri);
                        waitedOut = until;
                        continue;
                    }
                    throw unavailable(uri, "rate limited (HTTP 429); retry after " + wait.toSeconds() + " s",
                            Optional.of(wait), null);
                }
                if (status >= 500 && status <= 599) {
                    emit(listener, FetchOutcome.SERVER_ERROR);
                    suggested = RetryAfter.parse(answer.retryAfter(), now).map(HttpFetcher::clamp);
                } else {
                    emit(listener, FetchOutcome.BAD_ANSWER);
                    throw unavailable(uri, "unexpected HTTP status " + status, Optional.empty(), null);
                }
            }
            Duration delay = suggested.isPresent() ? suggested.get() : backoff(attempt);
            if (attempt < maxAttempts && clock.instant().plus(delay).isBefore(deadline)) {
                LOG.log(System.Logger.Level.DEBUG, "{0} {1}: {2}; attempt {3} of {4}, retrying in {5}",
                        service, uri, problem, attempt, maxAttempts, delay);
                sleep(delay, uri);
                continue;
            }
            // an outage: stop asking for a while, so that every caller does not wait out the same retries
            Instant until = clock.instant().plus(suggested.orElse(outageCoolDown));
            coolDown(host, until);
            LOG.log(System.Logger.Level.WARNING, "{0} unavailable on {1}: {2}; no requests until {3}",
                    service, uri, problem, until);
            throw unavailable(uri, problem + (attempt >= maxAttempts
                    ? " (" + attempt + " attempts)"
                    : " (attempt " + attempt + "; no time left in the budget of " + totalBudget + ")"),
                    Optional.of(Duration.between(clock.instant(), until)), cause);
        }
    }

    private <T> T validated(URI uri, FetchListener listener, HttpAnswer answer, Validator<T> validator)
            throws CollateralUnavailableException {
        try {
            T value = validator.validate(answer);
            emit(listener, FetchOutcome.OK);
            return value;
        } catch (BadAnswerException e) {
            emit(listener, FetchOutcome.BAD_ANSWER);
            String detail = "answered with " + e.summary() + ": " + e.getMessage();
            LOG.log(System.Logger.Level.WARNING, "{0} {1}: {2}", service, uri, detail);
            throw unavailable(uri, detail, Optional.empty(), e);
        }
    }

    /**
     * Fails fast while the host has asked us to wait (429) or has just failed every attempt (an
     * outage), unless the cool-down is the one this call just waited out.
     */
    private void failIfCoolingDown(String host, URI uri, FetchListener listener, Instant now, Instant waitedOut)
            throws CollateralUnavailableException {
        Instant until = coolDownUntil.getOrDefault(host, Instant.MIN);
        if (now.isBefore(until) && (waitedOut == null || until.isAfter(waitedOut))) {
            emitCoolDown(listener);
            Duration left = Duration.between(now, until);
            throw unavailable(uri, service + " rate-limited us or was unavailable moments ago; no request sent, retry after "
                    + Math.max(1, (left.toMillis() + 999) / 1000) + " s", Optional.of(left), null);
        }
    }

    private void coolDown(String host, Instant until) {
        coolDownUntil.merge(host, until, (a, b) -> a.isAfter(b) ? a : b);
    }

    /** Exponential backoff with equal jitter: uniformly in [b/2, b] for b = initialBackoff * 2^(attempt-1). */
    private Duration backoff(int attempt) {
        long base = initialBackoff.toMillis() << Math.min(attempt - 1, 20);
        long half = base / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(base - half + 1));
    }

    private static Duration clamp(Duration wait) {
        if (wait.compareTo(FetchSettings.MIN_RETRY_AFTER) < 0) {
            return FetchSettings.MIN_RETRY_AFTER;
        }
        return wait.compareTo(FetchSettings.MAX_RETRY_AFTER) > 0 ? FetchSettings.MAX_RETRY_AFTER : wait;
    }

    private void sleep(Duration d, URI uri) throws CollateralUnavailableException {
        try {
            sleeper.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(uri, "interrupted while waiting to retry", Optional.empty(), e);
        }
    }

    /** One exchange; the timeout covers the whole answer, body included. */
    private Answer send(URI uri, Duration timeout) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
        CompletableFuture<HttpResponse<byte[]>> future =
                http.sendAsync(request, info -> new BoundedBodySubscriber(maxResponseBytes));
        try {
            HttpResponse<byte[]> r = future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return new Answer(r.statusCode(), new HttpAnswer(r.body(), r.headers()), r.headers().firstValue("Retry-After"));
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new HttpTimeoutException("no complete answer within " + timeout);
        } catch (InterruptedException e) {
            future.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IOException(String.valueOf(cause), cause);
        }
    }

    private static void emit(FetchListener listener, FetchOutcome outcome) {
        try {
            listener.onRequest(outcome);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "fetch listener failed", e);
        }
    }

    private static void emitCoolDown(FetchListener listener) {
        try {
            listener.onCoolDown();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "fetch listener failed", e);
        }
    }

    /** The cool-down key: scheme, host and port. */
    private static String hostOf(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        return scheme + "://" + host + ":" + uri.getPort();
    }

    private CollateralUnavailableException unavailable(URI uri, String detail, Optional<Duration> retryAfter,
            Throwable cause) {
        return new CollateralUnavailableException(FailureCode.ENDORSEMENT_UNAVAILABLE,
                service + " " + uri + ": " + detail, retryAfter, cause);
    }

    @Override
    public String toString() {
        return "HTTP fetcher for " + service;
    }
}
