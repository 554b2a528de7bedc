package dev.rats.app.attest;

import dev.rats.app.challenge.ChallengeService;
import dev.rats.app.token.EarIssuer;
import dev.rats.evidence.CollateralUnavailableException;
import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.SnpEvidence;
import dev.rats.evidence.binary.Bytes;
import dev.rats.policy.Appraisal;
import dev.rats.policy.pipeline.Rejection;
import dev.rats.policy.pipeline.SnpRequest;
import dev.rats.policy.pipeline.VerificationPipeline;
import dev.rats.policy.snp.SnpPolicyRules;
import dev.rats.refvalues.SnpReferenceValues;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Attestation as the service performs it: redeem the nonce, bind it to the report data, run the
 * shared pipeline, and sign the result. Evidence problems (including stale or replayed nonces)
 * yield a signed contraindicated EAR; "could not check" yields {@link Outcome.Unavailable} and no
 * token (DESIGN §4).
 */
public final class AttestationService {

    /** What an attestation produced. */
    public sealed interface Outcome {
        record Attested(Appraisal appraisal, String token) implements Outcome {
        }

        record Unavailable(CollateralUnavailableException cause) implements Outcome {
        }
    }

    /** A decoded SEV-SNP request; binary fields already base64-decoded. */
    public record SnpInput(byte[] report, List<byte[]> certificates, Optional<byte[]> certTable, Optional<Bytes> nonce,
            Optional<Bytes> runtimeData, SnpPolicyRules policy) {
    }

    private final VerificationPipeline pipeline;
    private final ChallengeService challenges;
    private final Supplier<SnpReferenceValues> referenceValues;
    private final EarIssuer issuer;
    private final VerificationMetrics metrics;

    public AttestationService(VerificationPipeline pipeline, ChallengeService challenges,
            Supplier<SnpReferenceValues> referenceValues, EarIssuer issuer, VerificationMetrics metrics) {
        this.pipeline = pipeline;
        this.challenges = challenges;
        this.referenceValues = referenceValues;
        this.issuer = issuer;
        this.metrics = metrics;
    }

    public Outcome attestSnp(SnpInput in) {
        long started = System.nanoTime();
        Appraisal appraisal;
        try {
            if (in.nonce().isPresent()) {
                challenges.redeem(in.nonce().get());
            }
            Optional<Bytes> expected = NonceBinding.expectedReportData(in.nonce(), in.runtimeData());
            appraisal = pipeline.snp(new SnpRequest(in.report(), in.certificates(), in.certTable(), in.policy(),
                    referenceValues.get(), expected, Optional.empty()));
        } catch (CollateralUnavailableException e) {
            metrics.unavailable(SnpEvidence.PLATFORM);
            return new Outcome.Unavailable(e);
        } catch (EvidenceException e) {
            appraisal = Rejection.of(SnpEvidence.PLATFORM, in.policy().source().id(), e);
        }
        metrics.record(SnpEvidence.PLATFORM, appraisal, System.nanoTime() - started);
        return new Outcome.Attested(appraisal, issuer.issue(appraisal, in.nonce()));
    }

}
