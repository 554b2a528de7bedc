package dev.rats.endorsements.pcs;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.rats.endorsements.pcs.PcsTestSupport.QE_PATH;
import static dev.rats.endorsements.pcs.PcsTestSupport.ROOT_CRL_PATH;
import static dev.rats.endorsements.pcs.PcsTestSupport.pckCrlPath;
import static dev.rats.endorsements.pcs.PcsTestSupport.requests;
import static dev.rats.endorsements.pcs.PcsTestSupport.tcbInfoAnswer;
import static dev.rats.endorsements.pcs.PcsTestSupport.tcbPath;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.rats.endorsements.http.FakeSleeper;
import dev.rats.endorsements.http.LocalHttp;
import dev.rats.endorsements.http.MutableClock;
import dev.rats.endorsements.pcs.PcsTestSupport.Collateral;
import dev.rats.endorsements.pcs.PcsTestSupport.RecordingEvents;
import dev.rats.evidence.CollateralUnavailableException;
import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.FailureCode;
import dev.rats.evidence.binary.Bytes;
import dev.rats.evidence.tdx.PckCaType;
import dev.rats.evidence.tdx.collateral.TcbInfo;
import dev.rats.evidence.tdx.collateral.TdxCollateral;
import dev.rats.testkit.tdx.IntelTestPki;
import dev.rats.testkit.tdx.SimulatedTdxAttester;
import dev.rats.testkit.tdx.TcbInfoBuilder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link PcsCollateralSource}: memory, disk and PCS; refresh, expiry, single flight, outages, offline mode. */
class PcsCollateralSourceTest {

    @TempDir
    Path dir;

    private WireMockServer pcs;
    private URI pcsBase;
    private MutableClock clock;
    private FakeSleeper sleeper;
    private RecordingEvents events;
    private IntelTestPki pki;
    private Bytes fmspc;

    @BeforeEach
    void start() {
        pcs = LocalHttp.server();
        pcsBase = LocalHttp.base(pcs);
        clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        sleeper = new FakeSleeper(clock);
        events = new RecordingEvents();
        pki = IntelTestPki.defaultPki();
        fmspc = Bytes.of(pki.fmspc());
    }

    @AfterEach
    void stop() {
        pcs.stop();
    }

    private PcsClient client() {
        return PcsClient.builder().httpClient(LocalHttp.client()).baseUri(pcsBase)
                .rootCaCrlUri(URI.create(pcsBase + ROOT_CRL_PATH)).requestTimeout(Duration.ofSeconds(2))
                .clock(clock).sleeper(sleeper).events(events).build();
    }

    /** Online, refreshing in the calling thread so that tests see each refresh finish. */
    private PcsCollateralSource.Builder online() {
        return PcsCollateralSource.builder(dir).client(client()).refreshExecutor(Runnable::run);
    }

    /** Collateral of the default test PKI issued at {@code issued}. */
    private Collateral issuedAt(Instant issued) {
        return PcsTestSupport.simulated(SimulatedTdxAttester.builder(pki).issueTime(issued).build());
    }

    /** TCB Info of the default test PKI with a chosen window. */
    private byte[] tcbInfo(Instant issued, Instant nextUpdate) {
        return new TcbInfoBuilder().fmspc(pki.fmspc()).pceId(pki.pceId()).issueDate(issued).nextUpdate(nextUpdate)
                .signWith(pki.tcbSigningKey()).build().bodyBytes();
    }

    private int tcbRequests() {
        return requests(pcs, tcbPath(fmspc));
    }

    private static FailureCode code(ThrowingCallable call) {
        Throwable t = catchThrowableOfType(EvidenceException.class, call);
        assertThat(t).as("expected an EvidenceException").isNotNull();
        return ((EvidenceException) t).code();
    }

