package dev.rats.endorsements.kds;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.rats.endorsements.kds.KdsTestSupport.hwId;
import static dev.rats.endorsements.kds.KdsTestSupport.product;
import static dev.rats.endorsements.kds.KdsTestSupport.tcb;
import static dev.rats.endorsements.kds.KdsTestSupport.vcekPath;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
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
import java.security.cert.X509CRL;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class KdsClientTest {

    private WireMockServer kds;
    private MutableClock clock;
    private FakeSleeper sleeper;
    private RecordingEvents events;

    @BeforeEach
    void start() {
        kds = KdsTestSupport.localKds();
        clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        sleeper = new FakeSleeper(clock);
        events = new RecordingEvents();
    }

    @AfterEach
    void stop() {
        kds.stop();
    }

    private KdsClient.Builder builder() {
        return KdsClient.builder().httpClient(KdsTestSupport.http()).baseUri(KdsTestSupport.base(kds))
                .requestTimeout(Duration.ofSeconds(2)).clock(clock).sleeper(sleeper).events(events);
    }

    private KdsClient client() {
        return builder().build();
    }

    private static AmdTestPki pki(SimProduct p) {
        return AmdTestPki.builder(p).build();
    }

    private static ResponseDefinitionBuilder der(byte[] body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/octet-stream").withBody(body);
    }

    private void stubVcek(AmdTestPki pki, ResponseDefinitionBuilder answer) {
        kds.stubFor(get(urlPathEqualTo(vcekPath(pki))).willReturn(answer));
    }

    /** First the {@code first} answer, then {@code then} for every later request. */
    private void stubSequence(MappingBuilder first, ResponseDefinitionBuilder firstAnswer, MappingBuilder then,
            ResponseDefinitionBuilder thenAnswer) {
        kds.stubFor(first.inScenario("seq").whenScenarioStateIs(Scenario.STARTED).willReturn(firstAnswer)
                .willSetStateTo("second"));
        kds.stubFor(then.inScenario("seq").whenScenarioStateIs("second").willReturn(thenAnswer));
    }

    private Optional<Bytes> fetch(KdsClient client, AmdTestPki pki) throws CollateralUnavailableException {
        return client.vcek(product(pki), hwId(pki), tcb(pki));
    }

    private CollateralUnavailableException unavailable(KdsClient client, AmdTestPki pki) {
        CollateralUnavailableException e = catchThrowableOfType(CollateralUnavailableException.class,
                () -> fetch(client, pki));
        assertThat(e).as("expected CollateralUnavailableException").isNotNull();
        assertThat(e.code()).isEqualTo(FailureCode.ENDORSEMENT_UNAVAILABLE);
        return e;
    }

    private int requests() {
        return kds.getAllServeEvents().size();
    }

    @ParameterizedTest
    @EnumSource(SimProduct.class)
    void vcekIsFetchedAndValidated(SimProduct p) throws Exception {
        AmdTestPki pki = pki(p);
        stubVcek(pki, der(pki.der(AmdCertRole.VCEK)));
        assertThat(fetch(client(), pki)).contains(Bytes.of(pki.der(AmdCertRole.VCEK)));
        assertThat(events.events).containsExactly("request VCEK OK");
    }

    @Test
    void milanUrlIsExactly128HexDigitsAndDecimalSpls() throws Exception {
        AmdTestPki pki = AmdTestPki.builder(SimProduct.MILAN).tcb(SnpTcb.of(3, 0, 20, 219)).build();
        kds.stubFor(get(urlEqualTo(vcekPath(pki) + "?blSPL=3&teeSPL=0&snpSPL=20&ucodeSPL=219"))
                .willReturn(der(pki.der(AmdCertRole.VCEK))));
        assertThat(fetch(client(), pki)).isPresent();
        assertThat(vcekPath(pki)).matches("/vcek/v1/Milan/[0-9a-f]{128}");
    }

    @Test
    void turinUrlHasAnEightByteHwIdAndFmcSpl() throws Exception {
        byte[] hw = {(byte) 0x6b, (byte) 0xb1, 0x22, (byte) 0x9b, 0x76, (byte) 0x92, (byte) 0xb7, 0x10};
        AmdTestPki pki = AmdTestPki.builder(SimProduct.TURIN).hwId(hw).tcb(new SnpTcb(1, 2, 3, 4, 82)).build();
        kds.stubFor(get(urlMatching(
                "/vcek/v1/Turin/[0-9a-f]{16}\\?fmcSPL=[0-9]+&blSPL=[0-9]+&teeSPL=[0-9]+&snpSPL=[0-9]+&ucodeSPL=[0-9]+"))
                .willReturn(der(pki.der(AmdCertRole.VCEK))));
        assertThat(fetch(client(), pki)).isPresent();
        kds.verify(1, getRequestedFor(urlEqualTo(
                "/vcek/v1/Turin/6bb1229b7692b710?fmcSPL=1&blSPL=2&teeSPL=3&snpSPL=4&ucodeSPL=82")));
    }

    @Test
    void pemVcekIsAcceptedAndReturnedAsDer() throws Exception {
        AmdTestPki pki = pki(SimProduct.GENOA);
        stubVcek(pki, aResponse().withStatus(200).withBody(pki.pem(AmdCertRole.VCEK)));
        assertThat(fetch(client(), pki)).contains(Bytes.of(pki.der(AmdCertRole.VCEK)));
    }

    @Test
    void notFoundIsAnEmptyResultNotAnOutage() throws Exception {
        AmdTestPki pki = pki(SimProduct.MILAN);
        stubVcek(pki, aResponse().withStatus(404));
        assertThat(fetch(client(), pki)).isEmpty();
        assertThat(events.events).containsExactly("request VCEK NOT_FOUND");
        assertThat(requests()).isEqualTo(1);
    }

    @Test
    void rateLimitedWaitsRetryAfterSecondsThenRetries() throws Exception {
        AmdTestPki pki = pki(SimProduct.MILAN);
        stubSequence(get(urlPathEqualTo(vcekPath(pki))), aResponse().withStatus(429).withHeader("Retry-After", "2"),
                get(urlPathEqualTo(vcekPath(pki))), der(pki.der(AmdCertRole.VCEK)));
        assertThat(fetch(client(), pki)).isPresent();
        assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(2));
        assertThat(events.events).containsExactly("request VCEK RATE_LIMITED", "request VCEK OK");
        assertThat(requests()).isEqualTo(2);
    }

    @Test
    void rateLimitedRetryAfterMayBeAnHttpDate() throws Exception {
        AmdTestPki pki = pki(SimProduct.GENOA);
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(clock.instant().plusSeconds(5).atOffset(ZoneOffset.UTC));
        stubSequence(get(urlPathEqualTo(vcekPath(pki))), aResponse().withStatus(429).withHeader("Retry-After", date),
                get(urlPathEqualTo(vcekPath(pki))), der(pki.der(AmdCertRole.VCEK)));
        assertThat(fetch(client(), pki)).isPresent();
        assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(5));
    }

    @Test
    void rateLimitBeyondTheBudgetFailsAtOnceAndTheHostCoolsDown() throws Exception {
        AmdTestPki pki = pki(SimProduct.MILAN);
        kds.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "120")));
        KdsClient client = client();

        CollateralUnavailableException first = unavailable(client, pki);
        assertThat(first.retryAfter()).contains(Duration.ofSeconds(120));
        assertThat(first.getMessage()).contains("429");
        assertThat(sleeper.waits).isEmpty();
        assertThat(client.coolDownUntil()).contains(clock.instant().plusSeconds(120));

        clock.advance(Duration.ofSeconds(20));
        // during the cool-down nothing is sent, whatever the resource
        CollateralUnavailableException second = unavailable(client, pki);
        assertThat(second.retryAfter()).contains(Duration.ofSeconds(100));
        CollateralUnavailableException crl = catchThrowableOfType(CollateralUnavailableException.class,
                () -> client.crl(SnpProduct.MILAN, SigningKey.VCEK));
        assertThat(crl.retryAfter()).contains(Duration.ofSeconds(100));
        assertThat(requests()).isEqualTo(1);
        assertThat(events.events).containsExactly("request VCEK RATE_LIMITED", "cool-down VCEK", "cool-down CRL");

        clock.advance(Duration.ofSeconds(100));
        kds.resetAll();
        stubVcek(pki, der(pki.der(AmdCertRole.VCEK)));
        assertThat(fetch(client, pki)).isPresent();
        assertThat(client.coolDownUntil()).isEmpty();
    }

    @Test
    void rateLimitWithoutRetryAfterCoolsDownForTenSeconds() {
        AmdTestPki pki = pki(SimProduct.MILAN);
        stubVcek(pki, aResponse().withStatus(429));
        KdsClient client = builder().maxAttempts(1).build();
        assertThat(unavailable(client, pki).retryAfter()).contains(KdsClient.DEFAULT_RETRY_AFTER);
        assertThat(unavailable(client, pki).getMessage()).contains("no request sent");
        assertThat(requests()).isEqualTo(1);
    }

    @Test
    void serverErrorThenSuccessIsRetriedAfterABackoff() throws Exception {
        AmdTestPki pki = pki(SimProduct.TURIN);
        stubSequence(get(urlPathEqualTo(vcekPath(pki))), aResponse().withStatus(500),
                get(urlPathEqualTo(vcekPath(pki))), der(pki.der(AmdCertRole.VCEK)));
        assertThat(fetch(client(), pki)).isPresent();
        assertThat(sleeper.waits).hasSize(1);
        assertThat(sleeper.waits.get(0)).isBetween(Duration.ofMillis(500), Duration.ofSeconds(1));
        assertThat(events.events).containsExactly("request VCEK SERVER_ERROR", "request VCEK OK");
    }

    @Test
    void persistentServerErrorsGiveUpAfterMaxAttempts() {
        AmdTestPki pki = pki(SimProduct.MILAN);
        stubVcek(pki, aResponse().withStatus(502));
        CollateralUnavailableException e = unavailable(client(), pki);
        assertThat(e.getMessage()).contains("HTTP 502").contains("3 attempts");
        assertThat(e.retryAfter()).as("the outage cool-down").isPresent();
        assertThat(requests()).isEqualTo(3);
        // exponential backoff with jitter: [0.5, 1] s, then [1, 2] s
        assertThat(sleeper.waits).hasSize(2);
        assertThat(sleeper.waits.get(0)).isBetween(Duration.ofMillis(500), Duration.ofSeconds(1));
        assertThat(sleeper.waits.get(1)).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(2));
    }

    @Test
    void afterAnOutageNoRequestIsSentUntilTheCoolDownEnds() throws Exception {
        AmdTestPki pki = pki(SimProduct.MILAN);
        stubVcek(pki, aResponse().withStatus(502));
        KdsClient client = builder().maxAttempts(1).build();
        assertThat(unavailable(client, pki).retryAfter()).contains(KdsClient.DEFAULT_OUTAGE_COOL_DOWN);
        assertThat(requests()).isEqualTo(1);

        CollateralUnavailableException fast = unavailable(client, pki);
        assertThat(fast.getMessage()).contains("no request sent");
        assertThat(fast.retryAfter()).hasValueSatisfying(d -> assertThat(d).isPositive());
        assertThat(requests()).as("no request during the cool-down").isEqualTo(1);

        clock.advance(KdsClient.DEFAULT_OUTAGE_COOL_DOWN.plusSeconds(1));
        kds.resetAll();
        stubVcek(pki, der(pki.der(AmdCertRole.VCEK)));
        assertThat(fetch(client, pki)).isPresent();
    }

    @Test
    void serviceUnavailableRetryAfterIsHonouredAndReported() {
        AmdTestPki pki = pki(SimProduct.MILAN);
        stubVcek(pki, aResponse().withStatus(503).withHeader("Retry-After", "3"));
        CollateralUnavailableException e = unavailable(builder().maxAttempts(2).build(), pki);
        assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(3));
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(3));
        assertThat(requests()).isEqualTo(2);
    }

    @Test
    void theTimeBudgetBoundsRetries() {
        AmdTestPki pki = pki(SimProduct.MILAN);
        stubVcek(pki, aResponse().withStatus(500));
        // the first backoff (at least 0.5 s) does not fit in 0.4 s: one request only
        CollateralUnavailableException e = unavailable(builder().totalBudget(Duration.ofMillis(400)).build(), pki);
        assertThat(e.getMessage()).contains("no time left");
        assertThat(requests()).isEqualTo(1);
        assertThat(sleeper.waits).isEmpty();
    }

    @Test
    void aSlowAnswerTimesOutAndIsRetried() throws Exception {
        AmdTestPki pki = pki(SimProduct.MILAN);
        stubSequence(get(urlPathEqualTo(vcekPath(pki))), der(pki.der(AmdCertRole.VCEK)).withFixedDelay(1_000),
                get(urlPathEqualTo(vcekPath(pki))), der(pki.der(AmdCertRole.VCEK)));
        KdsClient client = builder().requestTimeout(Duration.ofMillis(200)).build();
        assertThat(fetch(client, pki)).isPresent();
        assertThat(events.events).containsExactly("request VCEK TIMEOUT", "request VCEK OK");
    }

    @Test
    void persistentlySlowAnswersAreUnavailable() {
        AmdTestPki pki = pki(SimProduct.MILAN);
        stubVcek(pki, der(pki.der(AmdCertRole.VCEK)).withFixedDelay(1_000));
        KdsClient client = builder().requestTimeout(Duration.ofMillis(200)).maxAttempts(2).build();
        long start = System.nanoTime();
        CollateralUnavailableException e = unavailable(client, pki);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1_500));
        assertThat(e.getMessage()).contains("no answer within PT0.2S");
        assertThat(events.events).containsExactly("request VCEK TIMEOUT", "request VCEK TIMEOUT");
    }

    @Test
    void garbageIsABadAnswerAndIsNotRetried() {
        AmdTestPki pki = pki(SimProduct.MILAN);
        stubVcek(pki, aResponse().withStatus(200).withHeader("Content-Type", "text/html").withBody("<html>maintenance</html>"));
        CollateralUnavailableException e = unavailable(client(), pki);
        assertThat(e.getMessage()).contains("bad answer");
        assertThat(events.events).containsExactly("request VCEK BAD_ANSWER");
        assertThat(requests()).isEqualTo(1);
    }

    @Test
    void aDerLookalikeThatDoesNotDecodeIsABadAnswer() {
        AmdTestPki pki = pki(SimProduct.MILAN);
        byte[] truncated = Arrays.copyOf(pki.der(AmdCertRole.VCEK), 200);
        stubVcek(pki, der(truncated));
        assertThat(unavailable(client(), pki).getMessage()).contains("bad answer");
    }

    @Test
    void aVcekOfAnotherChipIsRejected() {
        AmdTestPki asked = pki(SimProduct.MILAN);
        AmdTestPki other = AmdTestPki.builder(SimProduct.MILAN).tcb(asked.tcb()).build();
        stubVcek(asked, der(other.der(AmdCertRole.VCEK)));
        CollateralUnavailableException e = unavailable(client(), asked);
        assertThat(e.getMessage()).contains("another chip/TCB").contains("hwID");
        assertThat(events.events).containsExactly("request VCEK BAD_ANSWER");
    }

    @Test
    void aVcekForAnotherTcbIsRejected() {
        AmdTestPki asked = AmdTestPki.builder(SimProduct.TURIN).tcb(new SnpTcb(1, 2, 3, 4, 82)).build();
        AmdTestPki otherFmc = AmdTestPki.builder(SimProduct.TURIN).hwId(asked.hwId()).tcb(new SnpTcb(2, 2, 3, 4, 82)).build();
        stubVcek(asked, der(otherFmc.der(AmdCertRole.VCEK)));
        assertThat(unavailable(client(), asked).getMessage()).contains("another chip/TCB").contains("1.3.6.1.4.1.3704.1.3.9");

        kds.resetAll();
        AmdTestPki otherUcode = AmdTestPki.builder(SimProduct.TURIN).hwId(asked.hwId()).tcb(new SnpTcb(1, 2, 3, 4, 83)).build();
        stubVcek(asked, der(otherUcode.der(AmdCertRole.VCEK)));
        assertThat(unavailable(client(), asked).getMessage()).contains("another chip/TCB").contains("3.8");
    }

    @Test
    void aVcekOfAnotherProductIsRejected() {
        AmdTestPki asked = AmdTestPki.builder(SimProduct.MILAN).tcb(SnpTcb.of(9, 2, 23, 72)).build();
        AmdTestPki genoa = AmdTestPki.builder(SimProduct.GENOA).hwId(asked.hwId()).tcb(SnpTcb.of(9, 2, 23, 72)).build();
        stubVcek(asked, der(genoa.der(AmdCertRole.VCEK)));
        assertThat(unavailable(client(), asked).getMessage()).contains("another chip/TCB").contains("Genoa");
    }

    @Test
    void aCertificateThatIsNotAVcekIsRejected() {
        AmdTestPki pki = pki(SimProduct.MILAN);
        stubVcek(pki, der(pki.der(AmdCertRole.ASK)));
        assertThat(unavailable(client(), pki).getMessage()).contains("not a VCEK");
    }

    @Test
    void certChainIsIdentifiedByCommonNameNotPosition() throws Exception {
        AmdTestPki pki = pki(SimProduct.GENOA);
        kds.stubFor(get(urlEqualTo("/vcek/v1/Genoa/cert_chain")).willReturn(aResponse().withStatus(200)
                .withBody(pki.pem(AmdCertRole.ARK) + pki.pem(AmdCertRole.ASK))));
        kds.stubFor(get(urlEqualTo("/vlek/v1/Genoa/cert_chain")).willReturn(aResponse().withStatus(200)
                .withBody(pki.vlekCertChainPem())));
        KdsClient client = client();
        KdsCertChain chain = client.certChain(SnpProduct.GENOA, SigningKey.VCEK).orElseThrow();
        assertThat(chain.intermediate()).isEqualTo(pki.ask());
        assertThat(chain.ark()).isEqualTo(pki.ark());
        assertThat(chain.pem()).isEqualTo(pki.certChainPem());
        assertThat(client.certChain(SnpProduct.GENOA, SigningKey.VLEK).orElseThrow().intermediate()).isEqualTo(pki.asvk());
    }

    @Test
    void certChainMustBePemWithExactlyTheAsvkOrAskAndTheArk() {
        AmdTestPki pki = pki(SimProduct.MILAN);
        KdsClient client = builder().maxAttempts(1).build();
        String[] bad = {
            pki.pem(AmdCertRole.ASK),                                                    // no ARK
            pki.certChainPem() + pki.pem(AmdCertRole.VCEK),                              // a third certificate
            pki.vlekCertChainPem(),                                                      // ASVK where the ASK belongs
            pki.pem(AmdCertRole.ASK) + pki.pem(AmdCertRole.ASK),                         // twice the ASK
            AmdTestPki.defaultFor(SimProduct.GENOA).certChainPem(),                      // another product
            "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
        };
        for (String body : bad) {
            kds.resetAll();
            kds.stubFor(get(urlEqualTo("/vcek/v1/Milan/cert_chain")).willReturn(aResponse().withStatus(200).withBody(body)));
            CollateralUnavailableException e = catchThrowableOfType(CollateralUnavailableException.class,
                    () -> client.certChain(SnpProduct.MILAN, SigningKey.VCEK));
            assertThat(e).as(body).isNotNull();
            assertThat(e.getMessage()).contains("bad answer");
        }
        kds.resetAll();
        kds.stubFor(get(urlEqualTo("/vcek/v1/Milan/cert_chain")).willReturn(der(pki.der(AmdCertRole.ASK))));
        assertThat(catchThrowableOfType(CollateralUnavailableException.class,
                () -> client.certChain(SnpProduct.MILAN, SigningKey.VCEK)).getMessage()).contains("DER");
    }

    @Test
    void crlMustDecodeBeIssuedByTheArkAndBeCurrent() throws Exception {
        AmdTestPki pki = pki(SimProduct.MILAN);
        Instant now = clock.instant();
        byte[] current = pki.crl().thisUpdate(now.minusSeconds(3600)).nextUpdate(now.plusSeconds(3600)).der();
        kds.stubFor(get(urlEqualTo("/vcek/v1/Milan/crl")).willReturn(der(current)));
        KdsClient client = builder().maxAttempts(1).build();
        X509CRL crl = client.crl(SnpProduct.MILAN, SigningKey.VCEK).orElseThrow();
        assertThat(crl.getEncoded()).isEqualTo(current);

        kds.resetAll();
        String pem = "-----BEGIN X509 CRL-----\n" + java.util.Base64.getMimeEncoder().encodeToString(current)
                + "\n-----END X509 CRL-----\n";
        kds.stubFor(get(urlEqualTo("/vcek/v1/Milan/crl")).willReturn(aResponse().withStatus(200).withBody(pem)));
        assertThat(client.crl(SnpProduct.MILAN, SigningKey.VCEK)).isPresent();

        kds.resetAll();
        byte[] stale = pki.crl().thisUpdate(now.minusSeconds(7200)).nextUpdate(now.minusSeconds(1)).der();
        kds.stubFor(get(urlEqualTo("/vcek/v1/Milan/crl")).willReturn(der(stale)));
        assertThat(catchThrowableOfType(CollateralUnavailableException.class,
                () -> client.crl(SnpProduct.MILAN, SigningKey.VCEK)).getMessage()).contains("nextUpdate");

        kds.resetAll();
        kds.stubFor(get(urlEqualTo("/vcek/v1/Genoa/crl")).willReturn(der(current)));
        assertThat(catchThrowableOfType(CollateralUnavailableException.class,
                () -> client.crl(SnpProduct.GENOA, SigningKey.VCEK)).getMessage()).contains("ARK-Milan");

        kds.resetAll();
        kds.stubFor(get(urlEqualTo("/vcek/v1/Milan/crl")).willReturn(der("not a CRL".getBytes(StandardCharsets.US_ASCII))));
        assertThat(catchThrowableOfType(CollateralUnavailableException.class,
                () -> client.crl(SnpProduct.MILAN, SigningKey.VCEK)).getMessage()).contains("not an X.509 CRL");
    }

    @Test
    void oversizedAnswersAreRejected() {
        AmdTestPki pki = pki(SimProduct.MILAN);
        stubVcek(pki, der(new byte[50_000]));
        CollateralUnavailableException e = unavailable(builder().maxResponseBytes(10_000).build(), pki);
        assertThat(e.getMessage()).contains("larger than 10000 bytes");
        assertThat(requests()).isEqualTo(1);
    }

    @Test
    void unexpectedStatusesAreNotRetried() {
        AmdTestPki pki = pki(SimProduct.MILAN);
        stubVcek(pki, aResponse().withStatus(403));
        assertThat(unavailable(client(), pki).getMessage()).contains("unexpected HTTP status 403");
        assertThat(requests()).isEqualTo(1);
        assertThat(events.events).containsExactly("request VCEK BAD_ANSWER");
    }

    @Test
    void anUnreachableKdsIsRetriedThenUnavailable() {
        AmdTestPki pki = pki(SimProduct.MILAN);
        KdsClient client = client();
        kds.stop();
        CollateralUnavailableException e = unavailable(client, pki);
        assertThat(e.getMessage()).contains("I/O error");
        assertThat(events.events).containsExactly("request VCEK IO_ERROR", "request VCEK IO_ERROR", "request VCEK IO_ERROR");
        assertThat(sleeper.waits).hasSize(2);
    }

    @Test
    void aFailingListenerDoesNotBreakFetching() throws Exception {
        AmdTestPki pki = pki(SimProduct.MILAN);
        stubVcek(pki, der(pki.der(AmdCertRole.VCEK)));
        KdsClient client = builder().events(new KdsEvents() {
            @Override
            public void onRequest(KdsEndpoint endpoint, KdsOutcome outcome) {
                throw new IllegalStateException("metrics down");
            }
        }).build();
        assertThat(fetch(client, pki)).isPresent();
    }
}
