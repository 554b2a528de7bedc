package dev.rats.policy.pipeline;

import dev.rats.evidence.CollateralUnavailableException;
import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.TdxEvidence;
import dev.rats.evidence.binary.Bytes;
import dev.rats.evidence.tdx.IntelCrlSource;
import dev.rats.evidence.tdx.IntelTrustAnchors;
import dev.rats.evidence.tdx.PckCaType;
import dev.rats.evidence.tdx.TdxQuoteParser;
import dev.rats.evidence.tdx.TdxQuoteVerifier;
import dev.rats.evidence.tdx.TdxVerificationContext;
import dev.rats.evidence.tdx.VerifiedTdxQuote;
import dev.rats.evidence.tdx.collateral.TdxCollateral;
import dev.rats.evidence.tdx.collateral.TdxCollateralContext;
import dev.rats.evidence.tdx.collateral.TdxCollateralParser;
import dev.rats.evidence.tdx.collateral.TdxCollateralSource;
import dev.rats.evidence.tdx.collateral.TdxCollateralVerifier;
import dev.rats.evidence.tdx.collateral.TdxTcbEvaluator;
import dev.rats.evidence.tdx.collateral.TdxTcbResult;
import dev.rats.evidence.tdx.collateral.VerifiedTdxCollateral;
import dev.rats.policy.Appraisal;
import dev.rats.policy.tdx.TdxAppraiser;
import dev.rats.policy.tdx.VerifiedTdxEvidence;
import java.security.cert.X509CRL;
import java.time.Instant;
import java.util.Optional;

/**
 * The TDX steps of the pipeline (tdx.md §5): parse the quote; verify it (PCK chain to the pinned
 * root, CRLs, QE report, quote signature); obtain collateral for the verified PCK's FMSPC from the
 * request or the configured source; verify the collateral; compute Intel QVL's TCB status; appraise.
 * Thread-safe: the verifiers' caches are shared across requests.
 */
final class TdxPipeline {

    private final IntelTrustAnchors anchors;
    private final TdxCollateralSource collateralSource;
    private final TdxQuoteVerifier quoteVerifier = new TdxQuoteVerifier();
    private final TdxCollateralVerifier collateralVerifier = new TdxCollateralVerifier();
    private final TdxAppraiser appraiser = new TdxAppraiser();

    TdxPipeline(IntelTrustAnchors anchors, TdxCollateralSource collateralSource) {
        this.anchors = anchors;
        this.collateralSource = collateralSource;
    }

    Appraisal verify(TdxRequest request, Instant at) throws CollateralUnavailableException {
        String policyId = request.policy().source().id();
        VerifiedTdxEvidence verified;
        try {
            TdxEvidence evidence = new TdxEvidence(TdxQuoteParser.parse(request.quote()));
            Optional<TdxCollateral> supplied = request.collateral().isPresent()
                    ? Optional.of(TdxCollateralParser.fromQvlJson(request.collateral().get()))
                    : Optional.empty();
            if (supplied.isEmpty() && collateralSource == TdxCollateralSource.NONE) {
                // say what is missing rather than fail on its first part (the CRLs) during quote verification
                collateralSource.collateral(Bytes.empty(), PckCaType.PLATFORM);
            }
            IntelCrlSource crls = supplied.map(c -> preferring(c.crlSource(), collateralSource))
                    .orElse(collateralSource);
            TdxVerificationContext ctx = new TdxVerificationContext(at, anchors, crls, request.policy().crlRequired());
            VerifiedTdxQuote quote = quoteVerifier.verify(evidence, ctx);
            TdxCollateral collateral = supplied.isPresent() ? supplied.get()
                    : collateralSource.collateral(quote.pckExtensions().fmspc(), quote.pckCaType());
            VerifiedTdxCollateral verifiedCollateral = collateralVerifier.verify(quote, collateral,
                    TdxCollateralContext.of(at, anchors).withFailWhenExpired(request.policy().rejectExpiredCollateral()));
            TdxTcbResult tcb = TdxTcbEvaluator.evaluate(verifiedCollateral);
            verified = new VerifiedTdxEvidence(quote, verifiedCollateral, tcb);
        } catch (CollateralUnavailableException e) {
            throw e;
        } catch (EvidenceException e) {
            return Rejection.of(TdxEvidence.PLATFORM, policyId, e);
        }
        return appraiser.appraise(verified, new TdxAppraiser.Request(request.policy(), request.referenceValues(),
                request.expectedReportData()));
    }

    /** The CRLs of {@code first}, and those it lacks from {@code fallback}. */
    private static IntelCrlSource preferring(IntelCrlSource first, IntelCrlSource fallback) {
        return new IntelCrlSource() {
            @Override
            public Optional<X509CRL> rootCaCrl() throws EvidenceException {
                Optional<X509CRL> crl = first.rootCaCrl();
                return crl.isPresent() ? crl : fallback.rootCaCrl();
            }

            @Override
            public Optional<X509CRL> pckCrl(PckCaType ca) throws EvidenceException {
                Optional<X509CRL> crl = first.pckCrl(ca);
                return crl.isPresent() ? crl : fallback.pckCrl(ca);
            }
        };
    }
}