    @Test
    void collateralIsFetchedOnceStoredOnDiskAndThenServedFromMemory() throws Exception {
        Collateral c = issuedAt(clock.instant().minus(Duration.ofHours(1)));
        PcsTestSupport.stubAll(pcs, c);
        PcsCollateralSource source = online().build();

        TdxCollateral first = source.collateral(fmspc, PckCaType.PLATFORM);
        assertThat(first.tcbInfo().value().fmspc()).isEqualTo(fmspc);
        assertThat(first.qeIdentity().value().id()).isEqualTo("TD_QE");
        assertThat(first.tcbInfoIssuerChain()).hasSize(2);
        assertThat(first.pckCrl().orElseThrow().getEncoded()).isEqualTo(c.pckCrl());
        assertThat(first.pckCrlIssuerChain()).hasSize(2);
        assertThat(first.rootCaCrl().orElseThrow().getEncoded()).isEqualTo(c.rootCrl());

        TdxCollateral second = source.collateral(fmspc, PckCaType.PLATFORM);
        assertThat(second.tcbInfo().signedBytes()).isEqualTo(first.tcbInfo().signedBytes());
        assertThat(pcs.getAllServeEvents()).as("one request per item").hasSize(4);
        assertThat(events.requests()).containsExactly("request TCB_INFO OK", "request QE_IDENTITY OK",
                "request ROOT_CA_CRL OK", "request PCK_CRL OK");
        assertThat(events.events).contains("miss TCB_INFO", "hit TCB_INFO", "hit PCK_CRL");

        // the documented layout; bodies byte for byte, issuer chains as PEM
        PcsDirectory layout = new PcsDirectory(dir);
        assertThat(layout.tcbInfoFile(fmspc)).isEqualTo(dir.resolve("tdx/tcb/" + fmspc.toHex().toLowerCase(java.util.Locale.ROOT) + ".json"))
                .hasBinaryContent(c.tcbInfo());
        assertThat(Files.readString(layout.tcbInfoIssuerChainFile(fmspc))).isEqualTo(pki.tcbSigningChainPem());
        assertThat(dir.resolve("tdx/qe/identity.json")).hasBinaryContent(c.qeIdentity());
        assertThat(dir.resolve("tdx/qe/identity.issuer-chain.pem")).exists();
        assertThat(dir.resolve("sgx/pckcrl/platform.crl")).hasBinaryContent(c.pckCrl());
        assertThat(dir.resolve("sgx/pckcrl/platform.issuer-chain.pem")).exists();
        assertThat(dir.resolve("sgx/rootcacrl.crl")).hasBinaryContent(c.rootCrl());
        try (Stream<Path> files = Files.list(dir.resolve("tdx/tcb"))) {
            assertThat(files).as("no temporary file is left behind").hasSize(2);
        }
    }

    @Test
    void theDiskCacheSurvivesANewInstanceEvenWithPcsDown() throws Exception {
        PcsTestSupport.stubAll(pcs, issuedAt(clock.instant().minus(Duration.ofHours(1))));
        TdxCollateral fetched = online().build().collateral(fmspc, PckCaType.PLATFORM);
        pcs.stop();

        RecordingEvents restartedEvents = new RecordingEvents();
        PcsCollateralSource restarted = online().events(restartedEvents).build();
        TdxCollateral again = restarted.collateral(fmspc, PckCaType.PLATFORM);
        assertThat(again.tcbInfo().signedBytes()).isEqualTo(fetched.tcbInfo().signedBytes());
        assertThat(again.qeIdentity().signedBytes()).isEqualTo(fetched.qeIdentity().signedBytes());
        assertThat(again.pckCrl()).isPresent();
        assertThat(again.rootCaCrl()).isPresent();
        assertThat(restartedEvents.events).containsOnly("hit TCB_INFO", "hit QE_IDENTITY", "hit ROOT_CA_CRL", "hit PCK_CRL");
    }

    @Test
    void whenPcsIsDownACachedFmspcIsServedAndAnUncachedOneIsUnavailable() throws Exception {
        PcsTestSupport.stubAll(pcs, issuedAt(clock.instant().minus(Duration.ofHours(1))));
        PcsCollateralSource source = online().build();
        assertThat(source.tcbInfo(fmspc).signed().value().fmspc()).isEqualTo(fmspc);
        pcs.stop();

        assertThat(source.tcbInfo(fmspc).signed().value().fmspc()).isEqualTo(fmspc);
        Bytes uncached = Bytes.fromHex("00906ED50000");
        CollateralUnavailableException e = catchThrowableOfType(CollateralUnavailableException.class,
                () -> source.tcbInfo(uncached));
        assertThat(e.code()).isEqualTo(FailureCode.ENDORSEMENT_UNAVAILABLE);
        assertThat(e.getMessage()).contains("I/O error");
        assertThat(code(() -> source.collateral(uncached, PckCaType.PLATFORM))).isEqualTo(FailureCode.ENDORSEMENT_UNAVAILABLE);
    }

