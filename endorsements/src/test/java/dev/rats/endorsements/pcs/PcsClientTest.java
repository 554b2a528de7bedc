package dev.rats.endorsements.pcs;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.rats.endorsements.pcs.PcsTestSupport.GO_AT;
import static dev.rats.endorsements.pcs.PcsTestSupport.GO_FMSPC;
import static dev.rats.endorsements.pcs.PcsTestSupport.QE_PATH;
import static dev.rats.endorsements.pcs.PcsTestSupport.ROOT_CRL_PATH;
import static dev.rats.endorsements.pcs.PcsTestSupport.crlAnswer;
import static dev.rats.endorsements.pcs.PcsTestSupport.header;
import static dev.rats.endorsements.pcs.PcsTestSupport.pckCrlAnswer;
import static dev.rats.endorsements.pcs.PcsTestSupport.pckCrlPath;
import static dev.rats.endorsements.pcs.PcsTestSupport.qeIdentityAnswer;
import static dev.rats.endorsements.pcs.PcsTestSupport.requests;
import static dev.rats.endorsements.pcs.PcsTestSupport.tcbInfoAnswer;
import static dev.rats.endorsements.pcs.PcsTestSupport.tcbPath;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.rats.endorsements.http.FakeSleeper;
import dev.rats.endorsements.http.LocalHttp;
import dev.rats.endorsements.http.MutableClock;
import dev.rats.endorsements.pcs.PcsTestSupport.Collateral;
import dev.rats.endorsements.pcs.PcsTestSupport.RecordingEvents;
import dev.rats.evidence.CollateralUnavailableException;
import dev.rats.evidence.FailureCode;
import dev.rats.evidence.binary.Bytes;
import dev.rats.evidence.tdx.PckCaType;
import dev.rats.evidence.tdx.collateral.QeIdentity;
import dev.rats.evidence.tdx.collateral.TcbInfo;
import dev.rats.evidence.x509.DistinguishedNames;
import dev.rats.testkit.tdx.IntelCertRole;
import dev.rats.testkit.tdx.IntelTestPki;
import dev.rats.testkit.tdx.QeIdentityBuilder;
import dev.rats.testkit.tdx.SimulatedTdxAttester;
import dev.rats.testkit.tdx.TcbInfoBuilder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link PcsClient} against a WireMock PCS on 127.0.0.1: real Intel answers, then every way an answer goes wrong. */
class PcsClientTest {

    private WireMockServer pcs;
    private MutableClock clock;
    private FakeSleeper sleeper;
    private RecordingEvents events;

    @BeforeEach
    void start() {
        pcs = LocalHttp.server();
        clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        sleeper = new FakeSleeper(clock);
        events = new RecordingEvents();
    }

    @AfterEach
    void stop() {
        pcs.stop();
    }

    private PcsClient.Builder builder() {
        URI base = LocalHttp.base(pcs);
        return PcsClient.builder().httpClient(LocalHttp.client()).baseUri(base)
                .rootCaCrlUri(URI.create(base + ROOT_CRL_PATH)).requestTimeout(Duration.ofSeconds(2))
                .clock(clock).sleeper(sleeper).events(events);
    }

    private PcsClient client() {
        return builder().build();
    }

    /** A simulated platform whose collateral was issued an hour before the test clock. */
    private SimulatedTdxAttester.Builder platform() {
        return SimulatedTdxAttester.builder(IntelTestPki.defaultPki()).issueTime(clock.instant().minus(Duration.ofHours(1)));
    }

    private static CollateralUnavailableException unavailable(ThrowingCall call) {
        CollateralUnavailableException e = catchThrowableOfType(CollateralUnavailableException.class, call::run);
        assertThat(e).as("expected CollateralUnavailableException").isNotNull();
        assertThat(e.code()).isEqualTo(FailureCode.ENDORSEMENT_UNAVAILABLE);
        return e;
    }

    @FunctionalInterface
    private interface ThrowingCall {
        void run() throws Exception;
    }

    private void stubTcbInfo(Bytes fmspc, ResponseDefinitionBuilder answer) {
        pcs.stubFor(get(urlEqualTo(tcbPath(fmspc))).willReturn(answer));
    }

