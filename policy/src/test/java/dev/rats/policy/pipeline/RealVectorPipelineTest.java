package dev.rats.policy.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.tuple;

import dev.rats.endorsements.amd.PinnedAmdRoots;
import dev.rats.evidence.CollateralUnavailableException;
import dev.rats.evidence.FailureCode;
import dev.rats.evidence.binary.Bytes;
import dev.rats.evidence.snp.SnpVerificationContext;
import dev.rats.evidence.snp.SnpVerifier;
import dev.rats.policy.Appraisal;
import dev.rats.policy.Failure;
import dev.rats.policy.Status;
import dev.rats.policy.snp.ReportDataBinding;
import dev.rats.policy.snp.SnpPolicyLoader;
import dev.rats.policy.snp.SnpPolicyRules;
import dev.rats.refvalues.Enforcement;
import dev.rats.refvalues.HexValue;
import dev.rats.refvalues.ReferenceValue;
import dev.rats.refvalues.SnpReferenceValues;
import dev.rats.refvalues.io.DocumentException;
import dev.rats.refvalues.io.DocumentFormat;
import dev.rats.testkit.Vectors;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The real public SEV-SNP vectors (shared/vectors/snp, SOURCES.md) through the whole pipeline with
 * the production pinned AMD roots. Skipped, loudly, when the vectors are absent.
 */
class RealVectorPipelineTest {

    static final Instant AT = Instant.parse("2026-06-01T00:00:00Z");
    static final String VIRTEE_MEASUREMENT =
            "7a1e5c266c0108dbc9bb94fa926951320940915d0aafb42464bd88b579ea158d3e1a0dc39b2c60bd95b9c480cd81841f";
    static final String GSG_MEASUREMENT =
            "b07af9620f3b839b47996422ddec6058338951d984e312115131ea82705eaf5b6bdf8a9ece31a5a608eb0cf2e4872b01";

    private final VerificationPipeline pipeline = new VerificationPipeline(new SnpVerifier(),
            SnpVerificationContext.offline(Instant.EPOCH, PinnedAmdRoots.builtIn()), Clock.fixed(AT, ZoneOffset.UTC));

    private record Vector(byte[] report, List<byte[]> certificates) {
    }

    private static Vector virtee() {
        return new Vector(Vectors.hex("snp/virtee-sev/report_milan.hex"), List.of(
                Vectors.bytes("snp/virtee-sev/vcek_milan.der"), Vectors.bytes("snp/virtee-sev/cert_chain_milan")));
    }

    private static Vector goSevGuest() {
        return new Vector(Vectors.bytes("snp/go-sev-guest/testdata/attestation.bin"), List.of(
                Vectors.bytes("snp/go-sev-guest/testdata/vcek.testcer"),
                Vectors.bytes("snp/go-sev-guest/testdata/milan.testcer")));
    }

    private static SnpReferenceValues refs(String measurement) {
        return new SnpReferenceValues(List.of(new ReferenceValue(HexValue.of(HexFormat.of().parseHex(measurement)),
                "real vector", Optional.empty(), Enforcement.ENFORCED)));
    }

    private static SnpPolicyRules policy(String yaml) throws DocumentException {
        return SnpPolicyLoader.parse("real-vector-policy.yaml", yaml, DocumentFormat.YAML);
    }

    private Appraisal run(Vector v, SnpPolicyRules policy, SnpReferenceValues refs, Optional<Bytes> reportData,
            Instant at) {
        try {
            return pipeline.snp(new SnpRequest(v.report(), v.certificates(), Optional.empty(), policy, refs, reportData,
                    Optional.of(at)));
        } catch (CollateralUnavailableException e) {
            throw new AssertionError("the real vectors carry all their certificates", e);
        }
    }

