package dev.rats.policy.snp;

import static dev.rats.policy.snp.SimulatedSnp.AT;
import static dev.rats.policy.snp.SimulatedSnp.MEASUREMENT;
import static dev.rats.policy.snp.SimulatedSnp.MILAN;
import static dev.rats.policy.snp.SimulatedSnp.TURIN;
import static dev.rats.policy.snp.SimulatedSnp.appraise;
import static dev.rats.policy.snp.SimulatedSnp.assertAffirming;
import static dev.rats.policy.snp.SimulatedSnp.assertAll;
import static dev.rats.policy.snp.SimulatedSnp.assertOnly;
import static dev.rats.policy.snp.SimulatedSnp.defaults;
import static dev.rats.policy.snp.SimulatedSnp.filled;
import static dev.rats.policy.snp.SimulatedSnp.hex;
import static dev.rats.policy.snp.SimulatedSnp.qhex;
import static dev.rats.policy.snp.SimulatedSnp.milan;
import static dev.rats.policy.snp.SimulatedSnp.policy;
import static dev.rats.policy.snp.SimulatedSnp.reference;
import static dev.rats.policy.snp.SimulatedSnp.referenced;
import static dev.rats.policy.snp.SimulatedSnp.refs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.tuple;

import dev.rats.evidence.FailureCode;
import dev.rats.evidence.binary.Bytes;
import dev.rats.policy.Appraisal;
import dev.rats.policy.Failure;
import dev.rats.policy.Status;
import dev.rats.policy.TrustClaim;
import dev.rats.refvalues.Enforcement;
import dev.rats.refvalues.SnpReferenceValues;
import dev.rats.testkit.snp.AmdCertRole;
import dev.rats.testkit.snp.AmdTestPki;
import dev.rats.testkit.snp.SevAbiKeys;
import dev.rats.testkit.snp.SimProduct;
import dev.rats.testkit.snp.SnpEvidence;
import dev.rats.testkit.snp.SnpReportBuilder;
import dev.rats.testkit.snp.SnpTcb;
import java.security.interfaces.ECPublicKey;
import org.assertj.core.api.InstanceOfAssertFactories;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Appraisal of simulated SEV-SNP evidence through the pipeline: the happy path, then one negative
 * test per policy check of sev-snp.md §5.3 group E (go-sev-guest validate.Options semantics, §5.1).
 */
class SnpAppraiserTest {

