package dev.rats.policy.pipeline;

import dev.rats.evidence.CollateralUnavailableException;
import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.FailureCode;
import dev.rats.evidence.SnpEvidence;
import dev.rats.evidence.binary.Bytes;
import dev.rats.evidence.snp.SnpCertTable;
import dev.rats.evidence.snp.SnpReport;
import dev.rats.evidence.snp.SnpReportParser;
import dev.rats.evidence.snp.SnpVerificationContext;
import dev.rats.evidence.snp.SnpVerifier;
import dev.rats.evidence.snp.VerifiedSnpEvidence;
import dev.rats.evidence.tdx.IntelTrustAnchors;
import dev.rats.evidence.tdx.collateral.TdxCollateralSource;
import dev.rats.evidence.tpm.AkClockHistory;
import dev.rats.evidence.tpm.AkTrust;
import dev.rats.evidence.x509.CertificateDecoder;
import dev.rats.policy.Appraisal;
import dev.rats.policy.snp.SnpAppraiser;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one pipeline shared by the CLI and the service (DESIGN §3): parse, verify, appraise. Evidence
 * that fails parsing or verification yields a contraindicated appraisal carrying the failure code;
 * an unreachable endorsement source is thrown as "could not check". Thread-safe.
 */
public final class VerificationPipeline {

    private final SnpVerifier snpVerifier;
    private final SnpVerificationContext snpContext;
    private final SnpAppraiser snpAppraiser = new SnpAppraiser();
    private final Clock clock;
    private final TdxPipeline tdx;
    private final TpmPipeline tpm;

    /**
     * A pipeline for SEV-SNP; TDX quotes fail with {@code intel-root-not-pinned} until
     * {@link #withTdx} configures the Intel root.
     *
     * @param snpContext anchors and endorsement sources; its instant is replaced per request
     */
    public VerificationPipeline(SnpVerifier snpVerifier, SnpVerificationContext snpContext, Clock clock) {
        this(snpVerifier, snpContext, clock, new TdxPipeline(NO_INTEL_ROOT, TdxCollateralSource.NONE),
                new TpmPipeline(NO_ENROLMENTS, AkClockHistory.NONE));
    }

    private VerificationPipeline(SnpVerifier snpVerifier, SnpVerificationContext snpContext, Clock clock, TdxPipeline tdx,
            TpmPipeline tpm) {
        this.snpVerifier = snpVerifier;
        this.snpContext = snpContext;
        this.clock = clock;
        this.tdx = tdx;
        this.tpm = tpm;
    }

    /**
     * This pipeline, trusting {@code enrolledAks} for TPM policies whose AK trust mechanism is
     * enrolment, and recording their quotes' clocks in {@code clockHistory}.
     */
    public VerificationPipeline withEnrolledAks(AkTrust enrolledAks, AkClockHistory clockHistory) {
        return new VerificationPipeline(snpVerifier, snpContext, clock, tdx, new TpmPipeline(enrolledAks, clockHistory));
    }

    /**
     * TPM 2.0: parse, verify (AK trust, attributes, signatures, nonce, PCR coverage and digest,
     * event-log replay), appraise (tpm.md §1). TPM verification needs no outside source, so it
     * never answers "could not check".
     */
    public Appraisal tpm(TpmRequest request) {
        return tpm.verify(request, request.at().orElseGet(clock::instant));
    }

    /** Without an enrolment store (the CLI) no AK counts as enrolled. */
    private static final AkTrust NO_ENROLMENTS = (ak, certificates, at) -> {
        throw new EvidenceException(FailureCode.TPM_AK_UNTRUSTED, "the policy trusts enrolled AKs, and this verifier has no "
                + "enrolments (enrolment is a service feature)");
    };

    /**
     * This pipeline, verifying TDX quotes to {@code anchors} (the pinned Intel SGX Root CA) with
     * collateral from the request or else from {@code collateralSource}.
     */
    public VerificationPipeline withTdx(IntelTrustAnchors anchors, TdxCollateralSource collateralSource) {
        return new VerificationPipeline(snpVerifier, snpContext, clock, new TdxPipeline(anchors, collateralSource), tpm);
    }

    /**
     * Intel TDX: parse, verify the quote and its collateral, compute Intel QVL's TCB status,
     * appraise (tdx.md §5).
     *
     * @throws CollateralUnavailableException when the collateral source (e.g. Intel PCS) could not
     *         answer: "could not check", which callers must not turn into a verdict
     */
    public Appraisal tdx(TdxRequest request) throws CollateralUnavailableException {
        return tdx.verify(request, request.at().orElseGet(clock::instant));
    }

    private static final IntelTrustAnchors NO_INTEL_ROOT = new IntelTrustAnchors() {
        @Override
        public Optional<X509Certificate> root() {
            return Optional.empty();
        }

        @Override
        public String description() {
            return "no Intel root configured";
        }
    };

    /**
     * @throws CollateralUnavailableException when an outside endorsement source (e.g. AMD KDS) could
     *         not answer: "could not check", which callers must not turn into a verdict
     */
    public Appraisal snp(SnpRequest request) throws CollateralUnavailableException {
        Instant at = request.at().orElseGet(clock::instant);
        String policyId = request.policy().source().id();
        VerifiedSnpEvidence verified;
        try {
            SnpEvidence evidence = parseSnp(request);
            SnpVerificationContext ctx = snpContext.at(at)
                    .withCrlSource(snpContext.crlSource(), request.policy().crlRequired());
            if (request.policy().product().isPresent()) {
                ctx = ctx.withFallbackProduct(request.policy().product().get());
            }
            verified = snpVerifier.verify(evidence, ctx);
        } catch (CollateralUnavailableException e) {
            throw e;
        } catch (EvidenceException e) {
            return Rejection.of(SnpEvidence.PLATFORM, policyId, e);
        }
        return snpAppraiser.appraise(verified,
                new SnpAppraiser.Request(request.policy(), request.referenceValues(), request.expectedReportData()));
    }

    /** Step one: strict parsing of the report and of every certificate input. */
    static SnpEvidence parseSnp(SnpRequest request) throws EvidenceException {
        SnpReport report = SnpReportParser.parse(request.report());
        List<Bytes> certificates = new ArrayList<>();
        for (byte[] input : request.certificates()) {
            certificates.addAll(CertificateDecoder.derCertificates(input));
        }
        if (request.certTable().isPresent()) {
            SnpEvidence fromTable = SnpEvidence.withCertTable(report, SnpCertTable.parse(Bytes.of(request.certTable().get())));
            certificates.addAll(fromTable.certificates());
        }
        if (certificates.size() > 8) {
            throw new EvidenceException(FailureCode.CERTIFICATE_MALFORMED, "more certificates than an SNP chain holds");
        }
        return new SnpEvidence(report, certificates);
    }
}