    @Test
    void virteeMilanWithItsMeasurementReferencedIsAffirming() {
        Appraisal a = run(virtee(), SnpPolicyLoader.defaults(), refs(VIRTEE_MEASUREMENT), Optional.empty(), AT);

        assertThat(a.failures()).isEmpty();
        assertThat(a.status()).isEqualTo(Status.AFFIRMING);
        assertThat(a.trustVector().toMap()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "hardware", 2, "instance-identity", 2, "configuration", 2, "executables", 2, "runtime-opaque", 2));
        assertThat(a.claims()).contains(entry("product", "Milan"), entry("reportVersion", 2),
                entry("measurement", VIRTEE_MEASUREMENT), entry("vekProductName", "Milan-B0"),
                entry("revocation", "not-checked"));
    }

    @Test
    void goSevGuestMilanIsContraindicatedBecauseItAllowsDebug() {
        Appraisal a = run(goSevGuest(), SnpPolicyLoader.defaults(), refs(GSG_MEASUREMENT), Optional.empty(), AT);

        assertThat(a.failures()).extracting(Failure::code, Failure::severity)
                .containsExactly(tuple(FailureCode.SNP_POLICY_DEBUG, Status.CONTRAINDICATED));
        assertThat(a.status()).isEqualTo(Status.CONTRAINDICATED);
        assertThat(a.claims()).containsEntry("measurement", GSG_MEASUREMENT);
    }

    @Test
    void goSevGuestMilanUnderTheDefaultPolicyWithoutReferenceValues() {
        Appraisal a = run(goSevGuest(), SnpPolicyLoader.defaults(), SnpReferenceValues.NONE, Optional.empty(), AT);

        assertThat(a.failures()).extracting(Failure::code).containsExactlyInAnyOrder(
                FailureCode.SNP_POLICY_DEBUG, FailureCode.MEASUREMENT_UNREFERENCED);
        assertThat(a.status()).isEqualTo(Status.CONTRAINDICATED);
    }

    @Test
    void goSevGuestMilanIsAffirmingWhenDebugIsAllowed() throws DocumentException {
        Appraisal a = run(goSevGuest(), policy("guestPolicy:\n  allowDebug: true\n"), refs(GSG_MEASUREMENT),
                Optional.empty(), AT);

        assertThat(a.failures()).isEmpty();
        assertThat(a.status()).isEqualTo(Status.AFFIRMING);
        assertThat(a.claims()).containsEntry("product", "Milan");
    }

    @Test
    void goSevGuestMilanAfterItsVcekExpiredIsContraindicated() throws DocumentException {
        Appraisal a = run(goSevGuest(), policy("guestPolicy:\n  allowDebug: true\n"), refs(GSG_MEASUREMENT),
                Optional.empty(), Instant.parse("2030-01-01T00:00:00Z"));

        assertThat(a.failures()).extracting(Failure::code, Failure::severity)
                .containsExactly(tuple(FailureCode.CERTIFICATE_EXPIRED, Status.CONTRAINDICATED));
        assertThat(a.status()).isEqualTo(Status.CONTRAINDICATED);
        assertThat(a.claims()).isEmpty();
    }

    @Test
    void thePipelineClockIsUsedWhenNoInstantIsGiven() throws DocumentException, CollateralUnavailableException {
        VerificationPipeline late = new VerificationPipeline(new SnpVerifier(),
                SnpVerificationContext.offline(Instant.EPOCH, PinnedAmdRoots.builtIn()),
                Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC));
        Vector v = goSevGuest();

        Appraisal a = late.snp(new SnpRequest(v.report(), v.certificates(), Optional.empty(),
                policy("guestPolicy:\n  allowDebug: true\n"), refs(GSG_MEASUREMENT), Optional.empty(), Optional.empty()));

        assertThat(a.failures()).extracting(Failure::code).containsExactly(FailureCode.CERTIFICATE_EXPIRED);
    }

    @Test
    void policyExpectedReportDataEqualToTheRealReportDataPasses() throws DocumentException {
        Vector v = goSevGuest();
        byte[] reportData = Arrays.copyOfRange(v.report(), 0x50, 0x90);
        assertThat(Arrays.copyOf(reportData, 5)).containsExactly(1, 2, 3, 4, 5);
        String hex = HexFormat.of().formatHex(reportData);

        Appraisal pass = run(v, policy("guestPolicy:\n  allowDebug: true\nexpected:\n  reportData: \"" + hex + "\"\n"),
                refs(GSG_MEASUREMENT), Optional.empty(), AT);
        assertThat(pass.failures()).isEmpty();
        assertThat(pass.status()).isEqualTo(Status.AFFIRMING);

        reportData[5] = 1;
        Appraisal fail = run(v, policy("guestPolicy:\n  allowDebug: true\nexpected:\n  reportData: \""
                + HexFormat.of().formatHex(reportData) + "\"\n"), refs(GSG_MEASUREMENT), Optional.empty(), AT);
        assertThat(fail.failures()).extracting(Failure::code, Failure::severity)
                .containsExactly(tuple(FailureCode.REPORT_DATA_MISMATCH, Status.CONTRAINDICATED));
    }

    @Test
    void requestExpectedReportDataBindsTheRealNonceVerbatim() throws DocumentException {
        SnpPolicyRules allowDebug = policy("guestPolicy:\n  allowDebug: true\n");

        Appraisal pass = run(goSevGuest(), allowDebug, refs(GSG_MEASUREMENT),
                Optional.of(ReportDataBinding.verbatim(Bytes.fromHex("0102030405"))), AT);
        assertThat(pass.status()).isEqualTo(Status.AFFIRMING);

        Appraisal fail = run(goSevGuest(), allowDebug, refs(GSG_MEASUREMENT),
                Optional.of(ReportDataBinding.verbatim(Bytes.fromHex("0102030406"))), AT);
        assertThat(fail.failures()).extracting(Failure::code).containsExactly(FailureCode.REPORT_DATA_MISMATCH);
    }
}
