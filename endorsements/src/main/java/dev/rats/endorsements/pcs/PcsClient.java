package dev.rats.endorsements.pcs;

import dev.rats.endorsements.http.FetchListener;
import dev.rats.endorsements.http.FetchOutcome;
import dev.rats.endorsements.http.FetchSettings;
import dev.rats.endorsements.http.HttpAnswer;
import dev.rats.endorsements.http.HttpFetcher;
import dev.rats.evidence.CollateralUnavailableException;
import dev.rats.evidence.FailureCode;
import dev.rats.evidence.binary.Bytes;
import dev.rats.evidence.tdx.PckCaType;
import dev.rats.evidence.tdx.collateral.QeIdentity;
import dev.rats.evidence.tdx.collateral.TcbInfo;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Fetches TDX collateral from Intel PCS API v4, or from a PCCS or caching proxy at another base URL
 * (tdx.md §3.3), without caching: {@link PcsCollateralSource} caches.
 *
 * <p>Politeness and resilience come from {@link HttpFetcher}: a timeout per exchange, bounded retries
 * with backoff within a total budget, {@code Retry-After} (seconds or an HTTP-date) after a 429, and a
 * cool-down of the host after a 429 or an outage during which every call fails fast with
 * {@link FailureCode#ENDORSEMENT_UNAVAILABLE}. 404 is an empty result (for TCB Info: an FMSPC that PCS
 * does not know).
 *
 * <p>Answers are validated before they are returned ({@link PcsAnswers}): a body that does not parse,
 * a missing or garbled issuer-chain header, a signature that does not verify under that chain, TCB
 * Info of another FMSPC or with another id, a QE Identity other than {@code TD_QE}, a CRL of another
 * CA, and anything at or past its nextUpdate by this client's clock are bad answers, reported as
 * {@code ENDORSEMENT_UNAVAILABLE} and never retried.
 *
 * <p>Thread-safe. Share one instance per PCS base URL, so that the cool-down covers every caller.
 */
public final class PcsClient {

    private final HttpFetcher fetcher;
    private final PcsUrls urls;
    private final PcsEvents events;

    private PcsClient(Builder b) {
        this.fetcher = new HttpFetcher("Intel PCS", b);
        this.urls = b.urls;
        this.events = b.events;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The TDX TCB Info of {@code fmspc} with its {@code TCB-Info-Issuer-Chain} (or {@code SGX-TCB-Info-Issuer-Chain}).
     *
     * @param fmspc 6 bytes
     * @return the validated answer; empty when PCS does not know the FMSPC (404)
     * @throws IllegalArgumentException if {@code fmspc} is not 6 bytes
     */
    public Optional<PcsSignedDocument<TcbInfo>> tcbInfo(Bytes fmspc) throws CollateralUnavailableException {
        URI uri = urls.tcbInfo(fmspc);
        return fetcher.fetch(uri, listener(PcsEndpoint.TCB_INFO), a -> PcsAnswers.tcbInfo(a.body(),
                tcbInfoIssuerChain(a), fmspc, now()));
    }

    /** The TDX QE Identity ({@code TD_QE}) with its {@code SGX-Enclave-Identity-Issuer-Chain}; empty on 404. */
    public Optional<PcsSignedDocument<QeIdentity>> qeIdentity() throws CollateralUnavailableException {
        return fetcher.fetch(urls.qeIdentity(), listener(PcsEndpoint.QE_IDENTITY), a -> PcsAnswers.qeIdentity(a.body(),
                a.header(PcsAnswers.QE_IDENTITY_ISSUER_CHAIN), now()));
    }

    /** The PCK CRL of {@code ca} with its {@code SGX-PCK-CRL-Issuer-Chain}; empty on 404. */
    public Optional<PcsCrl> pckCrl(PckCaType ca) throws CollateralUnavailableException {
        return fetcher.fetch(urls.pckCrl(ca), listener(PcsEndpoint.PCK_CRL), a -> PcsAnswers.pckCrl(a.body(),
                a.header(PcsAnswers.PCK_CRL_ISSUER_CHAIN), ca, now()));
    }

    /** The Intel SGX Root CA CRL (DER, PEM or hex-encoded DER); empty on 404. */
    public Optional<PcsCrl> rootCaCrl() throws CollateralUnavailableException {
        return fetcher.fetch(urls.rootCaCrl(), listener(PcsEndpoint.ROOT_CA_CRL), a -> PcsAnswers.rootCaCrl(a.body(), now()));
    }

    /** Until when no request is sent to the PCS host, after a 429 or an outage; empty when not cooling down. */
    public Optional<Instant> coolDownUntil() {
        return fetcher.coolDownUntil(urls.base());
    }

    public PcsUrls urls() {
        return urls;
    }

    Clock clock() {
        return fetcher.clock();
    }

    PcsEvents events() {
        return events;
    }

    private Instant now() {
        return fetcher.clock().instant();
    }

    /** PCS v4 sends {@code TCB-Info-Issuer-Chain}; PCCS and older APIs {@code SGX-TCB-Info-Issuer-Chain} (tdx.md §3.3). */
    private static Optional<String> tcbInfoIssuerChain(HttpAnswer answer) {
        Optional<String> v4 = answer.header(PcsAnswers.TCB_INFO_ISSUER_CHAIN);
        return v4.isPresent() ? v4 : answer.header(PcsAnswers.SGX_TCB_INFO_ISSUER_CHAIN);
    }

    /** Reports one call's exchanges as {@link PcsEvents} of {@code endpoint}. */
    private FetchListener listener(PcsEndpoint endpoint) {
        return new FetchListener() {
            @Override
            public void onRequest(FetchOutcome outcome) {
                events.onRequest(endpoint, outcome);
            }

            @Override
            public void onCoolDown() {
                events.onCoolDown(endpoint);
            }
        };
    }

    @Override
    public String toString() {
        return "Intel PCS client (" + urls.base() + ", Root CA CRL " + urls.rootCaCrl() + ")";
    }

    /** Configuration; every option has a default (the shared ones are documented in {@link FetchSettings}). */
    public static final class Builder extends FetchSettings<Builder> {
        private PcsUrls urls = PcsUrls.intel();
        private PcsEvents events = PcsEvents.NONE;

        private Builder() {
        }

        @Override
        protected Builder self() {
            return this;
        }

        /** PCS, a PCCS or a caching proxy (default {@code https://api.trustedservices.intel.com}); the Root CA CRL URL is kept. */
        public Builder baseUri(URI value) {
            this.urls = urls.withBase(value);
            return this;
        }

        /**
         * Where the Root CA CRL comes from (default Intel's distribution point
         * {@code https://certificates.trustedservices.intel.com/IntelSGXRootCA.der}).
         */
        public Builder rootCaCrlUri(URI value) {
            this.urls = urls.withRootCaCrl(value);
            return this;
        }

        /** Every URL at once, e.g. {@link PcsUrls#pccs(URI)} for a PCCS that also serves the Root CA CRL. */
        public Builder urls(PcsUrls value) {
            this.urls = Objects.requireNonNull(value);
            return this;
        }

        /** Request outcomes (default {@link PcsEvents#NONE}). */
        public Builder events(PcsEvents value) {
            this.events = Objects.requireNonNull(value);
            return this;
        }

        public PcsClient build() {
            return new PcsClient(this);
        }
    }
}
