package dev.rats.endorsements.pcs;

import static dev.rats.endorsements.pcs.PcsTestSupport.GO;
import static dev.rats.endorsements.pcs.PcsTestSupport.GO_AT;
import static dev.rats.endorsements.pcs.PcsTestSupport.ROOT_CRL_PATH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.rats.endorsements.http.LocalHttp;
import dev.rats.endorsements.http.MutableClock;
import dev.rats.endorsements.intel.PinnedIntelRoots;
import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.FailureCode;
import dev.rats.evidence.TdxEvidence;
import dev.rats.evidence.tdx.ConfiguredIntelAnchors;
import dev.rats.evidence.tdx.IntelTrustAnchors;
import dev.rats.evidence.tdx.PckCaType;
import dev.rats.evidence.tdx.PckRevocationStatus;
import dev.rats.evidence.tdx.TdxQuoteParser;
import dev.rats.evidence.tdx.TdxQuoteVerifier;
import dev.rats.evidence.tdx.TdxVerificationContext;
import dev.rats.evidence.tdx.VerifiedTdxQuote;
import dev.rats.evidence.tdx.collateral.TcbStatus;
import dev.rats.evidence.tdx.collateral.TdxCollateral;
import dev.rats.evidence.tdx.collateral.TdxCollateralContext;
import dev.rats.evidence.tdx.collateral.TdxCollateralVerifier;
import dev.rats.evidence.tdx.collateral.TdxTcbEvaluator;
import dev.rats.evidence.tdx.collateral.VerifiedTdxCollateral;
import dev.rats.testkit.Vectors;
import dev.rats.testkit.tdx.IntelTestPki;
import dev.rats.testkit.tdx.SimulatedTdxAttester;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link PcsCollateralSource} plugged into the TDX verifiers: as the CRL source of quote verification
 * (CRLs required) and as the collateral source of collateral verification (tdx.md §5 steps 3–4).
 */
class PcsCollateralVerifierTest {

    @TempDir
    Path dir;

    private WireMockServer pcs;

    @BeforeEach
    void start() {
        pcs = LocalHttp.server();
    }

    @AfterEach
    void stop() {
        pcs.stop();
    }

    private PcsCollateralSource source(MutableClock clock) {
        URI base = LocalHttp.base(pcs);
        PcsClient client = PcsClient.builder().httpClient(LocalHttp.client()).baseUri(base)
                .rootCaCrlUri(URI.create(base + ROOT_CRL_PATH)).clock(clock).build();
        return PcsCollateralSource.online(client, dir);
    }

    /** Quote verification with this source's CRLs (required), then collateral verification with its collateral. */
    private static VerifiedTdxCollateral verify(byte[] quote, PcsCollateralSource source, Instant at,
            IntelTrustAnchors anchors) throws EvidenceException {
        TdxVerificationContext ctx = new TdxVerificationContext(at, anchors, source, true);
        VerifiedTdxQuote q = new TdxQuoteVerifier().verify(new TdxEvidence(TdxQuoteParser.parse(quote)), ctx);
        assertThat(q.revocation()).isEqualTo(PckRevocationStatus.NOT_REVOKED);
        TdxCollateral collateral = source.collateral(q.pckExtensions().fmspc(), q.pckCaType());
        return new TdxCollateralVerifier().verify(q, collateral, TdxCollateralContext.of(ctx));
    }

    @Test
    void aSimulatedQuoteIsUpToDateWithCollateralFromPcs() throws Exception {
        MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        SimulatedTdxAttester a = SimulatedTdxAttester.builder(IntelTestPki.defaultPki())
                .issueTime(clock.instant().minus(Duration.ofHours(1))).build();
        PcsTestSupport.stubAll(pcs, PcsTestSupport.simulated(a));
        PcsCollateralSource source = source(clock);
        IntelTrustAnchors anchors = new ConfiguredIntelAnchors(a.pki().root(), "simulated Intel PKI");

        VerifiedTdxCollateral v = verify(a.quote().build().quote(), source, clock.instant(), anchors);
        assertThat(v.rootCaCrlChecked()).isTrue();
        assertThat(TdxTcbEvaluator.evaluate(v).status()).isEqualTo(TcbStatus.UpToDate);
        // a second verification is served from the caches
        verify(a.quote().build().quote(), source, clock.instant(), anchors);
        assertThat(pcs.getAllServeEvents()).hasSize(4);
    }

    @Test
    void theRealGoTdxGuestQuoteVerifiesWithRealCollateralFromPcs() throws Exception {
        PcsTestSupport.stubAll(pcs, PcsTestSupport.real());
        PcsCollateralSource source = source(new MutableClock(GO_AT));
        VerifiedTdxCollateral v = verify(Vectors.bytes(GO + "tdx_prod_quote_SPR_E4.dat"), source, GO_AT,
                PinnedIntelRoots.builtIn());
        assertThat(v.tcbInfo().fmspc()).isEqualTo(PcsTestSupport.GO_FMSPC);
        assertThat(v.collateralExpired()).isFalse();
        // as upstream: this SPR E4 platform matches no TCB level of the 2023 TCB Info (SOURCES.md)
        EvidenceException e = catchThrowableOfType(EvidenceException.class, () -> TdxTcbEvaluator.evaluate(v));
        assertThat(e.code()).isEqualTo(FailureCode.TDX_TCB_NOT_SUPPORTED);
        assertThat(source.pckCrl(PckCaType.PLATFORM)).isPresent();
    }
}
