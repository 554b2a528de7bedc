package dev.rats.endorsements.kds;

import dev.rats.endorsements.http.BadAnswerException;
import dev.rats.endorsements.http.SingleFlightCache;
import dev.rats.endorsements.http.SingleFlightCache.Entry;
import dev.rats.evidence.CollateralUnavailableException;
import dev.rats.evidence.FailureCode;
import dev.rats.evidence.binary.Bytes;
import dev.rats.evidence.snp.CrlSource;
import dev.rats.evidence.snp.SigningKey;
import dev.rats.evidence.snp.SnpProduct;
import dev.rats.evidence.snp.TcbVersion;
import dev.rats.evidence.snp.VcekSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.CRLException;
import java.security.cert.X509CRL;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * AMD endorsements for the SEV-SNP verifier: VCEKs, cert chains and CRLs from memory, then from an
 * {@link EndorsementDirectory} on disk, then from KDS through a {@link KdsClient}
 * (sev-snp.md §4.3, DESIGN §5):
 * <ul>
 * <li>VCEKs are immutable per (product, hwID, TCB) and kept for good, several TCBs per chip, so
 * that a firmware update does not evict the old one.</li>
 * <li>Cert chains are kept for good, per (product, vcek|vlek).</li>
 * <li>CRLs are served only strictly before their nextUpdate, from memory or disk, and re-fetched
 * after it; a stale CRL is never served (§3.5).</li>
 * <li>Concurrent misses for one key make exactly one KDS request; failures are not cached. A VCEK
 * that KDS does not know (404) is remembered as absent for {@code notFoundTtl} only.</li>
 * <li>Everything read from disk is validated like a KDS answer; a corrupt file is logged, ignored
 * and (online) replaced by a fresh fetch. Writes are atomic.</li>
 * <li>{@linkplain #offline(Path) Offline}, only the directory is consulted and no connection is
 * ever opened: a missing VCEK or CRL is an empty result.</li>
 * </ul>
 * Errors of KDS surface as {@link CollateralUnavailableException} with
 * {@code ENDORSEMENT_UNAVAILABLE} ("could not check", never "bad"), carrying {@code Retry-After}
 * when known. Thread-safe.
 */
public final class KdsEndorsements implements VcekSource, CrlSource {

    private static final System.Logger LOG = System.getLogger(KdsEndorsements.class.getName());

    public static final long DEFAULT_MAX_VCEKS_IN_MEMORY = 10_000;
    public static final Duration DEFAULT_NOT_FOUND_TTL = Duration.ofMinutes(10);
    /** The least time between two background CRL fetches for one product and key kind. */
    static final Duration REFRESH_INTERVAL = Duration.ofSeconds(30);
    private static final int PRODUCT_KEYS = 16;

    private record VcekKey(SnpProduct product, Bytes hwId, Bytes tcb) {
    }

    private record ProductKey(SnpProduct product, SigningKey kind) {
    }

    private final EndorsementDirectory directory;
    private final KdsClient client; // null: offline
    private final Clock clock;
    private final KdsEvents events;
    private final Duration notFoundTtl;
    private final SingleFlightCache<VcekKey, Bytes> vceks;
    private final SingleFlightCache<ProductKey, KdsCertChain> chains;
    private final SingleFlightCache<ProductKey, X509CRL> crls;
    private final java.util.concurrent.ConcurrentHashMap<ProductKey, Instant> lastRefresh =
            new java.util.concurrent.ConcurrentHashMap<>();

    private KdsEndorsements(Builder b) {
        this.directory = new EndorsementDirectory(b.directory);
        this.client = b.client;
        this.clock = b.clock != null ? b.clock : b.client != null ? b.client.clock() : Clock.systemUTC();
        this.events = b.events != null ? b.events : b.client != null ? b.client.events() : KdsEvents.NONE;
        this.notFoundTtl = b.notFoundTtl;
        this.vceks = new SingleFlightCache<>(b.maxVceksInMemory, clock, () -> hit(KdsEndpoint.VCEK));
        this.chains = new SingleFlightCache<>(PRODUCT_KEYS, clock, () -> hit(KdsEndpoint.CERT_CHAIN));
        this.crls = new SingleFlightCache<>(PRODUCT_KEYS, clock, () -> hit(KdsEndpoint.CRL));
    }

    /** Online: memory, then {@code directory}, then KDS through {@code client}. */
    public static KdsEndorsements online(KdsClient client, Path directory) {
        return builder(directory).client(client).build();
    }

    /** Offline (air-gapped): only {@code directory} is read; no connection is ever opened. */
    public static KdsEndorsements offline(Path directory) {
        return builder(directory).build();
    }

    /** A builder over {@code directory}; offline unless a {@link Builder#client client} is set. */
    public static Builder builder(Path directory) {
        return new Builder(directory);
    }

    public boolean isOffline() {
        return client == null;
    }

    public EndorsementDirectory directory() {
        return directory;
    }

    /**
     * {@inheritDoc}
     *
     * <p>An all-zero hwID (MASK_CHIP_ID, sev-snp.md §4.1) cannot be looked up: empty, no request.
     *
     * @throws IllegalArgumentException if the hwID length or TCB layout does not fit the product
     */
    @Override
    public Optional<Bytes> vcek(SnpProduct product, Bytes hwId, TcbVersion reportedTcb) throws CollateralUnavailableException {
        KdsUrls.checkVcekRequest(product, hwId, reportedTcb);
        if (hwId.isAllZero()) {
            return Optional.empty();
        }
        return vceks.get(new VcekKey(product, hwId, reportedTcb.raw()), () -> loadVcek(product, hwId, reportedTcb));
    }

    /** {@inheritDoc} The CRL returned is always before its nextUpdate at this instance's clock. */
    @Override
    public Optional<X509CRL> crl(SnpProduct product, SigningKey kind) throws CollateralUnavailableException {
        KdsUrls.keyPath(kind);
        return crls.get(new ProductKey(Objects.requireNonNull(product), kind), () -> loadCrl(product, kind));
    }

    /**
     * {@inheritDoc}
     *
     * <p>Serves a CRL from memory or disk; when neither holds a current one and KDS is configured,
     * starts one background fetch (single-flight, so concurrent callers share it) and answers empty
     * at once. While no CRL is at hand (e.g. during a KDS outage), the directory is looked at and a
     * fetch started at most once per {@link #REFRESH_INTERVAL} per product and key kind, so requests
     * in between answer from memory without touching the disk. A policy that requires CRLs calls
     * {@link #crl}, which waits.
     */
    @Override
    public Optional<X509CRL> crlIfAtHand(SnpProduct product, SigningKey kind) throws CollateralUnavailableException {
        KdsUrls.keyPath(kind);
        ProductKey key = new ProductKey(Objects.requireNonNull(product), kind);
        Optional<SingleFlightCache.Entry<X509CRL>> cached = crls.peek(key);
        if (cached.isPresent()) {
            hit(KdsEndpoint.CRL);
            return cached.get().value();
        }
        if (!refreshDue(key)) {
            return Optional.empty(); // looked for one less than REFRESH_INTERVAL ago
        }
        Optional<X509CRL> stored = storedCrl(product, kind);
        if (stored.isPresent() || client == null) {
            return crl(product, kind);
        }
        if (!crls.loading(key)) {
            Thread.ofVirtual().name("kds-crl-refresh").start(() -> {
                try {
                    crl(product, kind);
                } catch (CollateralUnavailableException | RuntimeException e) {
                    LOG.log(System.Logger.Level.DEBUG, "background CRL refresh for {0} {1} failed: {2}", product, kind, e);
                }
            });
        }
        return Optional.empty();
    }

    /**
     * Whether to look for a CRL on disk and start a background fetch: at most once per key per
     * {@link #REFRESH_INTERVAL}, so that requests arriving during an outage do not each read the
     * directory or start a fetch.
     */
    private boolean refreshDue(ProductKey key) {
        Instant now = clock.instant();
        boolean[] due = {false};
        lastRefresh.compute(key, (k, last) -> {
            if (last == null || !now.isBefore(last.plus(REFRESH_INTERVAL))) {
                due[0] = true;
                return now;
            }
            return last;
        });
        return due[0];
    }

    /** A current CRL from the directory, if there is one (no network). */
    private Optional<X509CRL> storedCrl(SnpProduct product, SigningKey kind) {
        Path file = directory.crlFile(product, kind);
        return directory.read(file).flatMap(bytes -> {
            try {
                X509CRL crl = KdsAnswers.crl(bytes, product);
                return KdsAnswers.isCurrent(crl, clock.instant()) ? Optional.of(crl) : Optional.empty();
            } catch (BadAnswerException e) {
                return Optional.empty();
            }
        });
    }

    /**
     * The AS[V]K and ARK of a product; untrusted (the verifier trusts only its pinned ARK), empty
     * when neither the directory nor KDS has them.
     */
    public Optional<KdsCertChain> certChain(SnpProduct product, SigningKey kind) throws CollateralUnavailableException {
        KdsUrls.keyPath(kind);
        return chains.get(new ProductKey(Objects.requireNonNull(product), kind), () -> loadChain(product, kind));
    }

    private Entry<Bytes> loadVcek(SnpProduct product, Bytes hwId, TcbVersion tcb) throws CollateralUnavailableException {
        Path file = directory.vcekFile(product, hwId, tcb);
        Optional<byte[]> stored = directory.read(file);
        if (stored.isPresent()) {
            try {
                Bytes der = KdsAnswers.vcek(stored.get(), product, hwId, tcb);
                hit(KdsEndpoint.VCEK);
                return Entry.forever(der);
            } catch (BadAnswerException e) {
                corrupt(file, e);
            }
        }
        miss(KdsEndpoint.VCEK);
        if (client == null) {
            return notKnown();
        }
        Optional<Bytes> fetched = client.vcek(product, hwId, tcb);
        if (fetched.isEmpty()) {
            return new Entry<>(Optional.empty(), clock.instant().plus(notFoundTtl));
        }
        store(file, fetched.get().toByteArray());
        return Entry.forever(fetched.get());
    }

    private Entry<KdsCertChain> loadChain(SnpProduct product, SigningKey kind) throws CollateralUnavailableException {
        Path file = directory.certChainFile(product, kind);
        Optional<byte[]> stored = directory.read(file);
        if (stored.isPresent()) {
            try {
                KdsCertChain chain = KdsAnswers.certChain(stored.get(), product, kind);
                hit(KdsEndpoint.CERT_CHAIN);
                return Entry.forever(chain);
            } catch (BadAnswerException e) {
                corrupt(file, e);
            }
        }
        miss(KdsEndpoint.CERT_CHAIN);
        if (client == null) {
            return notKnown();
        }
        Optional<KdsCertChain> fetched = client.certChain(product, kind);
        if (fetched.isEmpty()) {
            return new Entry<>(Optional.empty(), clock.instant().plus(notFoundTtl));
        }
        store(file, fetched.get().pem().getBytes(StandardCharsets.US_ASCII));
        return Entry.forever(fetched.get());
    }

    private Entry<X509CRL> loadCrl(SnpProduct product, SigningKey kind) throws CollateralUnavailableException {
        Path file = directory.crlFile(product, kind);
        Optional<byte[]> stored = directory.read(file);
        if (stored.isPresent()) {
            try {
                X509CRL crl = KdsAnswers.crl(stored.get(), product);
                if (KdsAnswers.isCurrent(crl, clock.instant())) {
                    hit(KdsEndpoint.CRL);
                    return new Entry<>(Optional.of(crl), KdsAnswers.validUntil(crl).orElseThrow());
                }
                LOG.log(System.Logger.Level.INFO, "{0} is past its nextUpdate {1}; not using it", file,
                        KdsAnswers.validUntil(crl).map(Instant::toString).orElse("(none)"));
            } catch (BadAnswerException e) {
                corrupt(file, e);
            }
        }
        miss(KdsEndpoint.CRL);
        if (client == null) {
            return notKnown();
        }
        Optional<X509CRL> fetched = client.crl(product, kind);
        if (fetched.isEmpty()) {
            return new Entry<>(Optional.empty(), clock.instant().plus(notFoundTtl));
        }
        X509CRL crl = fetched.get();
        if (!KdsAnswers.isCurrent(crl, clock.instant())) {
            // the client judged it current by its clock; this instance's clock decides what is served
            throw new CollateralUnavailableException(FailureCode.ENDORSEMENT_UNAVAILABLE, "AMD KDS "
                    + client.urls().crl(product, kind) + ": the CRL is past its nextUpdate "
                    + KdsAnswers.validUntil(crl).map(Instant::toString).orElse("(none)"), Optional.empty(), null);
        }
        try {
            store(file, crl.getEncoded());
        } catch (CRLException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot encode the CRL for {0}: {1}", file, e.toString());
        }
        return new Entry<>(fetched, KdsAnswers.validUntil(crl).orElseThrow());
    }

    /** Offline and missing: empty, not remembered, so that files added later are seen. */
    private <V> Entry<V> notKnown() {
        return new Entry<>(Optional.empty(), Instant.MIN);
    }

    /** A failed write costs only the disk copy: the value is still served from memory. */
    private void store(Path file, byte[] content) {
        try {
            directory.write(file, content);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot store {0}: {1}", file, e.toString());
        }
    }

    private void corrupt(Path file, BadAnswerException e) {
        LOG.log(System.Logger.Level.WARNING, "ignoring corrupt {0}: {1}{2}", file, e.getMessage(),
                client == null ? "" : "; fetching it again");
    }

    private void hit(KdsEndpoint endpoint) {
        try {
            events.onCacheHit(endpoint);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "KDS event listener failed", e);
        }
    }

    private void miss(KdsEndpoint endpoint) {
        try {
            events.onCacheMiss(endpoint);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "KDS event listener failed", e);
        }
    }

    @Override
    public String toString() {
        return "KDS endorsements (" + (client == null ? "offline" : client.urls().base().toString()) + ", "
                + directory + ")";
    }

    /** Configuration of {@link KdsEndorsements}. */
    public static final class Builder {
        private final Path directory;
        private KdsClient client;
        private Clock clock;
        private KdsEvents events;
        private long maxVceksInMemory = DEFAULT_MAX_VCEKS_IN_MEMORY;
        private Duration notFoundTtl = DEFAULT_NOT_FOUND_TTL;

        private Builder(Path directory) {
            this.directory = Objects.requireNonNull(directory, "directory");
        }

        /** Fetch misses from KDS through this client (default none: offline). */
        public Builder client(KdsClient value) {
            this.client = Objects.requireNonNull(value);
            return this;
        }

        /** Time for CRL freshness (default the client's clock, or system UTC offline). */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value);
            return this;
        }

        /** Cache hits and misses (default the client's listener, or {@link KdsEvents#NONE} offline). */
        public Builder events(KdsEvents value) {
            this.events = Objects.requireNonNull(value);
            return this;
        }

        /** Bound of the in-memory VCEK cache (default 10,000); the directory keeps them all. */
        public Builder maxVceksInMemory(long value) {
            if (value < 1) {
                throw new IllegalArgumentException("maxVceksInMemory must be positive");
            }
            this.maxVceksInMemory = value;
            return this;
        }

        /** How long a 404 from KDS is remembered before KDS is asked again (default 10 min; zero: never). */
        public Builder notFoundTtl(Duration value) {
            if (Objects.requireNonNull(value).isNegative()) {
                throw new IllegalArgumentException("notFoundTtl must not be negative");
            }
            this.notFoundTtl = value;
            return this;
        }

        public KdsEndorsements build() {
            return new KdsEndorsements(this);
        }
    }
}
