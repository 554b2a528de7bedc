package dev.rats.policy.snp;

import static dev.rats.policy.TrustClaim.CONFIGURATION;
import static dev.rats.policy.TrustClaim.EXECUTABLES;
import static dev.rats.policy.TrustClaim.HARDWARE;
import static dev.rats.policy.TrustClaim.INSTANCE_IDENTITY;
import static dev.rats.policy.TrustClaim.RUNTIME_OPAQUE;

import dev.rats.evidence.FailureCode;
import dev.rats.evidence.SnpEvidence;
import dev.rats.evidence.binary.Bytes;
import dev.rats.evidence.snp.FirmwareVersion;
import dev.rats.evidence.snp.GuestPolicy;
import dev.rats.evidence.snp.PlatformInfo;
import dev.rats.evidence.snp.SigningKey;
import dev.rats.evidence.snp.SnpReport;
import dev.rats.evidence.snp.TcbVersion;
import dev.rats.evidence.snp.VerifiedSnpEvidence;
import dev.rats.policy.Appraisal;
import dev.rats.policy.AppraisalChecks;
import dev.rats.policy.TrustClaim;
import dev.rats.refvalues.MatchResult;
import dev.rats.refvalues.MeasurementMatcher;
import dev.rats.refvalues.SnpReferenceValues;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Appraises verified SEV-SNP evidence against a policy and reference values: every check of
 * sev-snp.md §5.3 group E, all evaluated and all reported. Stateless and thread-safe.
 */
public final class SnpAppraiser {

    /** Inputs that vary per request. {@code expectedReportData} is 64 bytes, see {@link ReportDataBinding}. */
    public record Request(SnpPolicyRules policy, SnpReferenceValues referenceValues, Optional<Bytes> expectedReportData) {
    }

    public Appraisal appraise(VerifiedSnpEvidence evidence, Request request) {
        AppraisalChecks c = new AppraisalChecks();
        SnpReport r = evidence.report();
        SnpPolicyRules p = request.policy();
        c.vector().set(HARDWARE, TrustClaim.GENUINE_HARDWARE)
                .set(INSTANCE_IDENTITY, TrustClaim.RECOGNIZED_INSTANCE)
                .set(RUNTIME_OPAQUE, TrustClaim.ENCRYPTED_MEMORY)
                .set(CONFIGURATION, TrustClaim.APPROVED_CONFIG);

        reportData(r, p, request.expectedReportData(), c);
        Optional<String> measurementLabel = measurement(evidence, request.referenceValues(), c);
        expectedFields(r, p, c);
        guestPolicy(r.policy(), p, c);
        platformInfo(r.platformInfo(), p.source().platformInfo(), c);
        firmware(r, p, c);
        tcb(evidence, p, c);
        identity(r, p, c);
        mitigation(r, p, c);
        if (evidence.signingKey() == SigningKey.VLEK && !p.source().allowVlek()) {
            c.fail(CONFIGURATION, FailureCode.SNP_VLEK_NOT_ALLOWED, "the report is VLEK-signed");
        }
        if (r.vmpl() > p.source().maxVmpl()) {
            // spec: SEV-SNP ABI Table 21 0x030 VMPL; go-sev-guest Options.VMPL
            c.fail(CONFIGURATION, FailureCode.SNP_VMPL, "VMPL " + r.vmpl() + " > maximum " + p.source().maxVmpl());
        }

        return c.result(SnpEvidence.PLATFORM, p.source().id(), SnpClaims.of(evidence, measurementLabel));
    }

    /** §5.3 E21: REPORT_DATA binds the caller's nonce or runtime data; constant-time. */
    private static void reportData(SnpReport r, SnpPolicyRules p, Optional<Bytes> expected, AppraisalChecks c) {
        if (expected.isPresent() && !expected.get().constantTimeEquals(r.reportData())) {
            c.fail(INSTANCE_IDENTITY, FailureCode.REPORT_DATA_MISMATCH,
                    "REPORT_DATA does not carry the expected nonce or runtime-data hash");
        }
        if (p.reportData().isPresent() && !p.reportData().get().constantTimeEquals(r.reportData())) {
            c.fail(INSTANCE_IDENTITY, FailureCode.REPORT_DATA_MISMATCH, "REPORT_DATA differs from the policy's value");
        }
    }

