package dev.rats.evidence.tdx.collateral;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.FailureCode;
import dev.rats.evidence.TdxEvidence;
import dev.rats.evidence.tdx.ConfiguredIntelAnchors;
import dev.rats.evidence.tdx.IntelTrustAnchors;
import dev.rats.evidence.tdx.TdxQuoteParser;
import dev.rats.evidence.tdx.TdxQuoteVerifier;
import dev.rats.evidence.tdx.TdxVerificationContext;
import dev.rats.evidence.tdx.VerifiedTdxQuote;
import dev.rats.testkit.Vectors;
import dev.rats.testkit.tdx.SimulatedTdxAttester;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Real vectors (../shared/vectors/tdx, SOURCES.md) and simulated attestations, verified end to end. */
final class CollateralFixtures {

    static final String DCAP_QUOTE = "tdx/dcap-qvl/tdx_quote";
    static final String DCAP_COLLATERAL = "tdx/dcap-qvl/tdx_quote_collateral.json";
    static final String DCAP_ROOT = "tdx/dcap-qvl/TrustedRootCA.der";
    static final String GO = "tdx/go-tdx-guest/";
    /** The upstream dcap-qvl test instant, inside 2025-06-19T10:32:27Z … 2025-07-19T10:00:35Z. */
    static final Instant DCAP_AT = Instant.parse("2025-07-19T10:00:34Z");
    /** The upstream go-tdx-guest test instant, inside 2023-06-18T08:42:58Z … 2023-07-08T07:24:59Z. */
    static final Instant GO_AT = Instant.parse("2023-07-01T01:00:00Z");

    private CollateralFixtures() {
    }

    static IntelTrustAnchors vectorAnchors() {
        return new ConfiguredIntelAnchors(Vectors.certificate(DCAP_ROOT), "Intel SGX Root CA from the shared vectors");
    }

    static byte[] dcapCollateralJson() {
        return Vectors.bytes(DCAP_COLLATERAL);
    }

    static String text(String relative) {
        return new String(Vectors.bytes(relative), StandardCharsets.UTF_8);
    }

    static TdxCollateral goCollateral() throws EvidenceException {
        return TdxCollateralParser.fromPcs(Vectors.bytes(GO + "sample_tcbInfo_response"),
                text(GO + "derived/tcbInfoIssuerChain.pem"), Vectors.bytes(GO + "sample_qeIdentity_response"),
                text(GO + "derived/qeIdentityIssuerChain.pem"), Vectors.bytes(GO + "rootcrl.der"),
                Vectors.bytes(GO + "pckcrl"), text(GO + "derived/pckCrlIssuerChain.pem"));
    }

    /** Quote-level verification with the collateral's CRLs, both required. */
    static VerifiedTdxQuote verifyQuote(byte[] quote, TdxCollateral collateral, Instant at, IntelTrustAnchors anchors)
            throws EvidenceException {
        return new TdxQuoteVerifier().verify(new TdxEvidence(TdxQuoteParser.parse(quote)),
                new TdxVerificationContext(at, anchors, collateral.crlSource(), true));
    }

    /** Quote verification, collateral verification and TCB evaluation at one instant. */
    static TdxTcbResult evaluate(byte[] quote, TdxCollateral collateral, Instant at, IntelTrustAnchors anchors)
            throws EvidenceException {
        VerifiedTdxQuote q = verifyQuote(quote, collateral, at, anchors);
        VerifiedTdxCollateral c = new TdxCollateralVerifier().verify(q, collateral, TdxCollateralContext.of(at, anchors));
        return TdxTcbEvaluator.evaluate(c);
    }

    static IntelTrustAnchors anchors(SimulatedTdxAttester attester) {
        return new ConfiguredIntelAnchors(attester.pki().root(), "simulated Intel PKI");
    }

    /** A simulated quote with its attester's collateral, through the dcap-qvl JSON form. */
    static TdxTcbResult evaluate(SimulatedTdxAttester attester, dev.rats.testkit.tdx.TdxEvidence ev) throws EvidenceException {
        return evaluate(ev.quote(), TdxCollateralParser.fromQvlJson(ev.collateral().qvlJsonBytes()),
                attester.verificationTime(), anchors(attester));
    }

    static FailureCode code(ThrowingCallable call) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(call);
        assertThat(t).as("expected an EvidenceException").isInstanceOf(EvidenceException.class);
        return ((EvidenceException) t).code();
    }
}
