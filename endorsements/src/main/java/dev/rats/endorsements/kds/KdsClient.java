package dev.rats.endorsements.kds;

import dev.rats.evidence.CollateralUnavailableException;
import dev.rats.evidence.FailureCode;
import dev.rats.evidence.binary.Bytes;
import dev.rats.evidence.snp.SigningKey;
import dev.rats.evidence.snp.SnpProduct;
import dev.rats.evidence.snp.TcbVersion;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.security.cert.X509CRL;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Fetches VCEKs, cert chains and CRLs from AMD KDS, or from a caching proxy at another base URL
 * (sev-snp.md §4; AMD 57230 chapter 4), without caching: {@link KdsEndorsements} caches.
 *
 * <p>Politeness and resilience (sev-snp.md §4.2, DESIGN §5):
 * <ul>
 * <li>Each exchange has a timeout covering the whole answer; 5xx, I/O errors and timeouts are retried
 * with exponential backoff and jitter, within {@code maxAttempts} and a total time budget.</li>
 * <li>429: {@code Retry-After} is in <em>seconds</em> (an HTTP-date is accepted too; absent means
 * 10 s, AMD's observed once-per-10-s throttle). If the wait fits
 * in the budget the call waits and retries; otherwise it fails at once. Either way the whole KDS
 * host is in cool-down until then: no request is sent, every call fails fast with
 * {@link FailureCode#ENDORSEMENT_UNAVAILABLE} carrying the remaining wait.</li>
 * <li>404 means "no such resource" (for a VCEK: no VCEK for this chip and TCB), an empty result.</li>
 * <li>Answers are validated before they are returned: a VCEK must be the X.509 {@code SEV-VCEK} of
 * exactly the chip, TCB and product asked for; a {@code cert_chain} must be PEM holding exactly the
 * AS[V]K and the ARK; a CRL must decode, be issued by the ARK and be before its nextUpdate.
 * Anything else is a bad answer, reported as {@link FailureCode#ENDORSEMENT_UNAVAILABLE} and never
 * retried (it would only repeat).</li>
 * </ul>
 * Thread-safe. Share one instance per KDS base URL, so that the cool-down covers every caller.
 */
public final class KdsClient {

    private static final System.Logger LOG = System.getLogger(KdsClient.class.getName());

    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofSeconds(1);
    public static final Duration DEFAULT_TOTAL_BUDGET = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_RESPONSE_BYTES = 1 << 20;
    /** The wait after a 429 without a readable {@code Retry-After} (sev-snp.md §4.2: "once per 10 seconds"). */
    public static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(10);
    /** How long to stop asking after a call failed every attempt. */
    public static final Duration DEFAULT_OUTAGE_COOL_DOWN = Duration.ofSeconds(30);
    /** A 429 always means at least this much cool-down. */
    public static final Duration MIN_RETRY_AFTER = Duration.ofSeconds(1);
    /** A longer {@code Retry-After} is taken as this, so that one odd header cannot disable KDS for days. */
    public static final Duration MAX_RETRY_AFTER = Duration.ofHours(1);

    private final HttpClient http;
    private final KdsUrls urls;
    private final Duration requestTimeout;
    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration totalBudget;
    private final Duration outageCoolDown;
    private final int maxResponseBytes;
    private final Clock clock;
    private final Sleeper sleeper;
    private final KdsEvents events;
    private final AtomicReference<Instant> coolDownUntil = new AtomicReference<>(Instant.MIN);

    private KdsClient(Builder b) {
        this.urls = b.urls;
        this.requestTimeout = b.requestTimeout;
        this.maxAttempts = b.maxAttempts;
        this.initialBackoff = b.initialBackoff;
        this.totalBudget = b.totalBudget;
        this.outageCoolDown = b.outageCoolDown;
        this.maxResponseBytes = b.maxResponseBytes;
        this.clock = b.clock;
        this.sleeper = b.sleeper;
        this.events = b.events;
        this.http = b.httpClient != null ? b.httpClient : HttpClient.newBuilder()
                .connectTimeout(b.requestTimeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The VCEK of one chip at one TCB (sev-snp.md §4.1).
     *
     * @param hwId 64 bytes of CHIP_ID, or CHIP_ID[0..8] on Turin
     * @return the DER VCEK, validated against the request; empty when KDS has none (404)
     * @throws CollateralUnavailableException {@code ENDORSEMENT_UNAVAILABLE}: KDS unreachable, rate-limiting,
     *         failing, or answering with something else than the VCEK asked for
     */
    public Optional<Bytes> vcek(SnpProduct product, Bytes hwId, TcbVersion tcb) throws CollateralUnavailableException {
        URI uri = urls.vcek(product, hwId, tcb);
        return fetch(KdsEndpoint.VCEK, uri, body -> KdsAnswers.vcek(body, product, hwId, tcb));
    }

    /** The AS[V]K and ARK of a product (sev-snp.md §4.1); empty on 404. */
    public Optional<KdsCertChain> certChain(SnpProduct product, SigningKey kind) throws CollateralUnavailableException {
        return fetch(KdsEndpoint.CERT_CHAIN, urls.certChain(product, kind),
                body -> KdsAnswers.certChain(body, product, kind));
    }

    /** The ARK-signed CRL of a product's AS[V]Ks, current at this client's clock (sev-snp.md §3.5); empty on 404. */
    public Optional<X509CRL> crl(SnpProduct product, SigningKey kind) throws CollateralUnavailableException {
        return fetch(KdsEndpoint.CRL, urls.crl(product, kind), body -> {
            X509CRL crl = KdsAnswers.crl(body, product);
            if (!KdsAnswers.isCurrent(crl, clock.instant())) {
                throw new BadAnswerException("the CRL is past its nextUpdate "
                        + KdsAnswers.validUntil(crl).map(Instant::toString).orElse("(none)"));
            }
            return crl;
        });
    }

    /** Until when no request is sent, after a 429; empty when not cooling down. */
    public Optional<Instant> coolDownUntil() {
        Instant until = coolDownUntil.get();
        return clock.instant().isBefore(until) ? Optional.of(until) : Optional.empty();
    }

    public KdsUrls urls() {
        return urls;
    }

    Clock clock() {
        return clock;
    }

    KdsEvents events() {
        return events;
    }

    @FunctionalInterface
    private interface Validator<T> {
        T validate(byte[] body) throws BadAnswerException;
    }

    private record Answer(int status, byte[] body, Optional<String> retryAfter) {
    }

    private <T> Optional<T> fetch(KdsEndpoint endpoint, URI uri, Validator<T> validator)
            throws CollateralUnavailableException {
        Instant deadline = clock.instant().plus(totalBudget);
        Instant waitedOut = null; // the cool-down this call has itself waited for
        for (int attempt = 1; ; attempt++) {
            Instant now = clock.instant();
            failIfCoolingDown(endpoint, uri, now, waitedOut);
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
                emit(endpoint, KdsOutcome.BAD_ANSWER);
                throw unavailable(uri, "KDS returned a bad answer: " + e.getMessage(), Optional.empty(), e);
            } catch (HttpTimeoutException e) {
                emit(endpoint, KdsOutcome.TIMEOUT);
                problem = "no answer within " + timeout;
                cause = e;
            } catch (IOException e) {
                emit(endpoint, KdsOutcome.IO_ERROR);
                problem = "I/O error: " + e;
                cause = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw unavailable(uri, "interrupted", Optional.empty(), e);
            }
            if (answer != null) {
                int status = answer.status();
                if (status == 200) {
                    return Optional.of(validated(endpoint, uri, answer.body(), validator));
                }
                if (status == 404) {
                    emit(endpoint, KdsOutcome.NOT_FOUND);
                    return Optional.empty();
                }
                if (status == 429) {
                    emit(endpoint, KdsOutcome.RATE_LIMITED);
                    Duration wait = clamp(RetryAfter.parse(answer.retryAfter(), now).orElse(DEFAULT_RETRY_AFTER));
                    Instant until = now.plus(wait);
                    coolDownUntil.accumulateAndGet(until, (a, b) -> a.isAfter(b) ? a : b);
                    boolean retry = attempt < maxAttempts && !until.isAfter(deadline);
                    LOG.log(System.Logger.Level.WARNING, "AMD KDS rate-limits us (HTTP 429) on {0}; no requests for {1}{2}",
                            uri, wait, retry ? ", then one retry" : "");
                    if (retry) {
                        sleep(wait, uri);
                        waitedOut = until;
                        continue;
                    }
                    throw unavailable(uri, "rate limited (HTTP 429); retry after " + wait.toSeconds() + " s",
                            Optional.of(wait), null);
                }
                if (status >= 500 && status <= 599) {
                    emit(endpoint, KdsOutcome.SERVER_ERROR);
                    suggested = RetryAfter.parse(answer.retryAfter(), now).map(KdsClient::clamp);
                } else {
                    emit(endpoint, KdsOutcome.BAD_ANSWER);
                    throw unavailable(uri, "unexpected HTTP status " + status, Optional.empty(), null);
                }
            }
            Duration delay = suggested.isPresent() ? suggested.get() : backoff(attempt);
            if (attempt < maxAttempts && clock.instant().plus(delay).isBefore(deadline)) {
                LOG.log(System.Logger.Level.DEBUG, "AMD KDS {0}: {1}; attempt {2} of {3}, retrying in {4}",
                        uri, problem, attempt, maxAttempts, delay);
                sleep(delay, uri);
                continue;
            }
            // an outage: stop asking for a while, so that every caller does not wait out the same retries
            Instant until = clock.instant().plus(suggested.orElse(outageCoolDown));
            coolDownUntil.accumulateAndGet(until, (a, b) -> a.isAfter(b) ? a : b);
            LOG.log(System.Logger.Level.WARNING, "AMD KDS unavailable on {0}: {1}; no requests until {2}", uri, problem, until);
            throw unavailable(uri, problem + (attempt >= maxAttempts
                    ? " (" + attempt + " attempts)"
                    : " (attempt " + attempt + "; no time left in the budget of " + totalBudget + ")"),
                    Optional.of(Duration.between(clock.instant(), until)), cause);
        }
    }

    private <T> T validated(KdsEndpoint endpoint, URI uri, byte[] body, Validator<T> validator)
            throws CollateralUnavailableException {
        try {
            T value = validator.validate(body);
            emit(endpoint, KdsOutcome.OK);
            return value;
        } catch (BadAnswerException e) {
            emit(endpoint, KdsOutcome.BAD_ANSWER);
            String detail = e.otherChip()
                    ? "KDS returned a certificate for another chip/TCB: " + e.getMessage()
                    : "KDS returned a bad answer: " + e.getMessage();
            LOG.log(System.Logger.Level.WARNING, "AMD KDS {0}: {1}", uri, detail);
            throw unavailable(uri, detail, Optional.empty(), e);
        }
    }

    /**
     * Fails fast while KDS has asked us to wait (429) or has just failed every attempt (an outage),
     * unless the cool-down is the one this call just waited out.
     */
    private void failIfCoolingDown(KdsEndpoint endpoint, URI uri, Instant now, Instant waitedOut)
            throws CollateralUnavailableException {
        Instant until = coolDownUntil.get();
        if (now.isBefore(until) && (waitedOut == null || until.isAfter(waitedOut))) {
            emit(endpoint, null);
            Duration left = Duration.between(now, until);
            throw unavailable(uri, "KDS rate-limited us or was unavailable moments ago; no request sent, retry after "
                    + Math.max(1, (left.toMillis() + 999) / 1000) + " s", Optional.of(left), null);
        }
    }

    /** Exponential backoff with equal jitter: uniformly in [b/2, b] for b = initialBackoff * 2^(attempt-1). */
    private Duration backoff(int attempt) {
        long base = initialBackoff.toMillis() << Math.min(attempt - 1, 20);
        long half = base / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(base - half + 1));
    }

    private static Duration clamp(Duration wait) {
        if (wait.compareTo(MIN_RETRY_AFTER) < 0) {
            return MIN_RETRY_AFTER;
        }
        return wait.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : wait;
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
            return new Answer(r.statusCode(), r.body(), r.headers().firstValue("Retry-After"));
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

    /** @param outcome null for a request not sent because of the cool-down */
    private void emit(KdsEndpoint endpoint, KdsOutcome outcome) {
        try {
            if (outcome == null) {
                events.onCoolDown(endpoint);
            } else {
                events.onRequest(endpoint, outcome);
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "KDS event listener failed", e);
        }
    }

    private static CollateralUnavailableException unavailable(URI uri, String detail, Optional<Duration> retryAfter,
            Throwable cause) {
        return new CollateralUnavailableException(FailureCode.ENDORSEMENT_UNAVAILABLE,
                "AMD KDS " + uri + ": " + detail, retryAfter, cause);
    }

    /** Configuration; every option has a default. */
    public static final class Builder {
        private HttpClient httpClient;
        private KdsUrls urls = KdsUrls.amd();
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
        private Duration initialBackoff = DEFAULT_INITIAL_BACKOFF;
        private Duration totalBudget = DEFAULT_TOTAL_BUDGET;
        private int maxResponseBytes = DEFAULT_MAX_RESPONSE_BYTES;
        private Clock clock = Clock.systemUTC();
        private Sleeper sleeper = Sleeper.SYSTEM;
        private KdsEvents events = KdsEvents.NONE;
        private Duration outageCoolDown = DEFAULT_OUTAGE_COOL_DOWN;

        private Builder() {
        }

        /** The HTTP client (default: a new one, connect timeout = request timeout, redirects followed except https→http). */
        public Builder httpClient(HttpClient value) {
            this.httpClient = Objects.requireNonNull(value);
            return this;
        }

        /** KDS or a caching proxy (default {@code https://kdsintf.amd.com}). */
        public Builder baseUri(URI value) {
            this.urls = new KdsUrls(value);
            return this;
        }

        /** Timeout of one exchange, whole answer included (default 10 s). */
        public Builder requestTimeout(Duration value) {
            this.requestTimeout = positive(value, "requestTimeout");
            return this;
        }

        /** Requests per call at most, first included (default 3). */
        public Builder maxAttempts(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1");
            }
            this.maxAttempts = value;
            return this;
        }

        /** Backoff before the first retry after a 5xx, I/O error or timeout; doubles per retry, with jitter (default 1 s). */
        public Builder initialBackoff(Duration value) {
            this.initialBackoff = positive(value, "initialBackoff");
            return this;
        }

        /** Time one call may take, waits and retries included (default 30 s). */
        public Builder totalBudget(Duration value) {
            this.totalBudget = positive(value, "totalBudget");
            return this;
        }

        /** Larger answers are rejected as bad answers (default 1 MiB). */
        public Builder maxResponseBytes(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("maxResponseBytes must be positive");
            }
            this.maxResponseBytes = value;
            return this;
        }

        /** Time for budgets, {@code Retry-After} dates, the cool-down and CRL freshness (default system UTC). */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value);
            return this;
        }

        /** How to wait between attempts (default {@link Sleeper#SYSTEM}). */
        public Builder sleeper(Sleeper value) {
            this.sleeper = Objects.requireNonNull(value);
            return this;
        }

        /**
         * After a call has failed every attempt (5xx, I/O errors, timeouts), no request is sent for
         * this long unless KDS suggested a {@code Retry-After} (default 30 s).
         */
        public Builder outageCoolDown(Duration value) {
            this.outageCoolDown = positive(value, "outageCoolDown");
            return this;
        }

        /** Request outcomes (default {@link KdsEvents#NONE}). */
        public Builder events(KdsEvents value) {
            this.events = Objects.requireNonNull(value);
            return this;
        }

        public KdsClient build() {
            return new KdsClient(this);
        }

        private static Duration positive(Duration d, String name) {
            if (!Objects.requireNonNull(d, name).isPositive()) {
                throw new IllegalArgumentException(name + " must be positive");
            }
            return d;
        }
    }
}