    @Test
    void realIntelAnswersOfEveryEndpointAreFetchedAndValidated() throws Exception {
        Collateral real = PcsTestSupport.real();
        PcsTestSupport.stubAll(pcs, real);
        clock.set(GO_AT);
        PcsClient client = client();

        PcsSignedDocument<TcbInfo> tcbInfo = client.tcbInfo(GO_FMSPC).orElseThrow();
        assertThat(tcbInfo.body().toByteArray()).isEqualTo(real.tcbInfo());
        assertThat(tcbInfo.signed().value().fmspc()).isEqualTo(GO_FMSPC);
        assertThat(tcbInfo.nextUpdate()).isEqualTo(Instant.parse("2023-07-18T08:42:58Z"));
        assertThat(tcbInfo.issuerChain()).hasSize(2);
        assertThat(DistinguishedNames.commonName(tcbInfo.issuerChain().get(0).certificate().getSubjectX500Principal()))
                .contains("Intel SGX TCB Signing");

        PcsSignedDocument<QeIdentity> qe = client.qeIdentity().orElseThrow();
        assertThat(qe.body().toByteArray()).isEqualTo(real.qeIdentity());
        assertThat(qe.signed().value().id()).isEqualTo("TD_QE");

        PcsCrl pckCrl = client.pckCrl(PckCaType.PLATFORM).orElseThrow();
        assertThat(pckCrl.der().toByteArray()).isEqualTo(real.pckCrl());
        assertThat(pckCrl.issuerChain()).hasSize(2);
        assertThat(pckCrl.nextUpdate()).isEqualTo(Instant.parse("2023-07-08T07:27:52Z"));

        PcsCrl rootCrl = client.rootCaCrl().orElseThrow();
        assertThat(rootCrl.der().toByteArray()).isEqualTo(real.rootCrl());
        assertThat(rootCrl.issuerChain()).isEmpty();

        // the FMSPC is sent as 12 lower-case hex digits (go-tdx-guest); one request per endpoint
        assertThat(requests(pcs, "/tdx/certification/v4/tcb?fmspc=50806f000000")).isEqualTo(1);
        assertThat(pcs.getAllServeEvents()).hasSize(4);
        assertThat(events.events).containsExactly("request TCB_INFO OK", "request QE_IDENTITY OK",
                "request PCK_CRL OK", "request ROOT_CA_CRL OK");
    }

    @Test
    void thePccsSpellingOfTheTcbInfoHeaderIsAccepted() throws Exception {
        Collateral real = PcsTestSupport.real();
        clock.set(GO_AT);
        stubTcbInfo(GO_FMSPC, aResponse().withStatus(200)
                .withHeader("SGX-TCB-Info-Issuer-Chain", header(real.tcbInfoChain())).withBody(real.tcbInfo()));
        assertThat(client().tcbInfo(GO_FMSPC)).isPresent();
    }

    @Test
    void aPccsServesTheRootCaCrlAsHexAndThePckCrlAsPem() throws Exception {
        SimulatedTdxAttester a = platform().build();
        Collateral c = PcsTestSupport.simulated(a);
        pcs.stubFor(get(urlEqualTo("/pccs" + PcsUrls.PCCS_ROOT_CA_CRL_PATH))
                .willReturn(crlAnswer(HexFormat.of().formatHex(c.rootCrl()).getBytes(StandardCharsets.US_ASCII))));
        String pem = a.pki().pckCrl(IntelCertRole.PLATFORM_CA).thisUpdate(a.issueTime()).pem();
        pcs.stubFor(get(urlEqualTo("/pccs" + pckCrlPath(PckCaType.PLATFORM)))
                .willReturn(pckCrlAnswer(pem.getBytes(StandardCharsets.US_ASCII), c.pckCrlChain())));
        PcsClient client = builder().urls(PcsUrls.pccs(URI.create(LocalHttp.base(pcs) + "/pccs/"))).build();
        assertThat(client.urls().rootCaCrl().getPath()).isEqualTo("/pccs/sgx/certification/v4/rootcacrl");
        assertThat(client.rootCaCrl().orElseThrow().der().toByteArray()).isEqualTo(c.rootCrl());
        assertThat(client.pckCrl(PckCaType.PLATFORM).orElseThrow().crl().getIssuerX500Principal())
                .isEqualTo(a.pki().certificate(IntelCertRole.PLATFORM_CA).getSubjectX500Principal());
    }

