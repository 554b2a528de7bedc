package dev.rats.endorsements.kds;

import dev.rats.endorsements.http.BadAnswerException;
import dev.rats.endorsements.http.FetchListener;
import dev.rats.endorsements.http.FetchOutcome;
import dev.rats.endorsements.http.FetchSettings;
import dev.rats.endorsements.http.HttpFetcher;
import dev.rats.evidence.CollateralUnavailableException;
import dev.rats.evidence.FailureCode;
import dev.rats.evidence.binary.Bytes;
import dev.rats.evidence.snp.SigningKey;
import dev.rats.evidence.snp.SnpProduct;
import dev.rats.evidence.snp.TcbVersion;
import java.net.URI;
import java.security.cert.X509CRL;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Fetches VCEKs, cert chains and CRLs from AMD KDS, or from a caching proxy at another base URL
 * (sev-snp.md §4; AMD 57230 chapter 4), without caching: {@link KdsEndorsements} caches.
 *
 * <p>Politeness and resilience (sev-snp.md §4.2, DESIGN §5) come from {@link HttpFetcher}: a timeout
 * per exchange, bounded retries with backoff within a total budget, {@code Retry-After} in
 * <em>seconds</em> after a 429 (absent: 10 s, AMD's observed once-per-10-s throttle), and a cool-down
 * of the whole KDS host after a 429 or an outage, during which every call fails fast with
 * {@link FailureCode#ENDORSEMENT_UNAVAILABLE} carrying the remaining wait. 404 means "no such
 * resource" (for a VCEK: no VCEK for this chip and TCB), an empty result.
 *
 * <p>Answers are validated before they are returned: a VCEK must be the X.509 {@code SEV-VCEK} of
 * exactly the chip, TCB and product asked for; a {@code cert_chain} must be PEM holding exactly the
 * AS[V]K and the ARK; a CRL must decode, be issued by the ARK and be before its nextUpdate. Anything
 * else is a bad answer, reported as {@link FailureCode#ENDORSEMENT_UNAVAILABLE} and never retried.
 *
 * <p>Thread-safe. Share one instance per KDS base URL, so that the cool-down covers every caller.
 */
public final class KdsClient {

    public static final Duration DEFAULT_REQUEST_TIMEOUT = FetchSettings.DEFAULT_REQUEST_TIMEOUT;
    public static final int DEFAULT_MAX_ATTEMPTS = FetchSettings.DEFAULT_MAX_ATTEMPTS;
    public static final Duration DEFAULT_INITIAL_BACKOFF = FetchSettings.DEFAULT_INITIAL_BACKOFF;
    public static final Duration DEFAULT_TOTAL_BUDGET = FetchSettings.DEFAULT_TOTAL_BUDGET;
    public static final int DEFAULT_MAX_RESPONSE_BYTES = FetchSettings.DEFAULT_MAX_RESPONSE_BYTES;
    /** The wait after a 429 without a readable {@code Retry-After} (sev-snp.md §4.2: "once per 10 seconds"). */
    public static final Duration DEFAULT_RETRY_AFTER = FetchSettings.DEFAULT_RETRY_AFTER;
    /** How long to stop asking after a call failed every attempt. */
    public static final Duration DEFAULT_OUTAGE_COOL_DOWN = FetchSettings.DEFAULT_OUTAGE_COOL_DOWN;
    /** A 429 always means at least this much cool-down. */
    public static final Duration MIN_RETRY_AFTER = FetchSettings.MIN_RETRY_AFTER;
    /** A longer {@code Retry-After} is taken as this, so that one odd header cannot disable KDS for days. */
    public static final Duration MAX_RETRY_AFTER = FetchSettings.MAX_RETRY_AFTER;

    private final HttpFetcher fetcher;
    private final KdsUrls urls;
    private final KdsEvents events;

    private KdsClient(Builder b) {
        this.fetcher = new HttpFetcher("AMD KDS", b);
        this.urls = b.urls;
        this.events = b.events;
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
        return fetcher.fetch(uri, listener(KdsEndpoint.VCEK), a -> KdsAnswers.vcek(a.body(), product, hwId, tcb));
    }

    /** The AS[V]K and ARK of a product (sev-snp.md §4.1); empty on 404. */
    public Optional<KdsCertChain> certChain(SnpProduct product, SigningKey kind) throws CollateralUnavailableException {
        return fetcher.fetch(urls.certChain(product, kind), listener(KdsEndpoint.CERT_CHAIN),
                a -> KdsAnswers.certChain(a.body(), product, kind));
    }

    /** The ARK-signed CRL of a product's AS[V]Ks, current at this client's clock (sev-snp.md §3.5); empty on 404. */
    public Optional<X509CRL> crl(SnpProduct product, SigningKey kind) throws CollateralUnavailableException {
        return fetcher.fetch(urls.crl(product, kind), listener(KdsEndpoint.CRL), a -> {
            X509CRL crl = KdsAnswers.crl(a.body(), product);
            if (!KdsAnswers.isCurrent(crl, fetcher.clock().instant())) {
                throw new BadAnswerException("the CRL is past its nextUpdate "
                        + KdsAnswers.validUntil(crl).map(Instant::toString).orElse("(none)"));
            }
            return crl;
        });
    }

    /** Until when no request is sent, after a 429 or an outage; empty when not cooling down. */
    public Optional<Instant> coolDownUntil() {
        return fetcher.coolDownUntil(urls.base());
    }

    public KdsUrls urls() {
        return urls;
    }

    Clock clock() {
        return fetcher.clock();
    }

    KdsEvents events() {
        return events;
    }

    /** Reports one call's exchanges as {@link KdsEvents} of {@code endpoint}. */
    private FetchListener listener(KdsEndpoint endpoint) {
        return new FetchListener() {
            @Override
            public void onRequest(FetchOutcome outcome) {
                events.onRequest(endpoint, KdsOutcome.of(outcome));
            }

            @Override
            public void onCoolDown() {
                events.onCoolDown(endpoint);
            }
        };
    }

    @Override
    public String toString() {
        return "AMD KDS client (" + urls.base() + ")";
    }

    /** Configuration; every option has a default (the shared ones are documented in {@link FetchSettings}). */
    public static final class Builder extends FetchSettings<Builder> {
        private KdsUrls urls = KdsUrls.amd();
        private KdsEvents events = KdsEvents.NONE;

        private Builder() {
        }

        @Override
        protected Builder self() {
            return this;
        }

        /** KDS or a caching proxy (default {@code https://kdsintf.amd.com}). */
        public Builder baseUri(URI value) {
            this.urls = new KdsUrls(value);
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
    }
}
