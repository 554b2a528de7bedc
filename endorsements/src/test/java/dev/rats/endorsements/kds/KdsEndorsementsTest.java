package dev.rats.endorsements.kds;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.rats.endorsements.kds.KdsTestSupport.hwId;
import static dev.rats.endorsements.kds.KdsTestSupport.product;
import static dev.rats.endorsements.kds.KdsTestSupport.tcb;
import static dev.rats.endorsements.kds.KdsTestSupport.vcekPath;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.rats.endorsements.http.FakeSleeper;
import dev.rats.endorsements.http.MutableClock;
import dev.rats.endorsements.kds.KdsTestSupport.RecordingEvents;
import dev.rats.evidence.CollateralUnavailableException;
import dev.rats.evidence.FailureCode;
import dev.rats.evidence.binary.Bytes;
import dev.rats.evidence.snp.SigningKey;
import dev.rats.evidence.snp.SnpProduct;
import dev.rats.testkit.snp.AmdCertRole;
import dev.rats.testkit.snp.AmdTestPki;
import dev.rats.testkit.snp.SimProduct;
import dev.rats.testkit.snp.SnpTcb;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KdsEndorsementsTest {

    @TempDir
    Path dir;

    private WireMockServer kds;
    private java.net.URI kdsBase;
    private MutableClock clock;
    private FakeSleeper sleeper;
    private RecordingEvents events;

    @BeforeEach
    void start() {
        kds = KdsTestSupport.localKds();
        kdsBase = KdsTestSupport.base(kds);
        clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        sleeper = new FakeSleeper(clock);
        events = new RecordingEvents();
    }

    @AfterEach
    void stop() {
        kds.stop();
    }

    private KdsClient client() {
        return KdsClient.builder().httpClient(KdsTestSupport.http()).baseUri(kdsBase)
                .requestTimeout(Duration.ofSeconds(2)).clock(clock).sleeper(sleeper).events(events).build();
    }

    private KdsEndorsements online() {
        return KdsEndorsements.online(client(), dir);
    }

    private static ResponseDefinitionBuilder der(byte[] body) {
        return aResponse().withStatus(200).withBody(body);
    }

    private void stubVcek(AmdTestPki pki, ResponseDefinitionBuilder answer) {
        kds.stubFor(get(urlPathEqualTo(vcekPath(pki))).willReturn(answer));
    }

    private int vcekRequests(AmdTestPki pki) {
        return kds.countRequestsMatching(getRequestedFor(urlPathEqualTo(vcekPath(pki))).build()).getCount();
    }

    private static Optional<Bytes> vcek(KdsEndorsements source, AmdTestPki pki) throws CollateralUnavailableException {
        return source.vcek(product(pki), hwId(pki), tcb(pki));
    }

    private Path vcekFile(AmdTestPki pki) {
        return new EndorsementDirectory(dir).vcekFile(product(pki), hwId(pki), tcb(pki));
    }

    @Test
    void aFetchedVcekIsServedAndStoredOnDisk() throws Exception {
        AmdTestPki pki = AmdTestPki.builder(SimProduct.MILAN).build();
        stubVcek(pki, der(pki.der(AmdCertRole.VCEK)));
        KdsEndorsements source = online();
        assertThat(vcek(source, pki)).contains(Bytes.of(pki.der(AmdCertRole.VCEK)));
        Path file = dir.resolve("vcek/milan/" + hwId(pki).toHex() + "/" + tcb(pki).raw().toHex() + ".der");
        assertThat(file).exists().hasBinaryContent(pki.der(AmdCertRole.VCEK));
        // no temporary file is left behind
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertThat(files).containsExactly(file);
        }
        // the second time from memory
        assertThat(vcek(source, pki)).isPresent();
        assertThat(vcekRequests(pki)).isEqualTo(1);
        assertThat(events.events).containsExactly("miss VCEK", "request VCEK OK", "hit VCEK");
    }

    @Test
    void severalTcbsOfOneChipAreKept() throws Exception {
        AmdTestPki old = AmdTestPki.builder(SimProduct.GENOA).tcb(SnpTcb.of(9, 2, 23, 72)).build();
        AmdTestPki updated = AmdTestPki.builder(SimProduct.GENOA).hwId(old.hwId()).tcb(SnpTcb.of(9, 2, 24, 72)).build();
        kds.stubFor(get(urlEqualTo(vcekPath(old) + "?blSPL=9&teeSPL=2&snpSPL=23&ucodeSPL=72")).willReturn(der(old.der(AmdCertRole.VCEK))));
        kds.stubFor(get(urlEqualTo(vcekPath(old) + "?blSPL=9&teeSPL=2&snpSPL=24&ucodeSPL=72")).willReturn(der(updated.der(AmdCertRole.VCEK))));
        KdsEndorsements source = online();
        assertThat(vcek(source, old)).contains(Bytes.of(old.der(AmdCertRole.VCEK)));
        assertThat(vcek(source, updated)).contains(Bytes.of(updated.der(AmdCertRole.VCEK)));
        try (Stream<Path> files = Files.list(vcekFile(old).getParent())) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("0902000000001748.der", "0902000000001848.der");
        }
    }

    @Test
    void notFoundIsEmptyAndRememberedOnlyBriefly() throws Exception {
        AmdTestPki pki = AmdTestPki.builder(SimProduct.MILAN).build();
        stubVcek(pki, aResponse().withStatus(404));
        KdsEndorsements source = KdsEndorsements.builder(dir).client(client()).notFoundTtl(Duration.ofMinutes(5)).build();
        assertThat(vcek(source, pki)).isEmpty();
        assertThat(vcek(source, pki)).isEmpty();
        assertThat(vcekRequests(pki)).isEqualTo(1);
        assertThat(vcekFile(pki)).doesNotExist();
        clock.advance(Duration.ofMinutes(5));
        assertThat(vcek(source, pki)).isEmpty();
        assertThat(vcekRequests(pki)).isEqualTo(2);
    }

    @Test
    void aMaskedChipIdIsNeverLookedUp() throws Exception {
        KdsEndorsements source = online();
        Bytes zeros = Bytes.zeros(64);
        AmdTestPki pki = AmdTestPki.builder(SimProduct.MILAN).build();
        assertThat(source.vcek(SnpProduct.MILAN, zeros, tcb(pki))).isEmpty();
        assertThat(kds.getAllServeEvents()).isEmpty();
    }

    @Test
    void garbageIsNotCachedTheNextCallAsksAgain() throws Exception {
        AmdTestPki pki = AmdTestPki.builder(SimProduct.MILAN).build();
        stubVcek(pki, der("<html>oops</html>".getBytes(StandardCharsets.US_ASCII)));
        KdsEndorsements source = online();
        CollateralUnavailableException e = catchThrowableOfType(CollateralUnavailableException.class, () -> vcek(source, pki));
        assertThat(e.code()).isEqualTo(FailureCode.ENDORSEMENT_UNAVAILABLE);
        assertThat(vcekFile(pki)).doesNotExist();

        kds.resetAll();
        stubVcek(pki, der(pki.der(AmdCertRole.VCEK)));
        assertThat(vcek(source, pki)).isPresent();
        assertThat(vcekRequests(pki)).isEqualTo(1);
    }

    @Test
    void aCertificateForAnotherChipOrTcbIsNeitherServedNorCached() {
        AmdTestPki pki = AmdTestPki.builder(SimProduct.TURIN).build();
        AmdTestPki otherChip = AmdTestPki.builder(SimProduct.TURIN).tcb(pki.tcb()).build();
        AmdTestPki otherTcb = AmdTestPki.builder(SimProduct.TURIN).hwId(pki.hwId()).tcb(new SnpTcb(1, 2, 3, 5, 82)).build();
        KdsEndorsements source = online();
        for (AmdTestPki wrong : List.of(otherChip, otherTcb)) {
            kds.resetAll();
            stubVcek(pki, der(wrong.der(AmdCertRole.VCEK)));
            for (int i = 0; i < 2; i++) {
                CollateralUnavailableException e = catchThrowableOfType(CollateralUnavailableException.class,
                        () -> vcek(source, pki));
                assertThat(e.code()).isEqualTo(FailureCode.ENDORSEMENT_UNAVAILABLE);
                assertThat(e.getMessage()).contains("another chip/TCB");
            }
            assertThat(vcekRequests(pki)).isEqualTo(2);
            assertThat(vcekFile(pki)).doesNotExist();
        }
    }

    @Test
    void serverErrorsAreNotCached() throws Exception {
        AmdTestPki pki = AmdTestPki.builder(SimProduct.GENOA).build();
        stubVcek(pki, aResponse().withStatus(500));
        KdsEndorsements source = online();
        assertThatThrownBy(() -> vcek(source, pki)).isInstanceOf(CollateralUnavailableException.class);
        kds.resetAll();
        stubVcek(pki, der(pki.der(AmdCertRole.VCEK)));
        clock.advance(KdsClient.DEFAULT_OUTAGE_COOL_DOWN.plusSeconds(1)); // the client's outage cool-down
        assertThat(vcek(source, pki)).isPresent();
    }

    @Test
    void fiftyConcurrentMissesMakeExactlyOneRequest() throws Exception {
        AmdTestPki pki = AmdTestPki.builder(SimProduct.MILAN).build();
        stubVcek(pki, der(pki.der(AmdCertRole.VCEK)).withFixedDelay(300));
        KdsEndorsements source = online();
        int n = 50;
        CountDownLatch ready = new CountDownLatch(n);
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<Optional<Bytes>>> results = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                results.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return vcek(source, pki);
                }));
            }
            assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
            go.countDown();
            for (Future<Optional<Bytes>> r : results) {
                assertThat(r.get(10, TimeUnit.SECONDS)).contains(Bytes.of(pki.der(AmdCertRole.VCEK)));
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(vcekRequests(pki)).isEqualTo(1);
        assertThat(events.events.stream().filter(e -> e.startsWith("request"))).containsExactly("request VCEK OK");
    }

    @Test
    void concurrentMissesShareAFailureWhichIsNotCached() throws Exception {
        AmdTestPki pki = AmdTestPki.builder(SimProduct.MILAN).build();
        stubVcek(pki, aResponse().withStatus(429).withHeader("Retry-After", "60").withFixedDelay(300));
        KdsEndorsements source = online();
        int n = 10;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<?>> results = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                results.add(pool.submit(() -> {
                    go.await();
                    return vcek(source, pki);
                }));
            }
            go.countDown();
            for (Future<?> r : results) {
                assertThatThrownBy(() -> r.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(CollateralUnavailableException.class);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(vcekRequests(pki)).isEqualTo(1);
        CollateralUnavailableException later = catchThrowableOfType(CollateralUnavailableException.class, () -> vcek(source, pki));
        assertThat(later.retryAfter()).isPresent();
        assertThat(later.retryAfter().get()).isLessThanOrEqualTo(Duration.ofSeconds(60)).isPositive();
        assertThat(vcekRequests(pki)).isEqualTo(1);
    }

    @Test
    void whenKdsIsDownAChipOnDiskIsStillServedByANewInstance() throws Exception {
        AmdTestPki cached = AmdTestPki.builder(SimProduct.GENOA).build();
        AmdTestPki uncached = AmdTestPki.builder(SimProduct.GENOA).build();
        stubVcek(cached, der(cached.der(AmdCertRole.VCEK)));
        assertThat(vcek(online(), cached)).isPresent();

        kds.stop();
        KdsEndorsements restarted = online();
        assertThat(vcek(restarted, cached)).contains(Bytes.of(cached.der(AmdCertRole.VCEK)));
        CollateralUnavailableException e = catchThrowableOfType(CollateralUnavailableException.class,
                () -> vcek(restarted, uncached));
        assertThat(e.code()).isEqualTo(FailureCode.ENDORSEMENT_UNAVAILABLE);
        assertThat(e.getMessage()).contains("I/O error");
    }

    @Test
    void aCorruptFileOnDiskIsIgnoredAndReplaced() throws Exception {
        AmdTestPki pki = AmdTestPki.builder(SimProduct.MILAN).build();
        Path file = vcekFile(pki);
        Files.createDirectories(file.getParent());
        byte[] torn = java.util.Arrays.copyOf(pki.der(AmdCertRole.VCEK), 300);
        Files.write(file, torn);
        stubVcek(pki, der(pki.der(AmdCertRole.VCEK)));
        assertThat(vcek(online(), pki)).contains(Bytes.of(pki.der(AmdCertRole.VCEK)));
        assertThat(file).hasBinaryContent(pki.der(AmdCertRole.VCEK));
        assertThat(vcekRequests(pki)).isEqualTo(1);
    }

    @Test
    void aValidVcekOfAnotherChipPlantedOnDiskIsNotTrusted() throws Exception {
        AmdTestPki pki = AmdTestPki.builder(SimProduct.MILAN).build();
        AmdTestPki other = AmdTestPki.builder(SimProduct.MILAN).tcb(pki.tcb()).build();
        Path file = vcekFile(pki);
        Files.createDirectories(file.getParent());
        Files.write(file, other.der(AmdCertRole.VCEK));
        stubVcek(pki, der(pki.der(AmdCertRole.VCEK)));
        assertThat(vcek(online(), pki)).contains(Bytes.of(pki.der(AmdCertRole.VCEK)));
        assertThat(file).hasBinaryContent(pki.der(AmdCertRole.VCEK));
    }

    @Test
    void aCrlNotAtHandIsFetchedInTheBackgroundWithoutWaiting() throws Exception {
        AmdTestPki pki = AmdTestPki.builder(SimProduct.MILAN).build();
        Instant t0 = clock.instant();
        byte[] crl = pki.crl().thisUpdate(t0.minusSeconds(60)).nextUpdate(t0.plus(Duration.ofHours(1))).der();
        kds.stubFor(get(urlEqualTo("/vcek/v1/Milan/crl")).willReturn(der(crl).withFixedDelay(500)));
        KdsEndorsements source = online();

        long started = System.nanoTime();
        assertThat(source.crlIfAtHand(SnpProduct.MILAN, SigningKey.VCEK)).as("not at hand yet").isEmpty();
        assertThat(source.crlIfAtHand(SnpProduct.MILAN, SigningKey.VCEK)).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("no caller waited for KDS").isLessThan(Duration.ofMillis(400));

        Optional<X509CRL> atHand = Optional.empty();
        for (int i = 0; i < 100 && atHand.isEmpty(); i++) {
            Thread.sleep(50);
            atHand = source.crlIfAtHand(SnpProduct.MILAN, SigningKey.VCEK);
        }
        assertThat(atHand).as("the background fetch completed").isPresent();
        assertThat(atHand.get().getEncoded()).isEqualTo(crl);
        kds.verify(1, getRequestedFor(urlEqualTo("/vcek/v1/Milan/crl")));
    }

    @Test
    void duringAnOutageRequestsDoNotEachStartACrlFetch() throws Exception {
        kds.stubFor(get(urlEqualTo("/vcek/v1/Milan/crl")).willReturn(aResponse().withStatus(503)));
        KdsEndorsements source = online();
        for (int i = 0; i < 200; i++) {
            assertThat(source.crlIfAtHand(SnpProduct.MILAN, SigningKey.VCEK)).isEmpty();
        }
        Thread.sleep(300); // the one background fetch runs its attempts (the fake sleeper does not wait)
        int requests = kds.findAll(getRequestedFor(urlEqualTo("/vcek/v1/Milan/crl"))).size();
        assertThat(requests).as("one background fetch with its retries, not one per call").isBetween(1, 3);
    }

    @Test
    void duringAnOutageTheDirectoryIsLookedAtOncePerRefreshInterval() throws Exception {
        kds.stubFor(get(urlEqualTo("/vcek/v1/Milan/crl")).willReturn(aResponse().withStatus(503)));
        KdsEndorsements source = online();
        assertThat(source.crlIfAtHand(SnpProduct.MILAN, SigningKey.VCEK)).isEmpty();
        Thread.sleep(300); // the background fetch gives up

        AmdTestPki pki = AmdTestPki.builder(SimProduct.MILAN).build();
        Instant t0 = clock.instant();
        byte[] crl = pki.crl().thisUpdate(t0.minusSeconds(60)).nextUpdate(t0.plus(Duration.ofDays(7))).der();
        Path file = new EndorsementDirectory(dir).crlFile(SnpProduct.MILAN, SigningKey.VCEK);
        Files.createDirectories(file.getParent());
        Files.write(file, crl);
        assertThat(source.crlIfAtHand(SnpProduct.MILAN, SigningKey.VCEK))
                .as("within the refresh interval: answered from memory, the directory is not read").isEmpty();

        clock.advance(KdsEndorsements.REFRESH_INTERVAL);
        Optional<X509CRL> atHand = source.crlIfAtHand(SnpProduct.MILAN, SigningKey.VCEK);
        assertThat(atHand).as("the next look at the directory finds the CRL").isPresent();
        assertThat(atHand.get().getEncoded()).isEqualTo(crl);
    }

    @Test
    void crlIsCachedUntilNextUpdateThenFetchedAgain() throws Exception {
        AmdTestPki pki = AmdTestPki.builder(SimProduct.MILAN).build();
        Instant t0 = clock.instant();
        byte[] first = pki.crl().thisUpdate(t0.minusSeconds(60)).nextUpdate(t0.plus(Duration.ofHours(1))).der();
        kds.stubFor(get(urlEqualTo("/vcek/v1/Milan/crl")).willReturn(der(first)));
        KdsEndorsements source = online();
        assertThat(source.crl(SnpProduct.MILAN, SigningKey.VCEK).orElseThrow().getEncoded()).isEqualTo(first);
        Path file = dir.resolve("crl/milan_vcek.der");
        assertThat(file).hasBinaryContent(first);

        clock.advance(Duration.ofMinutes(59));
        assertThat(source.crl(SnpProduct.MILAN, SigningKey.VCEK).orElseThrow().getEncoded()).isEqualTo(first);
        // a new instance reads the disk copy while it is current
        assertThat(online().crl(SnpProduct.MILAN, SigningKey.VCEK).orElseThrow().getEncoded()).isEqualTo(first);
        kds.verify(1, getRequestedFor(urlEqualTo("/vcek/v1/Milan/crl")));

        clock.advance(Duration.ofMinutes(1)); // exactly nextUpdate: no longer served
        byte[] second = pki.crl().thisUpdate(clock.instant()).nextUpdate(clock.instant().plus(Duration.ofDays(7))).der();
        kds.stubFor(get(urlEqualTo("/vcek/v1/Milan/crl")).willReturn(der(second)));
        X509CRL refreshed = source.crl(SnpProduct.MILAN, SigningKey.VCEK).orElseThrow();
        assertThat(refreshed.getEncoded()).isEqualTo(second);
        assertThat(file).hasBinaryContent(second);
        kds.verify(2, getRequestedFor(urlEqualTo("/vcek/v1/Milan/crl")));
    }

    @Test
    void aStaleCrlIsNeverServedEvenWhenKdsIsDown() throws Exception {
        AmdTestPki pki = AmdTestPki.builder(SimProduct.TURIN).build();
        Instant t0 = clock.instant();
        kds.stubFor(get(urlEqualTo("/vlek/v1/Turin/crl")).willReturn(der(
                pki.crl().thisUpdate(t0.minusSeconds(60)).nextUpdate(t0.plusSeconds(600)).der())));
        KdsEndorsements source = online();
        assertThat(source.crl(SnpProduct.TURIN, SigningKey.VLEK)).isPresent();
        kds.stop();
        clock.advance(Duration.ofSeconds(601));
        assertThatThrownBy(() -> source.crl(SnpProduct.TURIN, SigningKey.VLEK))
                .isInstanceOf(CollateralUnavailableException.class);
        assertThat(KdsEndorsements.builder(dir).clock(clock).build().crl(SnpProduct.TURIN, SigningKey.VLEK)).isEmpty();
    }

    @Test
    void aCrlCurrentForTheClientButNotForThisInstanceIsNotServed() throws Exception {
        AmdTestPki pki = AmdTestPki.builder(SimProduct.MILAN).build();
        Instant t0 = clock.instant();
        kds.stubFor(get(urlEqualTo("/vcek/v1/Milan/crl")).willReturn(der(
                pki.crl().thisUpdate(t0.minusSeconds(60)).nextUpdate(t0.plusSeconds(600)).der())));
        MutableClock later = new MutableClock(t0.plusSeconds(601));
        KdsEndorsements source = KdsEndorsements.builder(dir).client(client()).clock(later).build();
        assertThat(catchThrowableOfType(CollateralUnavailableException.class,
                () -> source.crl(SnpProduct.MILAN, SigningKey.VCEK)).getMessage()).contains("past its nextUpdate");
    }

    @Test
    void certChainIsFetchedOnceAndStoredAsPem() throws Exception {
        AmdTestPki pki = AmdTestPki.builder(SimProduct.GENOA).build();
        kds.stubFor(get(urlEqualTo("/vlek/v1/Genoa/cert_chain")).willReturn(aResponse().withStatus(200)
                .withBody(pki.pem(AmdCertRole.ARK) + pki.pem(AmdCertRole.ASVK))));
        KdsEndorsements source = online();
        KdsCertChain chain = source.certChain(SnpProduct.GENOA, SigningKey.VLEK).orElseThrow();
        assertThat(chain.intermediate()).isEqualTo(pki.asvk());
        assertThat(dir.resolve("cert_chain/genoa_vlek.pem")).hasContent(pki.vlekCertChainPem().trim());
        assertThat(source.certChain(SnpProduct.GENOA, SigningKey.VLEK)).isPresent();
        assertThat(online().certChain(SnpProduct.GENOA, SigningKey.VLEK)).isPresent();
        kds.verify(1, getRequestedFor(urlEqualTo("/vlek/v1/Genoa/cert_chain")));
    }

    @Test
    void offlineServesFromTheDirectoryWithoutAnyServer() throws Exception {
        kds.stop();
        AmdTestPki pki = AmdTestPki.builder(SimProduct.TURIN).build();
        AmdTestPki missing = AmdTestPki.builder(SimProduct.TURIN).build();
        EndorsementDirectory store = new EndorsementDirectory(dir);
        Path vcekFile = store.vcekFile(product(pki), hwId(pki), tcb(pki));
        Files.createDirectories(vcekFile.getParent());
        Files.write(vcekFile, pki.der(AmdCertRole.VCEK));
        Files.createDirectories(dir.resolve("crl"));
        Instant now = Instant.now();
        byte[] crl = pki.crl().thisUpdate(now.minusSeconds(60)).nextUpdate(now.plus(Duration.ofDays(1))).der();
        Files.write(store.crlFile(SnpProduct.TURIN, SigningKey.VCEK), crl);
        Files.createDirectories(dir.resolve("cert_chain"));
        Files.writeString(store.certChainFile(SnpProduct.TURIN, SigningKey.VCEK), pki.certChainPem());

        RecordingEvents offlineEvents = new RecordingEvents();
        KdsEndorsements offline = KdsEndorsements.builder(dir).events(offlineEvents).build();
        assertThat(offline.isOffline()).isTrue();
        assertThat(vcek(offline, pki)).contains(Bytes.of(pki.der(AmdCertRole.VCEK)));
        assertThat(vcek(offline, missing)).isEmpty();
        assertThat(offline.crl(SnpProduct.TURIN, SigningKey.VCEK).orElseThrow().getEncoded()).isEqualTo(crl);
        assertThat(offline.crl(SnpProduct.TURIN, SigningKey.VLEK)).isEmpty();
        assertThat(offline.crl(SnpProduct.MILAN, SigningKey.VCEK)).isEmpty();
        assertThat(offline.certChain(SnpProduct.TURIN, SigningKey.VCEK).orElseThrow().ark()).isEqualTo(pki.ark());
        assertThat(offlineEvents.events).contains("hit VCEK", "miss VCEK", "hit CRL", "miss CRL", "hit CERT_CHAIN")
                .noneMatch(e -> e.startsWith("request"));

        // a file added later is seen: absences are not remembered offline
        Path late = store.vcekFile(product(missing), hwId(missing), tcb(missing));
        Files.createDirectories(late.getParent());
        Files.write(late, missing.der(AmdCertRole.VCEK));
        assertThat(vcek(offline, missing)).isPresent();
    }

    @Test
    void offlineIgnoresCorruptFiles() throws Exception {
        AmdTestPki pki = AmdTestPki.builder(SimProduct.MILAN).build();
        Path file = vcekFile(pki);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "garbage");
        assertThat(vcek(KdsEndorsements.offline(dir), pki)).isEmpty();
        assertThat(file).hasContent("garbage"); // an operator's file is never rewritten offline
    }

    @Test
    void argumentsThatDoNotFitTheProductAreProgrammingErrors() {
        AmdTestPki turin = AmdTestPki.builder(SimProduct.TURIN).build();
        KdsEndorsements source = KdsEndorsements.offline(dir);
        assertThatThrownBy(() -> source.vcek(SnpProduct.TURIN, Bytes.of(turin.chipId()), tcb(turin)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> source.crl(SnpProduct.TURIN, SigningKey.NONE))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