    /** §5.3 E22 and sev-snp.md §8: the launch MEASUREMENT against reference values. */
    private static Optional<String> measurement(VerifiedSnpEvidence e, SnpReferenceValues refs, AppraisalChecks c) {
        MatchResult m = MeasurementMatcher.match(refs.measurements(), e.report().measurement().toByteArray(), e.verifiedAt());
        switch (m) {
            case MatchResult.Matched matched -> {
                c.vector().set(EXECUTABLES, TrustClaim.APPROVED_RUNTIME);
                return Optional.of(matched.value().label());
            }
            case MatchResult.NoReferenceValues none -> c.warn(EXECUTABLES, TrustClaim.UNRECOGNIZED_RUNTIME,
                    FailureCode.MEASUREMENT_UNREFERENCED, "no reference value is configured for SNP launch measurements");
            case MatchResult.Mismatch mismatch -> {
                String expired = mismatch.expiredMatch().map(v -> "; it matches '" + v.label() + "', which expired at "
                        + v.expires().orElseThrow()).orElse("");
                if (mismatch.enforced()) {
                    c.fail(EXECUTABLES, FailureCode.MEASUREMENT_NOT_ALLOWED,
                            "MEASUREMENT " + e.report().measurement().toHex() + " matches no reference value" + expired);
                } else {
                    c.warn(EXECUTABLES, TrustClaim.UNRECOGNIZED_RUNTIME, FailureCode.MEASUREMENT_WARN_ONLY_MISMATCH,
                            "MEASUREMENT matches no warn-only reference value" + expired);
                }
            }
        }
        return Optional.empty();
    }

    /** §5.3 E22: exact-match fields (go-sev-guest HostData, ImageID, FamilyID, ReportID, ReportIDMA, ChipID). */
    private static void expectedFields(SnpReport r, SnpPolicyRules p, AppraisalChecks c) {
        exact(p.hostData(), r.hostData(), FailureCode.SNP_HOST_DATA_MISMATCH, "HOST_DATA", c);
        exact(p.imageId(), r.imageId(), FailureCode.SNP_IMAGE_ID_MISMATCH, "IMAGE_ID", c);
        exact(p.familyId(), r.familyId(), FailureCode.SNP_FAMILY_ID_MISMATCH, "FAMILY_ID", c);
        exact(p.reportId(), r.reportId(), FailureCode.SNP_REPORT_ID_MISMATCH, "REPORT_ID", c);
        exact(p.reportIdMa(), r.reportIdMa(), FailureCode.SNP_REPORT_ID_MA_MISMATCH, "REPORT_ID_MA", c);
        if (!p.chipIds().isEmpty() && !containsConstantTime(p.chipIds(), r.chipId())) {
            c.fail(INSTANCE_IDENTITY, TrustClaim.UNRECOGNIZED_INSTANCE, FailureCode.SNP_CHIP_ID_NOT_ALLOWED,
                    "CHIP_ID is not among the allowed chips");
        }
    }

    private static void exact(Optional<Bytes> expected, Bytes actual, FailureCode code, String field, AppraisalChecks c) {
        if (expected.isPresent() && !expected.get().constantTimeEquals(actual)) {
            c.fail(CONFIGURATION, code, field + " " + actual.toHex() + " differs from the policy's " + expected.get().toHex());
        }
    }

    /** §5.3 E23: go-sev-guest GuestPolicy semantics. spec: SEV-SNP ABI Table 9. */
    private static void guestPolicy(GuestPolicy g, SnpPolicyRules p, AppraisalChecks c) {
        SnpPolicy.GuestPolicyRules rules = p.source().guestPolicy();
        if (g.abiMajor() < p.minAbiMajor() || g.abiMajor() == p.minAbiMajor() && g.abiMinor() < p.minAbiMinor()) {
            c.fail(CONFIGURATION, FailureCode.SNP_POLICY_ABI_VERSION, "guest policy ABI " + g.abiMajor() + "." + g.abiMinor()
                    + " < " + p.minAbiMajor() + "." + p.minAbiMinor());
        }
        forbid(g.debugAllowed(), rules.allowDebug(), FailureCode.SNP_POLICY_DEBUG, "the guest policy allows DEBUG", c);
        forbid(g.migrateMaAllowed(), rules.allowMigrationAgent(), FailureCode.SNP_POLICY_MIGRATE_MA,
                "the guest policy allows a migration agent", c);
        forbid(g.smtAllowed(), rules.allowSmt(), FailureCode.SNP_POLICY_SMT, "the guest policy allows SMT", c);
        forbid(g.cxlAllowed(), rules.allowCxl(), FailureCode.SNP_POLICY_CXL, "the guest policy allows CXL", c);
        require(g.singleSocketRequired(), rules.requireSingleSocket(), FailureCode.SNP_POLICY_REQUIRED_FLAG, "SINGLE_SOCKET", c);
        require(g.memAes256XtsRequired(), rules.requireMemAes256Xts(), FailureCode.SNP_POLICY_REQUIRED_FLAG, "MEM_AES_256_XTS", c);
        require(g.raplDisabled(), rules.requireRaplDisabled(), FailureCode.SNP_POLICY_REQUIRED_FLAG, "RAPL_DIS", c);
        require(g.ciphertextHidingRequired(), rules.requireCiphertextHiding(), FailureCode.SNP_POLICY_REQUIRED_FLAG,
                "CIPHERTEXT_HIDING", c);
        require(g.pageSwapDisabled(), rules.requirePageSwapDisabled(), FailureCode.SNP_POLICY_REQUIRED_FLAG,
                "PAGE_SWAP_DISABLE", c);
    }

