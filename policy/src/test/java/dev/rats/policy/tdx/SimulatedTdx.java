package dev.rats.policy.tdx;

import dev.rats.evidence.CollateralUnavailableException;
import dev.rats.evidence.binary.Bytes;
import dev.rats.evidence.snp.SnpVerificationContext;
import dev.rats.evidence.snp.SnpVerifier;
import dev.rats.evidence.tdx.ConfiguredIntelAnchors;
import dev.rats.evidence.tdx.collateral.TdxCollateralSource;
import dev.rats.policy.Appraisal;
import dev.rats.policy.pipeline.TdxRequest;
import dev.rats.policy.pipeline.VerificationPipeline;
import dev.rats.refvalues.Enforcement;
import dev.rats.refvalues.HexValue;
import dev.rats.refvalues.ReferenceValue;
import dev.rats.refvalues.TdxReferenceValues;
import dev.rats.refvalues.TdxRegister;
import dev.rats.refvalues.io.DocumentException;
import dev.rats.refvalues.io.DocumentFormat;
import dev.rats.evidence.snp.ConfiguredAmdAnchors;
import dev.rats.testkit.tdx.SimulatedTdxAttester;
import dev.rats.testkit.tdx.TdxDefaults;
import dev.rats.testkit.tdx.TdxEvidence;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Simulated TDX evidence (testkit) through the real pipeline, with the simulated Intel root as the only anchor. */
final class SimulatedTdx {

    private SimulatedTdx() {
    }

    static VerificationPipeline pipeline(SimulatedTdxAttester attester, TdxCollateralSource source) {
        return new VerificationPipeline(new SnpVerifier(), SnpVerificationContext.offline(Instant.EPOCH,
                new ConfiguredAmdAnchors(Map.of(), Map.of(), Map.of(), "no AMD roots in TDX tests")), Clock.fixed(Instant.EPOCH, ZoneOffset.UTC))
                .withTdx(new ConfiguredIntelAnchors(attester.pki().root(), "simulated Intel root"), source);
    }

    static TdxPolicyRules policy(String yaml) {
        try {
            return TdxPolicyLoader.parse("test-policy.yaml", yaml, DocumentFormat.YAML);
        } catch (DocumentException e) {
            throw new AssertionError(e);
        }
    }

    /** The quote with the attester's collateral as dcap-qvl JSON, at its verification time. */
    static Appraisal appraise(TdxEvidence evidence, SimulatedTdxAttester attester, TdxPolicyRules policy,
            TdxReferenceValues refs, Optional<Bytes> reportData) {
        return appraiseAt(evidence, attester, policy, refs, reportData, attester.verificationTime());
    }

    static Appraisal appraiseAt(TdxEvidence evidence, SimulatedTdxAttester attester, TdxPolicyRules policy,
            TdxReferenceValues refs, Optional<Bytes> reportData, Instant at) {
        try {
            return pipeline(attester, TdxCollateralSource.NONE).tdx(new TdxRequest(evidence.quote(),
                    Optional.of(evidence.collateral().qvlJsonBytes()), policy, refs, reportData, Optional.of(at)));
        } catch (CollateralUnavailableException e) {
            throw new AssertionError(e);
        }
    }

    /** Reference values that match the default simulated quote's MRTD. */
    static TdxReferenceValues defaultMrTd() {
        return refs(TdxRegister.MR_TD, TdxDefaults.MRTD, Enforcement.ENFORCED, Optional.empty());
    }

    static TdxReferenceValues refs(TdxRegister register, String hex, Enforcement enforcement, Optional<Instant> expires) {
        return new TdxReferenceValues(Map.of(register, List.of(new ReferenceValue(HexValue.of(HexFormat.of().parseHex(hex)),
                "label of " + register.fieldName(), expires, enforcement))));
    }
}