    @Test
    void defaultMilanReportWithReferencedMeasurementIsAffirming() {
        Appraisal a = appraise(milan().build());

        assertAffirming(a);
        assertThat(a.platform()).isEqualTo("sev-snp");
        assertThat(a.policyId()).isEqualTo("default@1");
        assertThat(a.trustVector().toMap()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "hardware", 2, "instance-identity", 2, "configuration", 2, "executables", 2, "runtime-opaque", 2));
        assertThat(a.claims()).contains(entry("product", "Milan"), entry("reportVersion", 3),
                entry("signingKey", "VCEK"), entry("measurement", hex(MEASUREMENT)),
                entry("measurementReference", "simulated guest"), entry("vmpl", 0));
        assertThat(a.isAffirming()).isTrue();
        assertThat(a.collateralUnavailable()).isFalse();
    }

    @Test
    void evidenceThatFailsVerificationIsContraindicatedWithTheCodeAndNoClaims() {
        SnpEvidence good = milan().build();
        byte[] tampered = good.report().clone();
        tampered[0x090] ^= 1; // MEASUREMENT, inside the signed range 0x000..0x29F
        SnpEvidence bad = new SnpEvidence(tampered, good.signer(), good.vekDer(), good.intermediateDer(), good.arkDer());

        Appraisal a = appraise(bad);

        assertOnly(a, FailureCode.SNP_REPORT_SIGNATURE, Status.CONTRAINDICATED);
        assertThat(a.claims()).isEmpty();
        assertThat(a.trustVector().get(TrustClaim.HARDWARE)).isEqualTo(TrustClaim.CRYPTO_FAILED);
        assertThat(a.trustVector().get(TrustClaim.EXECUTABLES)).isEqualTo(TrustClaim.NO_CLAIM);
    }

    @Test
    void anArkThatIsNotTheAnchorIsRejectedBeforeAppraisal() {
        SnpEvidence good = milan().build();
        byte[] otherArk = AmdTestPki.builder(SimProduct.MILAN)
                .notBefore(SimulatedSnp.NOT_BEFORE.minus(Duration.ofDays(30))).build()
                .der(AmdCertRole.ARK);
        SnpEvidence bad = new SnpEvidence(good.report(), good.signer(), good.vekDer(), good.intermediateDer(), otherArk);

        Appraisal a = appraise(bad);

        assertOnly(a, FailureCode.SNP_ARK_NOT_PINNED, Status.CONTRAINDICATED);
        assertThat(a.claims()).isEmpty();
    }

    @Test
    void everyViolationIsCollectedInOneAppraisal() {
        SnpEvidence ev = milan().policy(0xB0000).vmpl(2).hostData(filled(32, 0x22)).build();
        SnpPolicyRules p = policy("expected:\n  hostData: " + qhex(filled(32, 0x11)) + "\n");

        Appraisal a = appraise(ev, p, SnpReferenceValues.NONE, Optional.of(Bytes.of(filled(64, 0x33))));

        assertThat(a.failures()).extracting(Failure::code, Failure::severity).containsExactlyInAnyOrder(
                tuple(FailureCode.REPORT_DATA_MISMATCH, Status.CONTRAINDICATED),
                tuple(FailureCode.MEASUREMENT_UNREFERENCED, Status.WARNING),
                tuple(FailureCode.SNP_HOST_DATA_MISMATCH, Status.CONTRAINDICATED),
                tuple(FailureCode.SNP_POLICY_DEBUG, Status.CONTRAINDICATED),
                tuple(FailureCode.SNP_VMPL, Status.CONTRAINDICATED));
        assertThat(a.status()).isEqualTo(Status.CONTRAINDICATED);
        assertThat(a.trustVector().get(TrustClaim.INSTANCE_IDENTITY)).isEqualTo(TrustClaim.UNTRUSTWORTHY_INSTANCE);
        assertThat(a.trustVector().get(TrustClaim.CONFIGURATION)).isEqualTo(TrustClaim.UNSUPPORTABLE_CONFIG);
        assertThat(a.trustVector().get(TrustClaim.EXECUTABLES)).isEqualTo(TrustClaim.UNRECOGNIZED_RUNTIME);
        assertThat(a.claims()).containsEntry("product", "Milan");
    }

    @Nested
    class ReportData {

        private final byte[] nonce = filled(64, 0x42);

        @Test
        void requestSuppliedExpectedReportDataMustMatch() {
            SnpEvidence ev = milan().reportData(nonce).build();

            assertAffirming(appraise(ev, defaults(), referenced(), Optional.of(Bytes.of(nonce))));

            Appraisal a = appraise(ev, defaults(), referenced(), Optional.of(ReportDataBinding.verbatim(Bytes.of(new byte[] {0x42}))));
            assertOnly(a, FailureCode.REPORT_DATA_MISMATCH, Status.CONTRAINDICATED);
            assertThat(a.trustVector().get(TrustClaim.INSTANCE_IDENTITY)).isEqualTo(TrustClaim.UNTRUSTWORTHY_INSTANCE);
        }

        @Test
        void verbatimBindingZeroPadsAShortNonce() {
            SnpEvidence ev = milan().reportData(new byte[] {1, 2, 3, 4, 5}).build();

            assertAffirming(appraise(ev, defaults(), referenced(),
                    Optional.of(ReportDataBinding.verbatim(Bytes.of(new byte[] {1, 2, 3, 4, 5})))));
            assertOnly(appraise(ev, defaults(), referenced(),
                    Optional.of(ReportDataBinding.verbatim(Bytes.of(new byte[] {1, 2, 3, 4})))),
                    FailureCode.REPORT_DATA_MISMATCH, Status.CONTRAINDICATED);
        }

        @Test
        void policyExpectedReportDataMustMatch() {
            SnpEvidence ev = milan().reportData(nonce).build();

            assertAffirming(appraise(ev, policy("expected:\n  reportData: " + qhex(nonce) + "\n")));
            assertOnly(appraise(ev, policy("expected:\n  reportData: " + qhex(filled(64, 0x43)) + "\n")),
                    FailureCode.REPORT_DATA_MISMATCH, Status.CONTRAINDICATED);
        }
    }

    @Nested
    class Measurement {

        private final byte[] other = filled(48, 0x77);

        @Test
        void enforcedMismatchIsContraindicated() {
            Appraisal a = appraise(milan().build(), defaults(),
                    refs(reference(other, "other image", Optional.empty(), Enforcement.ENFORCED)));

            assertOnly(a, FailureCode.MEASUREMENT_NOT_ALLOWED, Status.CONTRAINDICATED);
            assertThat(a.trustVector().get(TrustClaim.EXECUTABLES)).isEqualTo(TrustClaim.CONTRAINDICATED_RUNTIME);
            assertThat(a.claims()).doesNotContainKey("measurementReference");
        }

        @Test
        void mismatchAgainstOnlyWarnOnlyValuesIsAWarning() {
            Appraisal a = appraise(milan().build(), defaults(), refs(
                    reference(other, "cloud image A", Optional.empty(), Enforcement.WARN_ONLY),
                    reference(filled(48, 0x78), "cloud image B", Optional.empty(), Enforcement.WARN_ONLY)));

            assertOnly(a, FailureCode.MEASUREMENT_WARN_ONLY_MISMATCH, Status.WARNING);
            assertThat(a.trustVector().get(TrustClaim.EXECUTABLES)).isEqualTo(TrustClaim.UNRECOGNIZED_RUNTIME);
        }

        @Test
        void mismatchIsContraindicatedWhenAnyValueIsEnforced() {
            Appraisal a = appraise(milan().build(), defaults(), refs(
                    reference(other, "cloud image", Optional.empty(), Enforcement.WARN_ONLY),
                    reference(filled(48, 0x78), "our image", Optional.empty(), Enforcement.ENFORCED)));

            assertOnly(a, FailureCode.MEASUREMENT_NOT_ALLOWED, Status.CONTRAINDICATED);
        }

        @Test
        void matchingAWarnOnlyValueIsAffirming() {
            Appraisal a = appraise(milan().build(), defaults(),
                    refs(reference(MEASUREMENT, "cloud image", Optional.empty(), Enforcement.WARN_ONLY)));

            assertAffirming(a);
            assertThat(a.claims()).containsEntry("measurementReference", "cloud image");
        }

        @Test
        void noReferenceValuesIsAWarningNeverAffirming() {
            Appraisal a = appraise(milan().build(), defaults(), SnpReferenceValues.NONE);

            assertOnly(a, FailureCode.MEASUREMENT_UNREFERENCED, Status.WARNING);
            assertThat(a.isAffirming()).isFalse();
            assertThat(a.trustVector().get(TrustClaim.EXECUTABLES)).isEqualTo(TrustClaim.UNRECOGNIZED_RUNTIME);
        }

        @Test
        void anExpiredReferenceValueDoesNotMatch() {
            Appraisal expiredYesterday = appraise(milan().build(), defaults(), refs(reference(MEASUREMENT, "old image",
                    Optional.of(AT.minus(Duration.ofDays(1))), Enforcement.ENFORCED)));
            assertOnly(expiredYesterday, FailureCode.MEASUREMENT_NOT_ALLOWED, Status.CONTRAINDICATED);

            // expiry is exclusive: at the instant itself the value no longer matches
            Appraisal expiringNow = appraise(milan().build(), defaults(),
                    refs(reference(MEASUREMENT, "old image", Optional.of(AT), Enforcement.ENFORCED)));
            assertOnly(expiringNow, FailureCode.MEASUREMENT_NOT_ALLOWED, Status.CONTRAINDICATED);

            Appraisal expiringLater = appraise(milan().build(), defaults(), refs(reference(MEASUREMENT, "image",
                    Optional.of(AT.plusSeconds(1)), Enforcement.ENFORCED)));
            assertAffirming(expiringLater);
        }

        @Test
        void anExpiredWarnOnlyValueIsAWarning() {
            Appraisal a = appraise(milan().build(), defaults(), refs(reference(MEASUREMENT, "old image",
                    Optional.of(AT.minus(Duration.ofDays(1))), Enforcement.WARN_ONLY)));

            assertOnly(a, FailureCode.MEASUREMENT_WARN_ONLY_MISMATCH, Status.WARNING);
        }
    }

    @Nested
    class ExpectedFields {

        @ParameterizedTest(name = "{0}")
        @CsvSource({
            "hostData, 32, SNP_HOST_DATA_MISMATCH",
            "imageId, 16, SNP_IMAGE_ID_MISMATCH",
            "familyId, 16, SNP_FAMILY_ID_MISMATCH",
            "reportId, 32, SNP_REPORT_ID_MISMATCH",
            "reportIdMa, 32, SNP_REPORT_ID_MA_MISMATCH"})
        void exactFieldsMustMatch(String field, int length, FailureCode code) {
            byte[] actual = filled(length, 0x3C);
            SnpReportBuilder<SnpEvidence> b = milan();
            switch (field) {
                case "hostData" -> b.hostData(actual);
                case "imageId" -> b.imageId(actual);
                case "familyId" -> b.familyId(actual);
                case "reportId" -> b.reportId(actual);
                case "reportIdMa" -> b.reportIdMa(actual);
                default -> throw new IllegalArgumentException(field);
            }
            SnpEvidence ev = b.build();

            assertAffirming(appraise(ev, policy("expected:\n  " + field + ": " + qhex(actual) + "\n")));
            Appraisal a = appraise(ev, policy("expected:\n  " + field + ": " + qhex(filled(length, 0x3D)) + "\n"));
            assertOnly(a, code, Status.CONTRAINDICATED);
            assertThat(a.trustVector().get(TrustClaim.CONFIGURATION)).isEqualTo(TrustClaim.UNSUPPORTABLE_CONFIG);
        }

        @Test
        void chipIdMustBeAmongTheAllowedChips() {
            SnpEvidence ev = milan().build(); // CHIP_ID = the simulated VCEK's hwID
            String mine = qhex(MILAN.chipId());
            String other = qhex(filled(64, 0x01));

            assertAffirming(appraise(ev, policy("expected:\n  chipIds:\n    - " + other + "\n    - " + mine + "\n")));
            Appraisal a = appraise(ev, policy("expected:\n  chipIds:\n    - " + other + "\n"));
            assertOnly(a, FailureCode.SNP_CHIP_ID_NOT_ALLOWED, Status.CONTRAINDICATED);
            assertThat(a.trustVector().get(TrustClaim.INSTANCE_IDENTITY)).isEqualTo(TrustClaim.UNRECOGNIZED_INSTANCE);
        }
    }

    @Nested
    class GuestPolicy {

        @Test
        void abiVersionMustBeAtLeastTheMinimum() {
            SnpEvidence ev = milan().policy(0x30000 | 1 << 8 | 51).build(); // ABI 1.51

            assertAffirming(appraise(ev, policy("guestPolicy:\n  minAbi: \"1.51\"\n")));
            assertAffirming(appraise(ev, policy("guestPolicy:\n  minAbi: \"0.255\"\n")));
            assertOnly(appraise(ev, policy("guestPolicy:\n  minAbi: \"1.52\"\n")),
                    FailureCode.SNP_POLICY_ABI_VERSION, Status.CONTRAINDICATED);
            assertOnly(appraise(ev, policy("guestPolicy:\n  minAbi: \"2.0\"\n")),
                    FailureCode.SNP_POLICY_ABI_VERSION, Status.CONTRAINDICATED);
        }

        @Test
        void debugIsForbiddenByDefault() {
            SnpEvidence ev = milan().policy(0xB0000).build();

            Appraisal a = appraise(ev);
            assertOnly(a, FailureCode.SNP_POLICY_DEBUG, Status.CONTRAINDICATED);
            assertThat(a.trustVector().get(TrustClaim.CONFIGURATION)).isEqualTo(TrustClaim.UNSUPPORTABLE_CONFIG);
            assertAffirming(appraise(ev, policy("guestPolicy:\n  allowDebug: true\n")));
        }

        @Test
        void migrationAgentIsForbiddenByDefault() {
            SnpEvidence ev = milan().policy(0x30000 | 1L << 18).build();

            assertOnly(appraise(ev), FailureCode.SNP_POLICY_MIGRATE_MA, Status.CONTRAINDICATED);
            assertAffirming(appraise(ev, policy("guestPolicy:\n  allowMigrationAgent: true\n")));
        }

        @Test
        void smtIsAllowedByDefaultAndForbiddenOnRequest() {
            SnpEvidence smt = milan().policy(0x30000).build();
            SnpEvidence noSmt = milan().policy(0x20000).build();
            SnpPolicyRules noSmtPolicy = policy("guestPolicy:\n  allowSmt: false\n");

            assertAffirming(appraise(smt));
            assertOnly(appraise(smt, noSmtPolicy), FailureCode.SNP_POLICY_SMT, Status.CONTRAINDICATED);
            assertAffirming(appraise(noSmt, noSmtPolicy));
        }

        @Test
        void cxlIsForbiddenByDefault() {
            SnpEvidence ev = milan().policy(0x30000 | 1L << 21).build();

            assertOnly(appraise(ev), FailureCode.SNP_POLICY_CXL, Status.CONTRAINDICATED);
            assertAffirming(appraise(ev, policy("guestPolicy:\n  allowCxl: true\n")));
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource({
            "requireSingleSocket, 20",
            "requireMemAes256Xts, 22",
            "requireRaplDisabled, 23",
            "requireCiphertextHiding, 24",
            "requirePageSwapDisabled, 25"})
        void requiredRestrictionsMustBeSet(String option, int bit) {
            SnpPolicyRules p = policy("guestPolicy:\n  " + option + ": true\n");

            assertOnly(appraise(milan().build(), p), FailureCode.SNP_POLICY_REQUIRED_FLAG, Status.CONTRAINDICATED);
            assertAffirming(appraise(milan().policy(0x30000 | 1L << bit).build(), p));
            // not required: the flag may be set or not
            assertAffirming(appraise(milan().policy(0x30000 | 1L << bit).build()));
        }
    }

    @Nested
    class PlatformInfo {

        @Test
        void platformSmtIsAllowedByDefaultAndForbiddenOnRequest() {
            SnpPolicyRules p = policy("platformInfo:\n  allowSmt: false\n");

            assertAffirming(appraise(milan().platformInfo(0x1).build()));
            assertOnly(appraise(milan().platformInfo(0x1).build(), p), FailureCode.SNP_PLATFORM_SMT, Status.CONTRAINDICATED);
            assertAffirming(appraise(milan().platformInfo(0x0).build(), p));
        }

        @Test
        void tsmeIsAllowedByDefaultAndForbiddenOnRequest() {
            SnpEvidence ev = milan().platformInfo(0x3).build();

            assertAffirming(appraise(ev));
            assertOnly(appraise(ev, policy("platformInfo:\n  allowTsme: false\n")),
                    FailureCode.SNP_PLATFORM_TSME, Status.CONTRAINDICATED);
        }

        @Test
        void tioIsForbiddenByDefault() {
            SnpEvidence ev = milan().platformInfo(0x81).build();

            assertOnly(appraise(ev), FailureCode.SNP_PLATFORM_TIO, Status.CONTRAINDICATED);
            assertAffirming(appraise(ev, policy("platformInfo:\n  allowTio: true\n")));
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource({
            "requireEcc, 2",
            "requireRaplDisabled, 3",
            "requireCiphertextHiding, 4",
            "requireAliasCheckComplete, 5"})
        void requiredFeaturesMustBeSet(String option, int bit) {
            SnpPolicyRules p = policy("platformInfo:\n  " + option + ": true\n");

            assertOnly(appraise(milan().platformInfo(0x1).build(), p),
                    FailureCode.SNP_PLATFORM_REQUIRED_FLAG, Status.CONTRAINDICATED);
            assertAffirming(appraise(milan().platformInfo(0x1 | 1L << bit).build(), p));
        }

        @Test
        void unknownBitsAreOnlyRejectedWhenThePolicySaysSo() {
            SnpEvidence turinLike = milan().platformInfo(0x67).build(); // SMT, TSME, ECC, ALIAS_CHECK, bit 6

            Appraisal lenient = appraise(turinLike);
            assertAffirming(lenient);
            assertThat(lenient.claims().get("platformInfo")).asInstanceOf(
                    InstanceOfAssertFactories.MAP).containsEntry("unknownBits", "0x40");

            assertOnly(appraise(turinLike, policy("platformInfo:\n  rejectUnknownBits: true\n")),
                    FailureCode.SNP_PLATFORM_UNKNOWN_BITS, Status.CONTRAINDICATED);
            assertAffirming(appraise(milan().platformInfo(0x27).build(), policy("platformInfo:\n  rejectUnknownBits: true\n")));
        }

        @Test
        void aTurinReportWithRealPlatformInfoIsAffirmingUnlessUnknownBitsAreRejected() {
            SnpEvidence turin = SimulatedSnp.report(TURIN).platformInfo(0x67).build();

            assertAffirming(appraise(turin));
            assertOnly(appraise(turin, policy("platformInfo:\n  rejectUnknownBits: true\n")),
                    FailureCode.SNP_PLATFORM_UNKNOWN_BITS, Status.CONTRAINDICATED);
        }
    }

    @Nested
    class VmplAndSvn {

        @Test
        void vmplAboveTheMaximumIsContraindicated() {
            assertOnly(appraise(milan().vmpl(1).build()), FailureCode.SNP_VMPL, Status.CONTRAINDICATED);
            assertAffirming(appraise(milan().vmpl(1).build(), policy("maxVmpl: 1\n")));
            assertOnly(appraise(milan().vmpl(2).build(), policy("maxVmpl: 1\n")), FailureCode.SNP_VMPL, Status.CONTRAINDICATED);
        }

        @Test
        void guestSvnMustBeAtLeastTheMinimum() {
            SnpPolicyRules p = policy("minGuestSvn: 5\n");

            assertOnly(appraise(milan().guestSvn(4).build(), p), FailureCode.SNP_GUEST_SVN, Status.CONTRAINDICATED);
            assertAffirming(appraise(milan().guestSvn(5).build(), p));
            // GUEST_SVN is an unsigned 32-bit field
            assertAffirming(appraise(milan().guestSvn(0xFFFF_FFFF).build(), p));
        }
    }

    @Nested
    class Firmware {

        @Test
        void buildBelowTheMinimumOnCurrentAndCommitted() {
            // default firmware 1.55.21 current and committed
            assertAffirming(appraise(milan().build(), policy("minBuild: 21\n")));
            assertAll(appraise(milan().build(), policy("minBuild: 22\n")),
                    FailureCode.SNP_FIRMWARE_BUILD, Status.CONTRAINDICATED, 2);
        }

        @Test
        void buildBelowTheMinimumOnCommittedOnly() {
            SnpEvidence ev = milan().currentFirmware(1, 55, 22).committedFirmware(1, 55, 21).build();

            Appraisal a = appraise(ev, policy("minBuild: 22\nallowProvisionalFirmware: true\n"));
            assertOnly(a, FailureCode.SNP_FIRMWARE_BUILD, Status.CONTRAINDICATED);
            assertThat(a.trustVector().get(TrustClaim.HARDWARE)).isEqualTo(TrustClaim.CONTRAINDICATED_HARDWARE);
        }

        @Test
        void buildBelowTheMinimumOnCurrentOnly() {
            // committed above current is itself provisional firmware, reported beside the build
            SnpEvidence ev = milan().currentFirmware(1, 55, 21).committedFirmware(1, 55, 22).build();

            Appraisal a = appraise(ev, policy("minBuild: 22\nallowProvisionalFirmware: true\n"));
            assertThat(a.failures()).extracting(Failure::code).containsExactlyInAnyOrder(
                    FailureCode.SNP_FIRMWARE_BUILD, FailureCode.SNP_PROVISIONAL_FIRMWARE);
        }

        @Test
        void apiVersionBelowTheMinimumOnCurrentAndCommitted() {
            assertAffirming(appraise(milan().build(), policy("minApiVersion: \"1.55\"\n")));
            assertAll(appraise(milan().build(), policy("minApiVersion: \"1.56\"\n")),
                    FailureCode.SNP_FIRMWARE_VERSION, Status.CONTRAINDICATED, 2);
            assertAll(appraise(milan().build(), policy("minApiVersion: \"2.0\"\n")),
                    FailureCode.SNP_FIRMWARE_VERSION, Status.CONTRAINDICATED, 2);
        }

        @Test
        void apiVersionBelowTheMinimumOnCurrentOnly() {
            // committed above current is itself provisional firmware, reported beside the version
            SnpEvidence ev = milan().currentFirmware(1, 54, 21).committedFirmware(1, 55, 21).build();

            Appraisal a = appraise(ev, policy("minApiVersion: \"1.55\"\nallowProvisionalFirmware: true\n"));
            assertThat(a.failures()).extracting(Failure::code).containsExactlyInAnyOrder(
                    FailureCode.SNP_FIRMWARE_VERSION, FailureCode.SNP_PROVISIONAL_FIRMWARE);
            assertThat(a.status()).isEqualTo(Status.CONTRAINDICATED);
        }

        @Test
        void apiVersionBelowTheMinimumOnCommittedOnly() {
            SnpEvidence ev = milan().currentFirmware(1, 55, 21).committedFirmware(1, 54, 30).build();

            assertOnly(appraise(ev, policy("minApiVersion: \"1.55\"\nallowProvisionalFirmware: true\n")),
                    FailureCode.SNP_FIRMWARE_VERSION, Status.CONTRAINDICATED);
        }
    }

    @Nested
    class Tcb {

        @ParameterizedTest(name = "milan {0} >= {1}")
        @CsvSource({"bootloader, 4", "tee, 2", "snp, 21", "microcode, 220"})
        void eachMilanComponentBelowTheMinimumFailsOnceForReportedCurrentAndCommitted(String component, int minimum) {
            SnpEvidence ev = milan().build(); // all four TCBs 3 1 20 219

            assertAffirming(appraise(ev, policy("minTcb:\n  milan:\n    " + component + ": " + (minimum - 1) + "\n")));
            Appraisal a = appraise(ev, policy("minTcb:\n  milan:\n    " + component + ": " + minimum + "\n"));
            assertAll(a, FailureCode.SNP_TCB_BELOW_MINIMUM, Status.CONTRAINDICATED, 1);
            assertThat(a.trustVector().get(TrustClaim.HARDWARE)).isEqualTo(TrustClaim.CONTRAINDICATED_HARDWARE);
        }

        @ParameterizedTest(name = "turin {0} >= {1}")
        @CsvSource({"fmc, 2", "bootloader, 3", "tee, 4", "snp, 5", "microcode, 83"})
        void eachTurinComponentIncludingFmcBelowTheMinimumFails(String component, int minimum) {
            SnpEvidence ev = SimulatedSnp.report(TURIN).build(); // all four TCBs fmc 1, 2 3 4 82

            assertAffirming(appraise(ev, policy("minTcb:\n  turin:\n    " + component + ": " + (minimum - 1) + "\n")));
            assertAll(appraise(ev, policy("minTcb:\n  turin:\n    " + component + ": " + minimum + "\n")),
                    FailureCode.SNP_TCB_BELOW_MINIMUM, Status.CONTRAINDICATED, 1);
        }

        @Test
        void aMinimumForAnotherProductDoesNotApply() {
            assertAffirming(appraise(milan().build(), policy("minTcb:\n  genoa:\n    snp: 200\n")));
        }

        /*
         * CURRENT below a minimum while REPORTED is not cannot be built: the verifier requires the
         * VCEK TCB to equal REPORTED_TCB and to be at most CURRENT_TCB (sev-snp.md §5.3 D19), so
         * CURRENT >= REPORTED component-wise. The cases above, where all three are low, cover CURRENT.
         */
        @Test
        void reportedBelowTheMinimumWhileCurrentAndCommittedAreAbove() {
            SnpTcb newer = SnpTcb.of(3, 1, 21, 219);
            SnpEvidence ev = milan().currentTcb(newer).committedTcb(newer).build(); // REPORTED = VCEK TCB, snp 20

            assertAffirming(appraise(ev));
            assertOnly(appraise(ev, policy("minTcb:\n  milan:\n    snp: 21\n")),
                    FailureCode.SNP_TCB_BELOW_MINIMUM, Status.CONTRAINDICATED);
        }

        @Test
        void committedBelowTheMinimumWhileReportedAndCurrentAreAbove() {
            SnpEvidence ev = milan().committedTcb(SnpTcb.of(3, 1, 19, 219)).build();

            assertOnly(appraise(ev, policy("minTcb:\n  milan:\n    snp: 20\nallowProvisionalFirmware: true\n")),
                    FailureCode.SNP_TCB_BELOW_MINIMUM, Status.CONTRAINDICATED);
        }

        @Test
        void launchTcbBelowTheMinimum() {
            SnpEvidence ev = milan().launchTcb(SnpTcb.of(3, 1, 19, 219)).build();

            assertAffirming(appraise(ev, policy("minLaunchTcb:\n  milan:\n    snp: 19\n")));
            assertOnly(appraise(ev, policy("minLaunchTcb:\n  milan:\n    snp: 20\n")),
                    FailureCode.SNP_LAUNCH_TCB_BELOW_MINIMUM, Status.CONTRAINDICATED);
            // the minimum TCB does not apply to LAUNCH_TCB
            assertAffirming(appraise(ev, policy("minTcb:\n  milan:\n    snp: 20\n")));
        }

        @Test
        void turinLaunchFmcBelowTheMinimum() {
            SnpEvidence ev = SimulatedSnp.report(TURIN).launchTcb(new SnpTcb(0, 2, 3, 4, 82)).build();

            assertOnly(appraise(ev, policy("minLaunchTcb:\n  turin:\n    fmc: 1\n")),
                    FailureCode.SNP_LAUNCH_TCB_BELOW_MINIMUM, Status.CONTRAINDICATED);
        }
    }

    @Nested
    class ProvisionalFirmware {

        private final SnpTcb older = SnpTcb.of(3, 1, 19, 219);
        private final SnpTcb newer = SnpTcb.of(3, 1, 21, 219);
        private final SnpPolicyRules allowed = policy("allowProvisionalFirmware: true\n");

        @Test
        void committedTcbDifferentFromCurrentIsRejectedByDefault() {
            Appraisal a = appraise(milan().committedTcb(older).build());

            assertOnly(a, FailureCode.SNP_PROVISIONAL_FIRMWARE, Status.CONTRAINDICATED);
            assertThat(a.trustVector().get(TrustClaim.HARDWARE)).isEqualTo(TrustClaim.CONTRAINDICATED_HARDWARE);
        }

        @Test
        void committedFirmwareDifferentFromCurrentIsRejectedByDefault() {
            assertOnly(appraise(milan().committedFirmware(1, 55, 20).build()),
                    FailureCode.SNP_PROVISIONAL_FIRMWARE, Status.CONTRAINDICATED);
            assertOnly(appraise(milan().committedFirmware(1, 54, 21).build()),
                    FailureCode.SNP_PROVISIONAL_FIRMWARE, Status.CONTRAINDICATED);
        }

        @Test
        void whenAllowedCommittedBelowCurrentPasses() {
            assertAffirming(appraise(milan().committedTcb(older).committedFirmware(1, 54, 30).build(), allowed));
            assertAffirming(appraise(milan().build(), allowed));
        }

        @Test
        void whenAllowedCommittedTcbAboveCurrentIsRejected() {
            assertOnly(appraise(milan().committedTcb(newer).build(), allowed),
                    FailureCode.SNP_PROVISIONAL_FIRMWARE, Status.CONTRAINDICATED);
        }

        @Test
        void whenAllowedCommittedFirmwareAboveCurrentIsRejected() {
            assertOnly(appraise(milan().committedFirmware(1, 56, 1).build(), allowed),
                    FailureCode.SNP_PROVISIONAL_FIRMWARE, Status.CONTRAINDICATED);
            assertOnly(appraise(milan().committedFirmware(1, 55, 22).build(), allowed),
                    FailureCode.SNP_PROVISIONAL_FIRMWARE, Status.CONTRAINDICATED);
        }
    }

    @Nested
    class Identity {

        private final byte[] idKey = SevAbiKeys.digest((ECPublicKey) SevAbiKeys.generate().getPublic());
        private final byte[] authorKey = SevAbiKeys.digest((ECPublicKey) SevAbiKeys.generate().getPublic());
        private final byte[] stranger = SevAbiKeys.digest((ECPublicKey) SevAbiKeys.generate().getPublic());

        private SnpPolicyRules identity(String rules) {
            return policy("identity:\n" + rules);
        }

        @Test
        void idKeyDigestMustBeTrustedWhenAnIdBlockIsRequired() {
            SnpEvidence ev = milan().idKeyDigest(idKey).build();

            assertAffirming(appraise(ev, identity("  requireIdBlock: true\n  trustedIdKeyDigests:\n    - "
                    + qhex(stranger) + "\n    - " + qhex(idKey) + "\n")));
            Appraisal a = appraise(ev, identity("  requireIdBlock: true\n  trustedIdKeyDigests:\n    - " + qhex(stranger) + "\n"));
            assertOnly(a, FailureCode.SNP_ID_KEY_UNTRUSTED, Status.CONTRAINDICATED);
            assertOnly(appraise(ev, identity("  requireIdBlock: true\n")), FailureCode.SNP_ID_KEY_UNTRUSTED,
                    Status.CONTRAINDICATED);
        }

        @Test
        void idKeyIsNotCheckedUnlessRequired() {
            SnpEvidence ev = milan().idKeyDigest(idKey).build();

            assertAffirming(appraise(ev, identity("  trustedIdKeyDigests:\n    - " + qhex(stranger) + "\n")));
        }

        @Test
        void aTrustedAuthorKeySatisfiesTheIdBlockRequirement() {
            SnpEvidence ev = milan().idKeyDigest(idKey).authorKeyEn(true).authorKeyDigest(authorKey).build();

            assertAffirming(appraise(ev, identity("  requireIdBlock: true\n  trustedAuthorKeyDigests:\n    - "
                    + qhex(authorKey) + "\n")));
        }

        @Test
        void authorKeyMustBeEnabledAndTrustedWhenRequired() {
            SnpEvidence ev = milan().idKeyDigest(idKey).authorKeyEn(true).authorKeyDigest(authorKey).build();

            assertAffirming(appraise(ev, identity("  requireAuthorKey: true\n  trustedAuthorKeyDigests:\n    - "
                    + qhex(authorKey) + "\n")));
            assertOnly(appraise(ev, identity("  requireAuthorKey: true\n  trustedAuthorKeyDigests:\n    - "
                    + qhex(stranger) + "\n  trustedIdKeyDigests:\n    - " + qhex(idKey) + "\n")),
                    FailureCode.SNP_AUTHOR_KEY_UNTRUSTED, Status.CONTRAINDICATED);
        }

        @Test
        void aTrustedAuthorDigestDoesNotCountWithoutAuthorKeyEn() {
            SnpEvidence ev = milan().idKeyDigest(idKey).authorKeyEn(false).authorKeyDigest(authorKey).build();

            assertOnly(appraise(ev, identity("  requireAuthorKey: true\n  trustedAuthorKeyDigests:\n    - "
                    + qhex(authorKey) + "\n")), FailureCode.SNP_AUTHOR_KEY_UNTRUSTED, Status.CONTRAINDICATED);
            assertOnly(appraise(ev, identity("  requireIdBlock: true\n  trustedAuthorKeyDigests:\n    - "
                    + qhex(authorKey) + "\n")), FailureCode.SNP_ID_KEY_UNTRUSTED, Status.CONTRAINDICATED);
        }
    }

    @Nested
    class Mitigation {

        @Test
        void v5LaunchVectorMustContainTheRequiredBits() {
            SnpPolicyRules p = policy("minLaunchMitigationVector: \"0x7\"\n");

            assertOnly(appraise(milan().version(5).launchMitVector(0b101).build(), p),
                    FailureCode.SNP_MITIGATION_VECTOR, Status.CONTRAINDICATED);
            assertAffirming(appraise(milan().version(5).launchMitVector(0b1111).build(), p));
        }

        @Test
        void v5CurrentVectorMustContainTheRequiredBits() {
            SnpPolicyRules p = policy("minCurrentMitigationVector: \"6\"\n");

            assertOnly(appraise(milan().version(5).currentMitVector(0b011).launchMitVector(0b110).build(), p),
                    FailureCode.SNP_MITIGATION_VECTOR, Status.CONTRAINDICATED);
            assertAffirming(appraise(milan().version(5).currentMitVector(0b110).build(), p));
        }

        @Test
        void aRequiredVectorFailsOnAReportVersionWithoutVectors() {
            assertOnly(appraise(milan().version(3).build(), policy("minCurrentMitigationVector: \"0x1\"\n")),
                    FailureCode.SNP_MITIGATION_VECTOR, Status.CONTRAINDICATED);
            assertOnly(appraise(milan().version(3).build(), policy("minLaunchMitigationVector: \"0x1\"\n")),
                    FailureCode.SNP_MITIGATION_VECTOR, Status.CONTRAINDICATED);
        }

        @Test
        void nonZeroReservedMitigationBytesAreAWarningByDefault() {
            SnpEvidence ev = milan().version(3).launchMitVector(1).build(); // bytes 0x1F8.. of a v3 report

            Appraisal a = appraise(ev);
            assertOnly(a, FailureCode.SNP_RESERVED_MITIGATION_NONZERO, Status.WARNING);
            assertThat(a.trustVector().get(TrustClaim.CONFIGURATION)).isEqualTo(TrustClaim.UNSAFE_CONFIG);
        }

        @Test
        void nonZeroReservedMitigationBytesAreContraindicatedWhenRejected() {
            SnpEvidence ev = milan().version(4).currentMitVector(1L << 40).build();

            assertOnly(appraise(ev, policy("reservedMitigationBytes: reject\n")),
                    FailureCode.SNP_RESERVED_MITIGATION_NONZERO, Status.CONTRAINDICATED);
        }

        @Test
        void mitigationVectorsOfV5AreNotReservedBytes() {
            assertAffirming(appraise(milan().version(5).launchMitVector(1).currentMitVector(3).build(),
                    policy("reservedMitigationBytes: reject\n")));
        }
    }

    @Nested
    class Vlek {

        @Test
        void vlekSignedReportsAreAcceptedByDefault() {
            Appraisal a = appraise(SimulatedSnp.vlek(MILAN).build());

            assertAffirming(a);
            assertThat(a.claims()).containsEntry("signingKey", "VLEK");
        }

        @Test
        void vlekSignedReportsAreRejectedWhenNotAllowed() {
            SnpPolicyRules p = policy("allowVlek: false\n");

            assertOnly(appraise(SimulatedSnp.vlek(MILAN).build(), p), FailureCode.SNP_VLEK_NOT_ALLOWED, Status.CONTRAINDICATED);
            assertAffirming(appraise(milan().build(), p));
        }
    }

    @Test
    void genoaAndTurinDefaultsAreAffirming() {
        assertAffirming(appraise(SimulatedSnp.report(SimulatedSnp.GENOA).build()));
        Appraisal turin = appraise(SimulatedSnp.report(TURIN).build());
        assertAffirming(turin);
        assertThat(turin.claims()).containsEntry("product", "Turin");
    }
}