    /** §5.3 E24: go-sev-guest PlatformInfo semantics; unknown bits only fail when the policy says so. */
    private static void platformInfo(PlatformInfo info, SnpPolicy.PlatformRules rules, AppraisalChecks c) {
        forbid(info.smtEnabled(), rules.allowSmt(), FailureCode.SNP_PLATFORM_SMT, "SMT is enabled on the platform", c);
        forbid(info.tsmeEnabled(), rules.allowTsme(), FailureCode.SNP_PLATFORM_TSME, "TSME is enabled on the platform", c);
        forbid(info.tioEnabled(), rules.allowTio(), FailureCode.SNP_PLATFORM_TIO, "SEV-TIO is enabled on the platform", c);
        require(info.eccEnabled(), rules.requireEcc(), FailureCode.SNP_PLATFORM_REQUIRED_FLAG, "ECC_EN", c);
        require(info.raplDisabled(), rules.requireRaplDisabled(), FailureCode.SNP_PLATFORM_REQUIRED_FLAG, "RAPL_DIS", c);
        require(info.ciphertextHidingEnabled(), rules.requireCiphertextHiding(), FailureCode.SNP_PLATFORM_REQUIRED_FLAG,
                "CIPHERTEXT_HIDING_DRAM_EN", c);
        require(info.aliasCheckComplete(), rules.requireAliasCheckComplete(), FailureCode.SNP_PLATFORM_REQUIRED_FLAG,
                "ALIAS_CHECK_COMPLETE", c);
        if (info.unknownBits() != 0 && rules.rejectUnknownBits()) {
            c.fail(CONFIGURATION, FailureCode.SNP_PLATFORM_UNKNOWN_BITS,
                    String.format("PLATFORM_INFO sets unknown bits 0x%X", info.unknownBits()));
        }
    }

    /** §5.3 E26: minimum GUEST_SVN, and minimum build and API version on current and committed firmware. */
    private static void firmware(SnpReport r, SnpPolicyRules p, AppraisalChecks c) {
        if (Long.compareUnsigned(r.guestSvn(), p.source().minGuestSvn()) < 0) {
            c.fail(CONFIGURATION, FailureCode.SNP_GUEST_SVN, "GUEST_SVN " + r.guestSvn() + " < " + p.source().minGuestSvn());
        }
        for (FirmwareVersion fw : List.of(r.currentFirmware(), r.committedFirmware())) {
            String which = fw == r.currentFirmware() ? "current" : "committed";
            if (fw.build() < p.source().minBuild()) {
                c.fail(HARDWARE, FailureCode.SNP_FIRMWARE_BUILD, which + " firmware build " + fw.build() + " < " + p.source().minBuild());
            }
            if (fw.apiVersion() < p.minApiVersion()) {
                c.fail(HARDWARE, FailureCode.SNP_FIRMWARE_VERSION, which + " firmware " + fw + " < minimum API version "
                        + (p.minApiVersion() >> 8) + "." + (p.minApiVersion() & 0xFF));
            }
        }
    }

    /** §5.3 E27–E28: component-wise minimum TCBs and the provisional-firmware rule (go-sev-guest validateTcb). */
    private static void tcb(VerifiedSnpEvidence e, SnpPolicyRules p, AppraisalChecks c) {
        p.minTcb(e.product()).ifPresent(min -> {
            // REPORTED is what the VCEK vouches for; CURRENT >= REPORTED is enforced by the binding and
            // COMMITTED is the rollback floor: one failure names every TCB below the minimum
            List<String> below = new ArrayList<>();
            for (var named : List.of(new NamedTcb("REPORTED_TCB", e.reportedTcb()), new NamedTcb("CURRENT_TCB", e.currentTcb()),
                    new NamedTcb("COMMITTED_TCB", e.committedTcb()))) {
                List<String> components = SnpPolicyRules.below(named.tcb(), min);
                if (!components.isEmpty()) {
                    below.add(named.name() + " " + String.join(", ", components));
                }
            }
            if (!below.isEmpty()) {
                c.fail(HARDWARE, FailureCode.SNP_TCB_BELOW_MINIMUM, "below the minimum TCB: " + String.join("; ", below));
            }
        });
        p.minLaunchTcb(e.product()).ifPresent(min -> {
            List<String> below = SnpPolicyRules.below(e.launchTcb(), min);
            if (!below.isEmpty()) {
                c.fail(HARDWARE, FailureCode.SNP_LAUNCH_TCB_BELOW_MINIMUM, "LAUNCH_TCB below minimum: " + String.join(", ", below));
            }
        });
        SnpReport r = e.report();
        boolean committedEqualsCurrent = e.committedTcb().raw().equals(e.currentTcb().raw())
                && r.committedFirmware().equals(r.currentFirmware());
        if (!p.source().allowProvisionalFirmware() && !committedEqualsCurrent) {
            c.fail(HARDWARE, FailureCode.SNP_PROVISIONAL_FIRMWARE, "COMMITTED (" + e.committedTcb() + ", " + r.committedFirmware()
                    + ") differs from CURRENT (" + e.currentTcb() + ", " + r.currentFirmware() + ")");
        }
        if (p.source().allowProvisionalFirmware()) {
            List<String> above = e.currentTcb().componentsBelow(e.committedTcb());
            if (!above.isEmpty() || compareFirmware(r.committedFirmware(), r.currentFirmware()) > 0) {
                c.fail(HARDWARE, FailureCode.SNP_PROVISIONAL_FIRMWARE, "COMMITTED is above CURRENT");
            }
        }
    }