    @Test
    void anUnknownFmspcIsMissingAndRememberedOnlyBriefly() throws Exception {
        pcs.stubFor(get(urlEqualTo(tcbPath(fmspc))).willReturn(aResponse().withStatus(404)));
        PcsCollateralSource source = online().notFoundTtl(Duration.ofMinutes(5)).build();

        EvidenceException e = catchThrowableOfType(EvidenceException.class, () -> source.tcbInfo(fmspc));
        assertThat(e).isNotInstanceOf(CollateralUnavailableException.class);
        assertThat(e.code()).isEqualTo(FailureCode.TDX_COLLATERAL_MISSING);
        assertThat(code(() -> source.collateral(fmspc, PckCaType.PLATFORM))).isEqualTo(FailureCode.TDX_COLLATERAL_MISSING);
        assertThat(tcbRequests()).as("the 404 is remembered for a while").isEqualTo(1);
        assertThat(new PcsDirectory(dir).tcbInfoFile(fmspc)).doesNotExist();

        clock.advance(Duration.ofMinutes(5));
        PcsTestSupport.stubAll(pcs, issuedAt(clock.instant().minus(Duration.ofHours(1))));
        assertThat(source.tcbInfo(fmspc).signed().value().fmspc()).isEqualTo(fmspc);
        assertThat(tcbRequests()).isEqualTo(2);
    }

    @Test
    void badAnswersAreNeitherServedNorCached() throws Exception {
        Collateral c = issuedAt(clock.instant().minus(Duration.ofHours(1)));
        pcs.stubFor(get(urlEqualTo(tcbPath(fmspc))).willReturn(tcbInfoAnswer("{\"tcbInfo\":".getBytes(StandardCharsets.US_ASCII),
                c.tcbInfoChain())));
        PcsCollateralSource source = online().build();
        assertThat(code(() -> source.tcbInfo(fmspc))).isEqualTo(FailureCode.ENDORSEMENT_UNAVAILABLE);
        assertThat(new PcsDirectory(dir).tcbInfoFile(fmspc)).doesNotExist();

        pcs.stubFor(get(urlEqualTo(tcbPath(fmspc))).willReturn(tcbInfoAnswer(c.tcbInfo(), c.tcbInfoChain())));
        assertThat(source.tcbInfo(fmspc).body().toByteArray()).isEqualTo(c.tcbInfo());
        assertThat(tcbRequests()).isEqualTo(2);
    }

    @Test
    void expiredCollateralIsNeverServedAndIsFetchedAgain() throws Exception {
        Instant t0 = clock.instant();
        byte[] first = tcbInfo(t0.minus(Duration.ofDays(30)).plus(Duration.ofHours(2)), t0.plus(Duration.ofHours(2)));
        pcs.stubFor(get(urlEqualTo(tcbPath(fmspc))).willReturn(tcbInfoAnswer(first, pki.tcbSigningChainPem())));
        PcsCollateralSource source = online().build();
        assertThat(source.tcbInfo(fmspc).body().toByteArray()).isEqualTo(first);

        // exactly at nextUpdate: neither memory nor disk may serve it, and PCS is down
        clock.set(t0.plus(Duration.ofHours(2)));
        pcs.stubFor(get(urlEqualTo(tcbPath(fmspc))).willReturn(aResponse().withStatus(503)));
        assertThat(code(() -> source.tcbInfo(fmspc))).isEqualTo(FailureCode.ENDORSEMENT_UNAVAILABLE);
        clock.advance(Duration.ofMinutes(5)); // past the outage cool-down
        assertThat(code(() -> PcsCollateralSource.builder(dir).clock(clock).build().tcbInfo(fmspc)))
                .as("offline, the expired file is not served either").isEqualTo(FailureCode.TDX_COLLATERAL_MISSING);

        // PCS is back with a new TCB Info: it is fetched and replaces the file
        byte[] second = tcbInfo(clock.instant().minusSeconds(60), clock.instant().plus(Duration.ofDays(30)));
        pcs.stubFor(get(urlEqualTo(tcbPath(fmspc))).willReturn(tcbInfoAnswer(second, pki.tcbSigningChainPem())));
        assertThat(source.tcbInfo(fmspc).body().toByteArray()).isEqualTo(second);
        assertThat(new PcsDirectory(dir).tcbInfoFile(fmspc)).hasBinaryContent(second);
    }

