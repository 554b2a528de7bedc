package dev.rats.policy.snp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.rats.evidence.CollateralUnavailableException;
import dev.rats.evidence.FailureCode;
import dev.rats.evidence.binary.Bytes;
import dev.rats.evidence.snp.SnpVerificationContext;
import dev.rats.evidence.snp.SnpVerifier;
import dev.rats.policy.Appraisal;
import dev.rats.policy.Failure;
import dev.rats.policy.Status;
import dev.rats.policy.pipeline.SnpRequest;
import dev.rats.policy.pipeline.VerificationPipeline;
import dev.rats.refvalues.Enforcement;
import dev.rats.refvalues.HexValue;
import dev.rats.refvalues.ReferenceValue;
import dev.rats.refvalues.SnpReferenceValues;
import dev.rats.refvalues.io.DocumentException;
import dev.rats.refvalues.io.DocumentFormat;
import dev.rats.testkit.snp.AmdTestPki;
import dev.rats.testkit.snp.SimProduct;
import dev.rats.testkit.snp.SimulatedSnpAttester;
import dev.rats.testkit.snp.SnpEvidence;
import dev.rats.testkit.snp.SnpReportBuilder;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Simulated SEV-SNP evidence through the real pipeline: one throwaway PKI per product with a fixed
 * validity period, trusted through {@link SimulatedAnchors}, verified at the fixed instant {@link #AT}.
 */
final class SimulatedSnp {

    static final Instant AT = Instant.parse("2026-06-01T00:00:00Z");
    static final Instant NOT_BEFORE = Instant.parse("2025-06-01T00:00:00Z");

    /** The launch measurement of the default simulated guest. */
    static final byte[] MEASUREMENT = filled(48, 0x5A);

    static final AmdTestPki MILAN = AmdTestPki.builder(SimProduct.MILAN).notBefore(NOT_BEFORE).build();
    static final AmdTestPki GENOA = AmdTestPki.builder(SimProduct.GENOA).notBefore(NOT_BEFORE).build();
    static final AmdTestPki TURIN = AmdTestPki.builder(SimProduct.TURIN).notBefore(NOT_BEFORE).build();

    static final SimulatedAnchors ANCHORS = SimulatedAnchors.of(MILAN, GENOA, TURIN);

    static final VerificationPipeline PIPELINE = new VerificationPipeline(new SnpVerifier(),
            SnpVerificationContext.offline(Instant.EPOCH, ANCHORS), Clock.fixed(AT, ZoneOffset.UTC));

    private SimulatedSnp() {
    }

    /** A default Milan v3 report (policy 0x30000, VMPL 0, platform info 0x1) with {@link #MEASUREMENT}. */
    static SnpReportBuilder<SnpEvidence> milan() {
        return report(MILAN);
    }

    static SnpReportBuilder<SnpEvidence> report(AmdTestPki pki) {
        return SimulatedSnpAttester.vcek(pki).report().measurement(MEASUREMENT);
    }

    static SnpReportBuilder<SnpEvidence> vlek(AmdTestPki pki) {
        return SimulatedSnpAttester.vlek(pki).report().measurement(MEASUREMENT);
    }

    /** Reference values holding {@link #MEASUREMENT}, enforced. */
    static SnpReferenceValues referenced() {
        return refs(reference(MEASUREMENT, "simulated guest", Optional.empty(), Enforcement.ENFORCED));
    }

    static SnpReferenceValues refs(ReferenceValue... values) {
        return new SnpReferenceValues(List.of(values));
    }

    static ReferenceValue reference(byte[] value, String label, Optional<Instant> expires, Enforcement enforcement) {
        return new ReferenceValue(HexValue.of(value), label, expires, enforcement);
    }

    /** A policy from YAML text; fails the test when it does not load. */
    static SnpPolicyRules policy(String yaml) {
        try {
            return SnpPolicyLoader.parse("test-policy.yaml", yaml, DocumentFormat.YAML);
        } catch (DocumentException e) {
            throw new AssertionError("test policy does not load: " + e.getMessage(), e);
        }
    }

    static SnpPolicyRules defaults() {
        return SnpPolicyLoader.defaults();
    }

    /** Verifies and appraises with the given policy and reference values, no expected report data. */
    static Appraisal appraise(SnpEvidence evidence, SnpPolicyRules policy, SnpReferenceValues refs) {
        return appraise(evidence, policy, refs, Optional.empty());
    }

    /** With the default policy and {@link #MEASUREMENT} referenced. */
    static Appraisal appraise(SnpEvidence evidence) {
        return appraise(evidence, defaults(), referenced());
    }

    /** With {@code policy} and {@link #MEASUREMENT} referenced. */
    static Appraisal appraise(SnpEvidence evidence, SnpPolicyRules policy) {
        return appraise(evidence, policy, referenced());
    }

    static Appraisal appraise(SnpEvidence evidence, SnpPolicyRules policy, SnpReferenceValues refs,
            Optional<Bytes> expectedReportData) {
        try {
            return PIPELINE.snp(new SnpRequest(evidence.report(), List.of(evidence.vekDer(), evidence.intermediateDer(),
                    evidence.arkDer()), Optional.empty(), policy, refs, expectedReportData, Optional.of(AT)));
        } catch (CollateralUnavailableException e) {
            throw new AssertionError("offline verification of complete evidence cannot lack collateral", e);
        }
    }

    /** Asserts an affirming appraisal with no failures. */
    static void assertAffirming(Appraisal a) {
        assertThat(a.failures()).as("failures").isEmpty();
        assertThat(a.status()).isEqualTo(Status.AFFIRMING);
    }

    /** Asserts exactly one failure, with this code and severity, and that it decides the status. */
    static void assertOnly(Appraisal a, FailureCode code, Status severity) {
        assertThat(a.failures()).extracting(Failure::code, Failure::severity).containsExactly(tuple(code, severity));
        assertThat(a.status()).isEqualTo(severity);
    }

    /** Asserts that every failure has this code and severity, that there are {@code count}, and the status. */
    static void assertAll(Appraisal a, FailureCode code, Status severity, int count) {
        assertThat(a.failures()).hasSize(count)
                .allSatisfy(f -> assertThat(tuple(f.code(), f.severity())).isEqualTo(tuple(code, severity)));
        assertThat(a.status()).isEqualTo(severity);
    }

    static byte[] filled(int length, int value) {
        byte[] b = new byte[length];
        Arrays.fill(b, (byte) value);
        return b;
    }

    static String hex(byte[] b) {
        return Bytes.of(b).toHex();
    }

    /** Hex as a quoted YAML string: unquoted, an all-digit hex value would be read as a number. */
    static String qhex(byte[] b) {
        return "\"" + hex(b) + "\"";
    }
}