    @Test
    void anUnknownFmspcIsAnEmptyResultNotAnOutage() throws Exception {
        Bytes unknown = Bytes.fromHex("00112233AABB");
        stubTcbInfo(unknown, aResponse().withStatus(404));
        assertThat(client().tcbInfo(unknown)).isEmpty();
        assertThat(events.events).containsExactly("request TCB_INFO NOT_FOUND");
        assertThat(requests(pcs, "/tdx/certification/v4/tcb?fmspc=00112233aabb")).isEqualTo(1);
    }

    @Test
    void rateLimitedWaitsRetryAfterThenRetries() throws Exception {
        Collateral c = PcsTestSupport.simulated(platform().build());
        pcs.stubFor(get(urlEqualTo(QE_PATH)).inScenario("429").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "3")).willSetStateTo("ok"));
        pcs.stubFor(get(urlEqualTo(QE_PATH)).inScenario("429").whenScenarioStateIs("ok")
                .willReturn(qeIdentityAnswer(c.qeIdentity(), c.qeIdentityChain())));
        assertThat(client().qeIdentity()).isPresent();
        assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(3));
        assertThat(events.events).containsExactly("request QE_IDENTITY RATE_LIMITED", "request QE_IDENTITY OK");
    }

    @Test
    void aLongRetryAfterFailsAtOnceAndNothingIsSentToThatHostUntilThen() throws Exception {
        pcs.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "120")));
        // the Root CA CRL lives on another host (Intel's CRL distribution point), which is not throttled
        WireMockServer certificates = LocalHttp.server();
        try {
            Collateral c = PcsTestSupport.simulated(platform().build());
            certificates.stubFor(get(urlEqualTo(ROOT_CRL_PATH)).willReturn(crlAnswer(c.rootCrl())));
            PcsClient client = builder().rootCaCrlUri(URI.create(LocalHttp.base(certificates) + ROOT_CRL_PATH)).build();

            CollateralUnavailableException first = unavailable(() -> client.tcbInfo(GO_FMSPC));
            assertThat(first.retryAfter()).contains(Duration.ofSeconds(120));
            assertThat(sleeper.waits).as("no hammering: the wait exceeds the budget").isEmpty();
            assertThat(client.coolDownUntil()).contains(clock.instant().plusSeconds(120));

            clock.advance(Duration.ofSeconds(20));
            CollateralUnavailableException second = unavailable(() -> client.pckCrl(PckCaType.PLATFORM));
            assertThat(second.retryAfter()).contains(Duration.ofSeconds(100));
            assertThat(second.getMessage()).contains("no request sent");
            assertThat(pcs.getAllServeEvents()).hasSize(1);
            assertThat(client.rootCaCrl()).isPresent();
            assertThat(events.events).containsExactly("request TCB_INFO RATE_LIMITED", "cool-down PCK_CRL",
                    "request ROOT_CA_CRL OK");
        } finally {
            certificates.stop();
        }
    }

    @Test
    void serverErrorsAreRetriedABoundedNumberOfTimes() {
        pcs.stubFor(get(urlEqualTo(QE_PATH)).willReturn(aResponse().withStatus(503)));
        CollateralUnavailableException e = unavailable(() -> client().qeIdentity());
        assertThat(e.getMessage()).contains("Intel PCS").contains("HTTP 503").contains("3 attempts");
        assertThat(e.retryAfter()).as("the outage cool-down").isPresent();
        assertThat(requests(pcs, QE_PATH)).isEqualTo(3);
        assertThat(sleeper.waits).hasSize(2);
    }

    @Test
    void aSlowAnswerTimesOut() {
        Collateral c = PcsTestSupport.simulated(platform().build());
        pcs.stubFor(get(urlEqualTo(QE_PATH)).willReturn(qeIdentityAnswer(c.qeIdentity(), c.qeIdentityChain())
                .withFixedDelay(1_000)));
        PcsClient client = builder().requestTimeout(Duration.ofMillis(200)).maxAttempts(2).build();
        CollateralUnavailableException e = unavailable(client::qeIdentity);
        assertThat(e.getMessage()).contains("no answer within PT0.2S");
        assertThat(events.events).containsExactly("request QE_IDENTITY TIMEOUT", "request QE_IDENTITY TIMEOUT");
    }

    @Test
    void garbageIsABadAnswerAndIsNotRetried() {
        stubTcbInfo(GO_FMSPC, aResponse().withStatus(200).withHeader("Content-Type", "text/html")
                .withBody("<html>maintenance</html>"));
        CollateralUnavailableException e = unavailable(() -> client().tcbInfo(GO_FMSPC));
        assertThat(e.getMessage()).contains("bad answer").contains("not well-formed");
        assertThat(events.events).containsExactly("request TCB_INFO BAD_ANSWER");
        assertThat(pcs.getAllServeEvents()).hasSize(1);
    }

    @Test
    void aMissingOrGarbledIssuerChainHeaderIsABadAnswer() {
        SimulatedTdxAttester a = platform().build();
        Collateral c = PcsTestSupport.simulated(a);
        Bytes fmspc = c.fmspc();
        PcsClient client = builder().maxAttempts(1).build();

        stubTcbInfo(fmspc, aResponse().withStatus(200).withBody(c.tcbInfo()));
        assertThat(unavailable(() -> client.tcbInfo(fmspc)).getMessage()).contains("TCB-Info-Issuer-Chain header is missing");

        String garbled = header(c.tcbInfoChain()).substring(0, 400) + "%ZZ";
        stubTcbInfo(fmspc, aResponse().withStatus(200).withHeader("TCB-Info-Issuer-Chain", garbled).withBody(c.tcbInfo()));
        assertThat(unavailable(() -> client.tcbInfo(fmspc)).getMessage()).contains("not a certificate chain");

        // a well-formed chain of another signer: the body's signature does not verify under it
        stubTcbInfo(fmspc, tcbInfoAnswer(c.tcbInfo(), c.pckCrlChain()));
        assertThat(unavailable(() -> client.tcbInfo(fmspc)).getMessage()).contains("signature does not verify");

        pcs.stubFor(get(urlEqualTo(pckCrlPath(PckCaType.PLATFORM))).willReturn(crlAnswer(c.pckCrl())));
        assertThat(unavailable(() -> client.pckCrl(PckCaType.PLATFORM)).getMessage())
                .contains("SGX-PCK-CRL-Issuer-Chain header is missing");
        assertThat(events.requests()).containsOnly("request TCB_INFO BAD_ANSWER", "request PCK_CRL BAD_ANSWER");
    }

    @Test
    void aBodyChangedAfterSigningIsABadAnswer() {
        SimulatedTdxAttester a = platform().tcbInfo(t -> t.postSignOverride(s -> s.replaceFirst(",", ", "))).build();
        Collateral c = PcsTestSupport.simulated(a);
        stubTcbInfo(c.fmspc(), tcbInfoAnswer(c.tcbInfo(), c.tcbInfoChain()));
        assertThat(unavailable(() -> client().tcbInfo(c.fmspc())).getMessage()).contains("signature does not verify");
    }

    @Test
    void tcbInfoOfAnotherFmspcIsRejected() {
        Collateral c = PcsTestSupport.simulated(platform().build());
        Bytes asked = Bytes.fromHex("90C06F000000");
        assertThat(asked).isNotEqualTo(c.fmspc());
        stubTcbInfo(asked, tcbInfoAnswer(c.tcbInfo(), c.tcbInfoChain()));
        CollateralUnavailableException e = unavailable(() -> client().tcbInfo(asked));
        assertThat(e.getMessage()).contains("TCB Info for another FMSPC").contains("instead of 90c06f000000");
        assertThat(events.events).containsExactly("request TCB_INFO BAD_ANSWER");
    }

    @Test
    void collateralWithAnotherIdIsRejected() {
        IntelTestPki pki = IntelTestPki.defaultPki();
        Instant issued = clock.instant().minus(Duration.ofHours(1));
        byte[] sgxTcbInfo = new TcbInfoBuilder().id("SGX").fmspc(pki.fmspc()).issueDate(issued)
                .signWith(pki.tcbSigningKey()).build().bodyBytes();
        Bytes fmspc = Bytes.of(pki.fmspc());
        stubTcbInfo(fmspc, tcbInfoAnswer(sgxTcbInfo, pki.tcbSigningChainPem()));
        assertThat(unavailable(() -> client().tcbInfo(fmspc)).getMessage()).contains("another id").contains("\"SGX\"");

        byte[] sgxQe = new QeIdentityBuilder().id("QE").issueDate(issued).signWith(pki.tcbSigningKey()).build().bodyBytes();
        pcs.stubFor(get(urlEqualTo(QE_PATH)).willReturn(qeIdentityAnswer(sgxQe, pki.tcbSigningChainPem())));
        assertThat(unavailable(() -> client().qeIdentity()).getMessage()).contains("another id").contains("\"QE\"");
    }

    @Test
    void aCrlOfAnotherCaIsRejected() {
        IntelTestPki pki = IntelTestPki.defaultPki();
        byte[] processorCrl = pki.pckCrl(IntelCertRole.PROCESSOR_CA).der();
        pcs.stubFor(get(urlEqualTo(pckCrlPath(PckCaType.PLATFORM)))
                .willReturn(pckCrlAnswer(processorCrl, pki.pckCrlIssuerChainPem(IntelCertRole.PROCESSOR_CA))));
        assertThat(unavailable(() -> client().pckCrl(PckCaType.PLATFORM)).getMessage())
                .contains("a CRL of another CA").contains("Intel SGX PCK Processor CA");

        pcs.stubFor(get(urlEqualTo(ROOT_CRL_PATH)).willReturn(crlAnswer(processorCrl)));
        assertThat(unavailable(() -> client().rootCaCrl()).getMessage()).contains("a CRL of another CA");
        pcs.stubFor(get(urlEqualTo(ROOT_CRL_PATH)).willReturn(crlAnswer("not a CRL".getBytes(StandardCharsets.US_ASCII))));
        assertThat(unavailable(() -> client().rootCaCrl()).getMessage()).contains("not a CRL");
    }

    @Test
    void answersAtOrPastTheirNextUpdateAreRejected() {
        IntelTestPki pki = IntelTestPki.defaultPki();
        Instant now = clock.instant();
        byte[] expired = new TcbInfoBuilder().fmspc(pki.fmspc()).issueDate(now.minus(Duration.ofDays(30)))
                .nextUpdate(now).signWith(pki.tcbSigningKey()).build().bodyBytes();
        Bytes fmspc = Bytes.of(pki.fmspc());
        stubTcbInfo(fmspc, tcbInfoAnswer(expired, pki.tcbSigningChainPem()));
        assertThat(unavailable(() -> client().tcbInfo(fmspc)).getMessage()).contains("past its nextUpdate");

        byte[] staleCrl = pki.pckCrl(IntelCertRole.PLATFORM_CA).thisUpdate(now.minus(Duration.ofDays(31)))
                .nextUpdate(now.minusSeconds(1)).der();
        pcs.stubFor(get(urlEqualTo(pckCrlPath(PckCaType.PLATFORM)))
                .willReturn(pckCrlAnswer(staleCrl, pki.pckCrlIssuerChainPem(IntelCertRole.PLATFORM_CA))));
        assertThat(unavailable(() -> client().pckCrl(PckCaType.PLATFORM)).getMessage()).contains("past its nextUpdate");
    }

    @Test
    void oversizedAnswersAndUnexpectedStatusesAreNotRetried() {
        stubTcbInfo(GO_FMSPC, aResponse().withStatus(200).withBody(new byte[50_000]));
        assertThat(unavailable(() -> builder().maxResponseBytes(10_000).build().tcbInfo(GO_FMSPC)).getMessage())
                .contains("larger than 10000 bytes");
        pcs.stubFor(get(urlEqualTo(QE_PATH)).willReturn(aResponse().withStatus(401)));
        assertThat(unavailable(() -> client().qeIdentity()).getMessage()).contains("unexpected HTTP status 401");
        assertThat(pcs.getAllServeEvents()).hasSize(2);
    }

    @Test
    void anFmspcMustBeSixBytes() {
        PcsClient client = client();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.tcbInfo(Bytes.fromHex("0011223344")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(pcs.getAllServeEvents()).isEmpty();
    }
}