    private record NamedTcb(String name, TcbVersion tcb) {
    }

    private static int compareFirmware(FirmwareVersion a, FirmwareVersion b) {
        int byApi = Integer.compare(a.apiVersion(), b.apiVersion());
        return byApi != 0 ? byApi : Integer.compare(a.build(), b.build());
    }

    /** §5.3 E29: go-sev-guest RequireIDBlock / RequireAuthorKey with trusted key digests. */
    private static void identity(SnpReport r, SnpPolicyRules p, AppraisalChecks c) {
        SnpPolicy.IdentityRules rules = p.source().identity();
        boolean authorTrusted = r.authorKeyEnabled() && containsConstantTime(p.trustedAuthorKeyDigests(), r.authorKeyDigest());
        if (rules.requireAuthorKey() && !authorTrusted) {
            c.fail(CONFIGURATION, FailureCode.SNP_AUTHOR_KEY_UNTRUSTED, r.authorKeyEnabled()
                    ? "AUTHOR_KEY_DIGEST " + r.authorKeyDigest().toHex() + " is not trusted" : "AUTHOR_KEY_EN is not set");
        } else if (rules.requireIdBlock() && !authorTrusted && !containsConstantTime(p.trustedIdKeyDigests(), r.idKeyDigest())) {
            c.fail(CONFIGURATION, FailureCode.SNP_ID_KEY_UNTRUSTED, "ID_KEY_DIGEST " + r.idKeyDigest().toHex() + " is not trusted");
        }
    }

    /** §5.3 E30: v5 mitigation vectors contain the required bits; pre-v5 reserved bytes per policy. */
    private static void mitigation(SnpReport r, SnpPolicyRules p, AppraisalChecks c) {
        vector(r.launchMitigationVector(), p.minLaunchMitigationVector(), "LAUNCH_MIT_VECTOR", c);
        vector(r.currentMitigationVector(), p.minCurrentMitigationVector(), "CURRENT_MIT_VECTOR", c);
        if (r.reservedMitigationNonZero()) {
            String detail = "bytes 0x1F8..0x207 of a version " + r.version() + " report are not zero";
            if (p.rejectReservedMitigationBytes()) {
                c.fail(CONFIGURATION, FailureCode.SNP_RESERVED_MITIGATION_NONZERO, detail);
            } else {
                c.warn(CONFIGURATION, TrustClaim.UNSAFE_CONFIG, FailureCode.SNP_RESERVED_MITIGATION_NONZERO, detail);
            }
        }
    }

    private static void vector(Optional<Long> actual, long required, String name, AppraisalChecks c) {
        if (required == 0) {
            return;
        }
        long have = actual.orElse(0L);
        if ((have & required) != required) {
            c.fail(CONFIGURATION, FailureCode.SNP_MITIGATION_VECTOR, actual.isEmpty()
                    ? name + " is required but the report version has none"
                    : String.format("%s 0x%X lacks required bits 0x%X", name, have, required & ~have));
        }
    }

    private static void forbid(boolean enabled, boolean allowed, FailureCode code, String detail, AppraisalChecks c) {
        if (enabled && !allowed) {
            c.fail(CONFIGURATION, code, detail);
        }
    }

    private static void require(boolean present, boolean required, FailureCode code, String flag, AppraisalChecks c) {
        if (required && !present) {
            c.fail(CONFIGURATION, code, flag + " is required but not set");
        }
    }

    private static boolean containsConstantTime(List<Bytes> candidates, Bytes actual) {
        boolean found = false;
        for (Bytes candidate : candidates) {
            found |= candidate.constantTimeEquals(actual);
        }
        return found;
    }
}