    @Test
    void itemsAreRefreshedBeforeNextUpdateAndTheOldCopyIsServedWhileRefreshesFail() throws Exception {
        Instant t0 = clock.instant();
        Collateral c = issuedAt(t0.minus(Duration.ofHours(1)));
        PcsTestSupport.stubAll(pcs, c);
        PcsCollateralSource source = online().build();
        assertThat(source.tcbInfo(fmspc).body().toByteArray()).isEqualTo(c.tcbInfo());
        assertThat(source.pckCrl(PckCaType.PLATFORM)).isPresent();
        assertThat(tcbRequests()).isEqualTo(1);

        // before the refresh time (here: one day, the default maximum interval): memory only
        clock.advance(Duration.ofHours(23));
        assertThat(source.tcbInfo(fmspc).body().toByteArray()).isEqualTo(c.tcbInfo());
        assertThat(tcbRequests()).isEqualTo(1);

        // refresh due, PCS failing: the old copy, still within its window, is served
        clock.advance(Duration.ofHours(1));
        pcs.resetAll();
        pcs.stubFor(get(urlEqualTo(tcbPath(fmspc))).willReturn(aResponse().withStatus(500)));
        pcs.stubFor(get(urlEqualTo(pckCrlPath(PckCaType.PLATFORM))).willReturn(aResponse().withStatus(500)));
        assertThat(source.tcbInfo(fmspc).body().toByteArray()).isEqualTo(c.tcbInfo());
        assertThat(tcbRequests()).as("one refresh with its retries").isEqualTo(3);
        assertThat(source.pckCrl(PckCaType.PLATFORM).orElseThrow().getEncoded()).as("the PCK CRL is refreshed daily")
                .isEqualTo(c.pckCrl());
        assertThat(events.events).as("its refresh was attempted (and refused by the outage cool-down)")
                .contains("cool-down PCK_CRL");
        // refresh attempts are spaced out, not made on every call
        assertThat(source.tcbInfo(fmspc).body().toByteArray()).isEqualTo(c.tcbInfo());
        assertThat(tcbRequests()).isEqualTo(3);

        // PCS is back: the next refresh replaces the copy in memory and on disk
        clock.advance(Duration.ofMinutes(2));
        byte[] renewed = tcbInfo(clock.instant().minusSeconds(60), clock.instant().plus(Duration.ofDays(30)));
        pcs.stubFor(get(urlEqualTo(tcbPath(fmspc))).willReturn(tcbInfoAnswer(renewed, pki.tcbSigningChainPem())));
        assertThat(source.tcbInfo(fmspc).body().toByteArray()).isEqualTo(renewed);
        assertThat(new PcsDirectory(dir).tcbInfoFile(fmspc)).hasBinaryContent(renewed);
        assertThat(source.tcbInfo(fmspc).body().toByteArray()).isEqualTo(renewed);
        assertThat(tcbRequests()).isEqualTo(4);
    }

    @Test
    void aShortLivedItemIsRefreshedAtHalfItsRemainingLifetime() throws Exception {
        Instant t0 = clock.instant();
        byte[] first = tcbInfo(t0.minus(Duration.ofDays(30)).plus(Duration.ofHours(4)), t0.plus(Duration.ofHours(4)));
        pcs.stubFor(get(urlEqualTo(tcbPath(fmspc))).willReturn(tcbInfoAnswer(first, pki.tcbSigningChainPem())));
        PcsCollateralSource source = online().build();
        source.tcbInfo(fmspc);
        clock.advance(Duration.ofHours(2).minusSeconds(1));
        source.tcbInfo(fmspc);
        assertThat(tcbRequests()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(1));
        source.tcbInfo(fmspc);
        assertThat(tcbRequests()).isEqualTo(2);
    }

