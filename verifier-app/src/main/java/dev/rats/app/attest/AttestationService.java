package dev.rats.app.attest;

import dev.rats.app.challenge.ChallengeService;
import dev.rats.app.token.EarIssuer;
import dev.rats.evidence.CollateralUnavailableException;
import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.SnpEvidence;
import dev.rats.evidence.TdxEvidence;
import dev.rats.evidence.TpmEvidence;
import dev.rats.evidence.binary.Bytes;
import dev.rats.policy.Appraisal;
import dev.rats.policy.pipeline.Rejection;
import dev.rats.policy.pipeline.SnpRequest;
import dev.rats.policy.pipeline.TdxRequest;
import dev.rats.policy.pipeline.TpmRequest;
import dev.rats.policy.pipeline.VerificationPipeline;
import dev.rats.policy.snp.SnpPolicyRules;
import dev.rats.policy.tdx.TdxPolicyRules;
import dev.rats.policy.tpm.TpmPolicyRules;
import dev.rats.refvalues.ReferenceValueStore;
import dev.rats.refvalues.SnpReferenceValues;
import dev.rats.refvalues.TdxReferenceValues;
import dev.rats.refvalues.TpmReferenceValues;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Attestation as the service performs it, for every platform: redeem the nonce, bind it to the report data, run the
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

    /** A decoded TDX request; binary fields already base64-decoded, collateral as dcap-qvl JSON bytes. */
    public record TdxInput(byte[] quote, Optional<byte[]> collateral, Optional<Bytes> nonce, Optional<Bytes> runtimeData,
            TdxPolicyRules policy) {
    }

    /** A decoded TPM request; binary fields already base64-decoded. */
    public record TpmInput(byte[] quote, byte[] signature, byte[] akPublic, Map<String, Map<String, String>> pcrs,
            Optional<byte[]> eventLog, Optional<byte[]> akCertChain, Optional<Bytes> nonce, TpmPolicyRules policy) {
    }

    /** One platform's step: binding the nonce and calling the pipeline. */
    @FunctionalInterface
    private interface Verification {
        Appraisal verify() throws EvidenceException;
    }

    private final VerificationPipeline pipeline;
    private final ChallengeService challenges;
    private final Supplier<ReferenceValueStore> referenceValues;
    private final EarIssuer issuer;
    private final VerificationMetrics metrics;

    /** @param referenceValues the current reference values, read once per request */
    public AttestationService(VerificationPipeline pipeline, ChallengeService challenges,
            Supplier<ReferenceValueStore> referenceValues, EarIssuer issuer, VerificationMetrics metrics) {
        this.pipeline = pipeline;
        this.challenges = challenges;
        this.referenceValues = referenceValues;
        this.issuer = issuer;
        this.metrics = metrics;
    }

    public Outcome attestSnp(SnpInput in) {
        SnpReferenceValues refs = referenceValues.get().snp();
        return attest(SnpEvidence.PLATFORM, in.policy().source().id(), in.nonce(),
                () -> pipeline.snp(new SnpRequest(in.report(), in.certificates(), in.certTable(), in.policy(), refs,
                        NonceBinding.expectedReportData(in.nonce(), in.runtimeData()), Optional.empty())));
    }

    public Outcome attestTdx(TdxInput in) {
        TdxReferenceValues refs = referenceValues.get().tdx();
        return attest(TdxEvidence.PLATFORM, in.policy().source().id(), in.nonce(),
                () -> pipeline.tdx(new TdxRequest(in.quote(), in.collateral(), in.policy(), refs,
                        NonceBinding.expectedReportData(in.nonce(), in.runtimeData()), Optional.empty())));
    }

    /** TPM: the nonce is the quote's extraData, verbatim ({@code tpm2_quote -q}; tpm.md §1 step 6). */
    public Outcome attestTpm(TpmInput in) {
        TpmReferenceValues refs = referenceValues.get().tpm();
        return attest(TpmEvidence.PLATFORM, in.policy().source().id(), in.nonce(),
                () -> pipeline.tpm(new TpmRequest(List.of(new TpmRequest.Quote(in.quote(), in.signature())), in.akPublic(),
                        new TpmRequest.Pcrs.ByBank(in.pcrs()), in.eventLog(), in.akCertChain().stream().toList(), in.policy(),
                        refs, in.nonce(), Optional.empty())));
    }

    /** Redeem the nonce, bind it, verify, record, sign: the same for every platform (DESIGN §4, §8). */
    private Outcome attest(String platform, String policyId, Optional<Bytes> nonce, Verification verification) {
        long started = System.nanoTime();
        Appraisal appraisal;
        try {
            if (nonce.isPresent()) {
                challenges.redeem(nonce.get());
            }
            appraisal = verification.verify();
        } catch (CollateralUnavailableException e) {
            metrics.unavailable(platform);
            return new Outcome.Unavailable(e);
        } catch (EvidenceException e) {
            appraisal = Rejection.of(platform, policyId, e);
        }
        metrics.record(platform, appraisal, System.nanoTime() - started);
        return new Outcome.Attested(appraisal, issuer.issue(appraisal, nonce));
    }

}
