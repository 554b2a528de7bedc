package dev.rats.endorsements.pcs;

import dev.rats.endorsements.http.BadAnswerException;
import dev.rats.endorsements.http.SingleFlightCache;
import dev.rats.endorsements.http.SingleFlightCache.Entry;
import dev.rats.endorsements.store.EndorsementFiles;
import dev.rats.evidence.CollateralUnavailableException;
import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.FailureCode;
import dev.rats.evidence.binary.Bytes;
import dev.rats.evidence.tdx.PckCaType;
import dev.rats.evidence.tdx.collateral.QeIdentity;
import dev.rats.evidence.tdx.collateral.TcbInfo;
import dev.rats.evidence.tdx.collateral.TdxCollateral;
import dev.rats.evidence.tdx.collateral.TdxCollateralSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * TDX collateral for the verifier: TCB Info per FMSPC, the TDX QE Identity, the PCK CRL per CA type
 * and the Root CA CRL, from memory, then from a {@link PcsDirectory} on disk, then from Intel PCS (or
 * a PCCS or proxy) through a {@link PcsClient} (tdx.md §3.3, §3.5; DESIGN §5):
 * <ul>
 * <li>Every item is served strictly before its nextUpdate and never after, from memory or disk.</li>
 * <li>Items are refreshed well before their nextUpdate: from half their remaining lifetime when they
 * were obtained, and at least every {@code maxRefreshInterval} (default one day, so the PCK CRL,
 * which Intel re-issues about daily, is fetched daily). A refresh runs in the background while the
 * current copy is still served; if it fails, the current copy keeps being served until its
 * nextUpdate (tdx.md §3.5: "keep serving the previous copy while a refresh fails").</li>
 * <li>Concurrent misses for one item make exactly one request; failures are never cached. An FMSPC
 * that PCS does not know (404) is remembered as absent for {@code notFoundTtl} only.</li>
 * <li>Nothing bad is cached: answers and files are validated alike ({@link PcsAnswers}); a corrupt or
 * expired file is logged, ignored and (online) replaced. Writes are atomic.</li>
 * <li>{@linkplain #offline(Path) Offline}, only the directory is read and no connection is ever
 * opened; files added or replaced later are picked up.</li>
 * </ul>
 * Outages and rate limits surface as {@link CollateralUnavailableException} with
 * {@code ENDORSEMENT_UNAVAILABLE} ("could not check", never "bad"), carrying {@code Retry-After} when
 * known; TCB Info or QE Identity that the source answered it does not have (404, or absent from the
 * offline directory) as an {@link EvidenceException} with {@code TDX_COLLATERAL_MISSING}; a missing CRL
 * as an empty result.
 *
 * <p>For quote verification, pass this source itself as the CRL source of the verification context:
 * an unobtainable CRL then fails the verification when the policy requires CRLs. {@link #collateral}
 * bundles the CRLs at hand and leaves out those that cannot be obtained now. Thread-safe.
 */
public final class PcsCollateralSource implements TdxCollateralSource {

    private static final System.Logger LOG = System.getLogger(PcsCollateralSource.class.getName());

    public static final long DEFAULT_MAX_TCB_INFOS_IN_MEMORY = 1_000;
    public static final Duration DEFAULT_NOT_FOUND_TTL = Duration.ofMinutes(10);
    /** Items are refreshed at least this often (tdx.md §3.5: the PCK CRL daily). */
    public static final Duration DEFAULT_MAX_REFRESH_INTERVAL = Duration.ofDays(1);

    private static final String SINGLE = "single";
    private static final int FEW = 4;

    /** Reads an item back from its file and, if any, the issuer chain file beside it. */
    @FunctionalInterface
    private interface Parser<V> {
        V parse(byte[] content, Optional<String> issuerChain, Instant now) throws BadAnswerException;
    }

    /** Asks the service for an item. */
    @FunctionalInterface
    private interface Fetch<V> {
        Optional<V> fetch() throws CollateralUnavailableException;
    }

    /** One collateral item: where it is stored, how a stored copy is validated, how it is fetched. */
    private record Item<V extends PcsAnswer>(PcsEndpoint endpoint, String description, Path file,
            Optional<Path> issuerChainFile, Parser<V> parser, Fetch<V> fetch, Function<V, Bytes> content) {
    }

    private final PcsDirectory directory;
    private final PcsClient client; // null: offline
    private final Clock clock;
    private final PcsEvents events;
    private final Duration notFoundTtl;
    private final Duration maxRefreshInterval;
    private final SingleFlightCache<Bytes, PcsSignedDocument<TcbInfo>> tcbInfos;
    private final SingleFlightCache<String, PcsSignedDocument<QeIdentity>> qeIdentities;
    private final SingleFlightCache<PckCaType, PcsCrl> pckCrls;
    private final SingleFlightCache<String, PcsCrl> rootCaCrls;

    private PcsCollateralSource(Builder b) {
        this.directory = new PcsDirectory(b.directory);
        this.client = b.client;
        this.clock = b.clock != null ? b.clock : b.client != null ? b.client.clock() : Clock.systemUTC();
        this.events = b.events != null ? b.events : b.client != null ? b.client.events() : PcsEvents.NONE;
        this.notFoundTtl = b.notFoundTtl;
        this.maxRefreshInterval = b.maxRefreshInterval;
        this.tcbInfos = cache(b, b.maxTcbInfosInMemory, PcsEndpoint.TCB_INFO);
        this.qeIdentities = cache(b, FEW, PcsEndpoint.QE_IDENTITY);
        this.pckCrls = cache(b, FEW, PcsEndpoint.PCK_CRL);
        this.rootCaCrls = cache(b, FEW, PcsEndpoint.ROOT_CA_CRL);
    }

    private <K, V> SingleFlightCache<K, V> cache(Builder b, long size, PcsEndpoint endpoint) {
        return new SingleFlightCache<>(size, clock, () -> hit(endpoint), b.refreshExecutor, b.refreshRetryInterval);
    }

    /** Online: memory, then {@code directory}, then PCS through {@code client}. */
    public static PcsCollateralSource online(PcsClient client, Path directory) {
        return builder(directory).client(client).build();
    }

    /** Offline (air-gapped): only {@code directory} is read (layout: {@link PcsDirectory}); no connection is ever opened. */
    public static PcsCollateralSource offline(Path directory) {
        return builder(directory).build();
    }

    /** A builder over {@code directory}; offline unless a {@link Builder#client client} is set. */
    public static Builder builder(Path directory) {
        return new Builder(directory);
    }

    public boolean isOffline() {
        return client == null;
    }

    public PcsDirectory directory() {
        return directory;
    }

    /**
     * {@inheritDoc}
     *
     * <p>The Root CA CRL and the PCK CRL are included when at hand or obtainable now, and left out
     * (logged) when their source is unavailable.
     *
     * @throws IllegalArgumentException if {@code fmspc} is not 6 bytes
     */
    @Override
    public TdxCollateral collateral(Bytes fmspc, PckCaType ca) throws EvidenceException {
        Objects.requireNonNull(ca, "ca");
        PcsSignedDocument<TcbInfo> tcbInfo = tcbInfo(fmspc);
        PcsSignedDocument<QeIdentity> qeIdentity = qeIdentity();
        Optional<PcsCrl> rootCaCrl = ifObtainable(this::rootCaCrlAnswer, "Root CA CRL");
        Optional<PcsCrl> pckCrl = ifObtainable(() -> pckCrlAnswer(ca), "PCK CRL (ca=" + ca.pcsName() + ")");
        return new TdxCollateral(tcbInfo.signed(), tcbInfo.issuerChain(), qeIdentity.signed(), qeIdentity.issuerChain(),
                rootCaCrl.map(PcsCrl::crl), pckCrl.map(PcsCrl::crl), pckCrl.map(PcsCrl::issuerChain).orElse(List.of()));
    }

    /**
     * The TDX TCB Info of {@code fmspc} with its issuer chain, before its nextUpdate at this instance's clock.
     *
     * @throws EvidenceException {@code TDX_COLLATERAL_MISSING} when the source has none;
     *         {@link CollateralUnavailableException} ({@code ENDORSEMENT_UNAVAILABLE}) when it could not answer
     * @throws IllegalArgumentException if {@code fmspc} is not 6 bytes
     */
    public PcsSignedDocument<TcbInfo> tcbInfo(Bytes fmspc) throws EvidenceException {
        String hex = PcsUrls.fmspcHex(fmspc);
        Item<PcsSignedDocument<TcbInfo>> item = new Item<>(PcsEndpoint.TCB_INFO, "TCB Info for FMSPC " + hex,
                directory.tcbInfoFile(fmspc), Optional.of(directory.tcbInfoIssuerChainFile(fmspc)),
                (content, chain, now) -> PcsAnswers.tcbInfo(content, chain, fmspc, now),
                () -> client.tcbInfo(fmspc), PcsSignedDocument::body);
        return tcbInfos.get(fmspc, () -> load(item)).orElseThrow(() -> missing(item));
    }

    /** The TDX QE Identity ({@code TD_QE}) with its issuer chain; failures as for {@link #tcbInfo}. */
    public PcsSignedDocument<QeIdentity> qeIdentity() throws EvidenceException {
        Item<PcsSignedDocument<QeIdentity>> item = new Item<>(PcsEndpoint.QE_IDENTITY, "TDX QE Identity",
                directory.qeIdentityFile(), Optional.of(directory.qeIdentityIssuerChainFile()),
                PcsAnswers::qeIdentity, () -> client.qeIdentity(), PcsSignedDocument::body);
        return qeIdentities.get(SINGLE, () -> load(item)).orElseThrow(() -> missing(item));
    }

    /** {@inheritDoc} Empty when the source has none; always before its nextUpdate at this instance's clock. */
    @Override
    public Optional<X509CRL> rootCaCrl() throws CollateralUnavailableException {
        return rootCaCrlAnswer().map(PcsCrl::crl);
    }

    /** {@inheritDoc} Empty when the source has none; always before its nextUpdate at this instance's clock. */
    @Override
    public Optional<X509CRL> pckCrl(PckCaType ca) throws CollateralUnavailableException {
        return pckCrlAnswer(ca).map(PcsCrl::crl);
    }

    /** The Root CA CRL with its DER; empty when the source has none. */
    public Optional<PcsCrl> rootCaCrlAnswer() throws CollateralUnavailableException {
        Item<PcsCrl> item = new Item<>(PcsEndpoint.ROOT_CA_CRL, "Root CA CRL", directory.rootCaCrlFile(), Optional.empty(),
                (content, chain, now) -> PcsAnswers.rootCaCrl(content, now), () -> client.rootCaCrl(), PcsCrl::der);
        return rootCaCrls.get(SINGLE, () -> load(item));
    }

    /** The PCK CRL of {@code ca} with its DER and issuer chain; empty when the source has none. */
    public Optional<PcsCrl> pckCrlAnswer(PckCaType ca) throws CollateralUnavailableException {
        Objects.requireNonNull(ca, "ca");
        Item<PcsCrl> item = new Item<>(PcsEndpoint.PCK_CRL, "PCK CRL (ca=" + ca.pcsName() + ")", directory.pckCrlFile(ca),
                Optional.of(directory.pckCrlIssuerChainFile(ca)),
                (content, chain, now) -> PcsAnswers.pckCrl(content, chain, ca, now), () -> client.pckCrl(ca), PcsCrl::der);
        return pckCrls.get(ca, () -> load(item));
    }

    /**
     * Loads an item: a stored copy that is not yet due for refresh (or any valid stored copy offline);
     * else a fresh answer, stored; else, when the service fails or has nothing, the valid stored copy.
     */
    private <V extends PcsAnswer> Entry<V> load(Item<V> item) throws CollateralUnavailableException {
        Entry<V> stored = stored(item, clock.instant());
        if (stored != null && (client == null || !stored.refreshDue(clock.instant()))) {
            hit(item.endpoint());
            return stored;
        }
        if (stored == null) {
            miss(item.endpoint());
        }
        if (client == null) {
            return notKnown();
        }
        Optional<V> fetched;
        try {
            fetched = item.fetch().fetch();
        } catch (CollateralUnavailableException e) {
            if (stored == null) {
                throw e;
            }
            LOG.log(System.Logger.Level.WARNING, "refreshing the {0} failed; serving {1} until its nextUpdate {2}: {3}",
                    item.description(), item.file(), stored.validUntil(), e.getMessage());
            return stored;
        }
        if (fetched.isEmpty()) {
            if (stored != null) {
                LOG.log(System.Logger.Level.WARNING, "Intel PCS no longer has the {0}; serving {1} until its nextUpdate {2}",
                        item.description(), item.file(), stored.validUntil());
                return stored;
            }
            return new Entry<>(Optional.empty(), clock.instant().plus(notFoundTtl));
        }
        V value = fetched.get();
        Instant now = clock.instant();
        if (!now.isBefore(value.nextUpdate())) {
            // the client judged it current by its clock; this instance's clock decides what is served
            throw new CollateralUnavailableException(FailureCode.ENDORSEMENT_UNAVAILABLE, "Intel PCS: the "
                    + item.description() + " is past its nextUpdate " + value.nextUpdate(), Optional.empty(), null);
        }
        store(item, value, now);
        return entry(value, now);
    }

    /** A valid stored copy with its refresh time, or null when there is none (an invalid file is logged). */
    private <V extends PcsAnswer> Entry<V> stored(Item<V> item, Instant now) {
        Optional<byte[]> content = EndorsementFiles.read(item.file());
        if (content.isEmpty()) {
            return null;
        }
        Optional<String> chain = item.issuerChainFile().flatMap(EndorsementFiles::read)
                .map(b -> new String(b, StandardCharsets.UTF_8));
        try {
            V value = item.parser().parse(content.get(), chain, now);
            Instant obtained = EndorsementFiles.lastModified(item.file()).filter(t -> t.isBefore(now)).orElse(now);
            return entry(value, obtained);
        } catch (BadAnswerException e) {
            LOG.log(System.Logger.Level.WARNING, "ignoring {0}: {1}{2}", item.file(), e.getMessage(),
                    client == null ? "" : "; fetching it again");
            return null;
        }
    }

    /** Served until nextUpdate; refreshed from half the lifetime left when obtained, at most {@code maxRefreshInterval} later. */
    private <V extends PcsAnswer> Entry<V> entry(V value, Instant obtained) {
        Duration half = Duration.between(obtained, value.nextUpdate()).dividedBy(2);
        Duration wait = half.isNegative() ? Duration.ZERO : half.compareTo(maxRefreshInterval) > 0 ? maxRefreshInterval : half;
        return new Entry<>(Optional.of(value), obtained.plus(wait), value.nextUpdate());
    }

    /** The issuer chain first, then the item, each atomically; a failed write costs only the disk copy. */
    private <V extends PcsAnswer> void store(Item<V> item, V value, Instant obtained) {
        try {
            if (item.issuerChainFile().isPresent()) {
                EndorsementFiles.write(item.issuerChainFile().get(),
                        PcsAnswers.pem(value.issuerChain()).getBytes(StandardCharsets.US_ASCII), Optional.of(obtained));
            }
            EndorsementFiles.write(item.file(), item.content().apply(value).toByteArray(), Optional.of(obtained));
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot store {0}: {1}", item.file(), e.toString());
        }
    }

    /** Offline and missing: empty, not remembered, so that files added later are seen. */
    private static <V> Entry<V> notKnown() {
        return new Entry<>(Optional.empty(), Instant.MIN);
    }

    private EvidenceException missing(Item<?> item) {
        return new EvidenceException(FailureCode.TDX_COLLATERAL_MISSING, client == null
                ? "the offline collateral directory " + directory.root() + " has no current " + item.description()
                        + " (" + item.file() + ")"
                : "Intel PCS " + client.urls().base() + " has no " + item.description());
    }

    @FunctionalInterface
    private interface CrlLookup {
        Optional<PcsCrl> get() throws CollateralUnavailableException;
    }

    private static Optional<PcsCrl> ifObtainable(CrlLookup lookup, String what) {
        try {
            return lookup.get();
        } catch (CollateralUnavailableException e) {
            LOG.log(System.Logger.Level.INFO, "collateral without the {0}: {1}", what, e.getMessage());
            return Optional.empty();
        }
    }

    private void hit(PcsEndpoint endpoint) {
        try {
            events.onCacheHit(endpoint);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "PCS event listener failed", e);
        }
    }

    private void miss(PcsEndpoint endpoint) {
        try {
            events.onCacheMiss(endpoint);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "PCS event listener failed", e);
        }
    }

    @Override
    public String toString() {
        return "PCS collateral (" + (client == null ? "offline" : client.urls().base().toString()) + ", " + directory + ")";
    }

    /** Configuration of {@link PcsCollateralSource}. */
    public static final class Builder {
        private final Path directory;
        private PcsClient client;
        private Clock clock;
        private PcsEvents events;
        private long maxTcbInfosInMemory = DEFAULT_MAX_TCB_INFOS_IN_MEMORY;
        private Duration notFoundTtl = DEFAULT_NOT_FOUND_TTL;
        private Duration maxRefreshInterval = DEFAULT_MAX_REFRESH_INTERVAL;
        private Executor refreshExecutor = SingleFlightCache.VIRTUAL_THREADS;
        private Duration refreshRetryInterval = SingleFlightCache.DEFAULT_REFRESH_RETRY_INTERVAL;

        private Builder(Path directory) {
            this.directory = Objects.requireNonNull(directory, "directory");
        }

        /** Fetch misses and refreshes from PCS through this client (default none: offline). */
        public Builder client(PcsClient value) {
            this.client = Objects.requireNonNull(value);
            return this;
        }

        /** Time for nextUpdate and refreshes (default the client's clock, or system UTC offline). */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value);
            return this;
        }

        /** Cache hits and misses (default the client's listener, or {@link PcsEvents#NONE} offline). */
        public Builder events(PcsEvents value) {
            this.events = Objects.requireNonNull(value);
            return this;
        }

        /** Bound of the in-memory TCB Info cache, one entry per FMSPC (default 1,000). */
        public Builder maxTcbInfosInMemory(long value) {
            if (value < 1) {
                throw new IllegalArgumentException("maxTcbInfosInMemory must be positive");
            }
            this.maxTcbInfosInMemory = value;
            return this;
        }

        /** How long a 404 from PCS is remembered before PCS is asked again (default 10 min; zero: never). */
        public Builder notFoundTtl(Duration value) {
            if (Objects.requireNonNull(value).isNegative()) {
                throw new IllegalArgumentException("notFoundTtl must not be negative");
            }
            this.notFoundTtl = value;
            return this;
        }

        /** Items are refreshed at least this often, and from half their remaining lifetime (default 1 day). */
        public Builder maxRefreshInterval(Duration value) {
            if (!Objects.requireNonNull(value).isPositive()) {
                throw new IllegalArgumentException("maxRefreshInterval must be positive");
            }
            this.maxRefreshInterval = value;
            return this;
        }

        /** Runs background refreshes (default a virtual thread each; {@code Runnable::run} refreshes in the caller). */
        public Builder refreshExecutor(Executor value) {
            this.refreshExecutor = Objects.requireNonNull(value);
            return this;
        }

        /** The least time between two refresh attempts of one item, e.g. while PCS is down (default 1 min). */
        public Builder refreshRetryInterval(Duration value) {
            if (Objects.requireNonNull(value).isNegative()) {
                throw new IllegalArgumentException("refreshRetryInterval must not be negative");
            }
            this.refreshRetryInterval = value;
            return this;
        }

        public PcsCollateralSource build() {
            return new PcsCollateralSource(this);
        }
    }
}