    @Test
    void fiftyConcurrentRequestsForOneUncachedTcbInfoMakeOneRequest() throws Exception {
        Collateral c = issuedAt(clock.instant().minus(Duration.ofHours(1)));
        pcs.stubFor(get(urlEqualTo(tcbPath(fmspc))).willReturn(tcbInfoAnswer(c.tcbInfo(), c.tcbInfoChain())
                .withFixedDelay(300)));
        PcsCollateralSource source = online().build();
        int n = 50;
        CountDownLatch ready = new CountDownLatch(n);
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<PcsSignedDocument<TcbInfo>>> results = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                results.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return source.tcbInfo(fmspc);
                }));
            }
            assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
            go.countDown();
            for (Future<PcsSignedDocument<TcbInfo>> r : results) {
                assertThat(r.get(10, TimeUnit.SECONDS).body().toByteArray()).isEqualTo(c.tcbInfo());
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(tcbRequests()).isEqualTo(1);
        assertThat(events.requests()).containsExactly("request TCB_INFO OK");
    }

    @Test
    void rateLimitingIsHonouredAcrossCallsAndNotCached() throws Exception {
        pcs.stubFor(get(urlEqualTo(QE_PATH)).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "120")));
        PcsCollateralSource source = online().build();
        CollateralUnavailableException first = catchThrowableOfType(CollateralUnavailableException.class, source::qeIdentity);
        assertThat(first.retryAfter()).contains(Duration.ofSeconds(120));
        CollateralUnavailableException second = catchThrowableOfType(CollateralUnavailableException.class, source::qeIdentity);
        assertThat(second.retryAfter()).hasValueSatisfying(d -> assertThat(d).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(120)));
        assertThat(requests(pcs, QE_PATH)).isEqualTo(1);

        clock.advance(Duration.ofSeconds(121));
        Collateral c = issuedAt(clock.instant().minus(Duration.ofHours(1)));
        PcsTestSupport.stubAll(pcs, c);
        assertThat(source.qeIdentity().body().toByteArray()).isEqualTo(c.qeIdentity());
    }

    @Test
    void corruptOrForeignFilesOnDiskAreIgnoredAndReplaced() throws Exception {
        Collateral c = issuedAt(clock.instant().minus(Duration.ofHours(1)));
        PcsTestSupport.stubAll(pcs, c);
        PcsDirectory layout = new PcsDirectory(dir);
        Files.createDirectories(layout.tcbInfoFile(fmspc).getParent());
        // a torn body, and a valid TCB Info of another FMSPC planted under this FMSPC's name
        Files.write(layout.tcbInfoFile(fmspc), java.util.Arrays.copyOf(c.tcbInfo(), 100));
        Files.writeString(layout.tcbInfoIssuerChainFile(fmspc), c.tcbInfoChain());
        Bytes other = Bytes.fromHex("00906ED50000");
        Files.write(layout.tcbInfoFile(other), c.tcbInfo());
        Files.writeString(layout.tcbInfoIssuerChainFile(other), c.tcbInfoChain());
        Files.createDirectories(layout.rootCaCrlFile().getParent());
        Files.writeString(layout.rootCaCrlFile(), "garbage");

        PcsCollateralSource source = online().build();
        assertThat(source.tcbInfo(fmspc).body().toByteArray()).isEqualTo(c.tcbInfo());
        assertThat(layout.tcbInfoFile(fmspc)).hasBinaryContent(c.tcbInfo());
        assertThat(source.rootCaCrl().orElseThrow().getEncoded()).isEqualTo(c.rootCrl());
        assertThat(layout.rootCaCrlFile()).hasBinaryContent(c.rootCrl());

        pcs.stubFor(get(urlEqualTo(tcbPath(other))).willReturn(aResponse().withStatus(404)));
        assertThat(code(() -> source.tcbInfo(other))).isEqualTo(FailureCode.TDX_COLLATERAL_MISSING);
        assertThat(requests(pcs, tcbPath(other))).as("the planted file was not trusted").isEqualTo(1);
    }

    @Test
    void offlineServesTheDirectoryOnlyAndNeverOpensAConnection() throws Exception {
        Collateral c = issuedAt(clock.instant().minus(Duration.ofHours(1)));
        pcs.stop();
        PcsDirectory layout = new PcsDirectory(dir);
        write(layout.tcbInfoFile(fmspc), c.tcbInfo());
        // issuer chains may also be stored still percent-encoded, exactly as the header came
        write(layout.tcbInfoIssuerChainFile(fmspc), PcsTestSupport.header(c.tcbInfoChain()).getBytes(StandardCharsets.US_ASCII));
        write(layout.qeIdentityFile(), c.qeIdentity());
        write(layout.qeIdentityIssuerChainFile(), c.qeIdentityChain().getBytes(StandardCharsets.US_ASCII));
        write(layout.pckCrlFile(PckCaType.PLATFORM), c.pckCrl());
        write(layout.pckCrlIssuerChainFile(PckCaType.PLATFORM), c.pckCrlChain().getBytes(StandardCharsets.US_ASCII));

        RecordingEvents offlineEvents = new RecordingEvents();
        PcsCollateralSource offline = PcsCollateralSource.builder(dir).clock(clock).events(offlineEvents).build();
        assertThat(offline.isOffline()).isTrue();
        TdxCollateral collateral = offline.collateral(fmspc, PckCaType.PLATFORM);
        assertThat(collateral.tcbInfo().value().fmspc()).isEqualTo(fmspc);
        assertThat(collateral.pckCrl()).isPresent();
        assertThat(collateral.rootCaCrl()).as("no Root CA CRL in the directory").isEmpty();
        assertThat(offline.pckCrl(PckCaType.PROCESSOR)).isEmpty();
        assertThat(code(() -> offline.tcbInfo(Bytes.fromHex("00906ED50000")))).isEqualTo(FailureCode.TDX_COLLATERAL_MISSING);
        assertThat(offlineEvents.events).contains("hit TCB_INFO", "miss ROOT_CA_CRL", "miss TCB_INFO")
                .noneMatch(e -> e.startsWith("request") || e.startsWith("cool-down"));

        // a file added later is seen: absences are not remembered offline
        write(layout.rootCaCrlFile(), hex(c.rootCrl()));
        assertThat(offline.rootCaCrl().orElseThrow().getEncoded()).isEqualTo(c.rootCrl());

        // an operator's corrupt file is ignored and never rewritten
        write(layout.qeIdentityFile(), "garbage".getBytes(StandardCharsets.US_ASCII));
        PcsCollateralSource fresh = PcsCollateralSource.offline(dir);
        assertThat(code(fresh::qeIdentity)).isEqualTo(FailureCode.TDX_COLLATERAL_MISSING);
        assertThat(layout.qeIdentityFile()).hasContent("garbage");
    }

    @Test
    void realIntelCollateralServedOfflineFromTheDocumentedLayout() throws Exception {
        Collateral real = PcsTestSupport.real();
        pcs.stop();
        PcsDirectory layout = new PcsDirectory(dir);
        write(layout.tcbInfoFile(real.fmspc()), real.tcbInfo());
        write(layout.tcbInfoIssuerChainFile(real.fmspc()), real.tcbInfoChain().getBytes(StandardCharsets.US_ASCII));
        write(layout.qeIdentityFile(), real.qeIdentity());
        write(layout.qeIdentityIssuerChainFile(), real.qeIdentityChain().getBytes(StandardCharsets.US_ASCII));
        write(layout.pckCrlFile(PckCaType.PLATFORM), real.pckCrl());
        write(layout.pckCrlIssuerChainFile(PckCaType.PLATFORM), real.pckCrlChain().getBytes(StandardCharsets.US_ASCII));
        write(layout.rootCaCrlFile(), real.rootCrl());
        clock.set(PcsTestSupport.GO_AT);

        TdxCollateral c = PcsCollateralSource.builder(dir).clock(clock).build().collateral(real.fmspc(), PckCaType.PLATFORM);
        assertThat(c.tcbInfo().value().tcbEvaluationDataNumber()).isEqualTo(15);
        assertThat(c.rootCaCrl()).isPresent();
        assertThat(c.pckCrl()).isPresent();

        // after the PCK CRL's nextUpdate (2023-07-08T07:27:52Z) it is no longer served
        clock.set(Instant.parse("2023-07-08T07:27:52Z"));
        assertThat(PcsCollateralSource.builder(dir).clock(clock).build().pckCrl(PckCaType.PLATFORM)).isEmpty();
    }

    private static void write(Path file, byte[] content) throws Exception {
        Files.createDirectories(file.getParent());
        Files.write(file, content);
    }

    private static byte[] hex(byte[] der) {
        return java.util.HexFormat.of().formatHex(der).getBytes(StandardCharsets.US_ASCII);
    }
}
