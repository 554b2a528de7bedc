package dev.rats.policy.snp;

import java.util.List;
import java.util.Map;

/**
 * An SEV-SNP appraisal policy: everything go-sev-guest's validate.Options offers (sev-snp.md
 * §5.1, §5.3 E), with secure defaults. Absent fields take their defaults; relaxations are named
 * ({@code allowDebug: true}). The file format is documented in README.md.
 *
 * @param platform must be {@code sev-snp} when given: the platform this policy appraises
 * @param name policy name, part of the policy id in results
 * @param version policy version, part of the policy id
 * @param product the product of version 2 reports, which carry no CPUID, when no VCEK names it
 * @param crl {@code required}: fail when AMD's CRL is unavailable; {@code if-available}: check it
 *        when present and otherwise record that revocation was not checked
 * @param allowVlek accept reports signed by a cloud provider's VLEK
 * @param maxVmpl the highest VMPL accepted (0 is the most privileged)
 * @param minTcb component-wise minimum of REPORTED_TCB (and CURRENT_TCB and COMMITTED_TCB) per product
 * @param minLaunchTcb component-wise minimum of LAUNCH_TCB per product
 * @param allowProvisionalFirmware accept COMMITTED ≤ CURRENT instead of COMMITTED == CURRENT
 * @param expected exact values for report fields
 * @param reservedMitigationBytes {@code warn} or {@code reject} non-zero 0x1F8..0x208 in pre-v5 reports
 */
public record SnpPolicy(
        String platform,
        String name,
        Integer version,
        String product,
        String crl,
        Boolean allowVlek,
        GuestPolicyRules guestPolicy,
        PlatformRules platformInfo,
        Integer maxVmpl,
        Long minGuestSvn,
        Integer minBuild,
        String minApiVersion,
        Map<String, TcbMinimum> minTcb,
        Map<String, TcbMinimum> minLaunchTcb,
        Boolean allowProvisionalFirmware,
        ExpectedFields expected,
        IdentityRules identity,
        String minLaunchMitigationVector,
        String minCurrentMitigationVector,
        String reservedMitigationBytes) {

    public static final String CRL_REQUIRED = "required";
    public static final String CRL_IF_AVAILABLE = "if-available";

    public SnpPolicy {
        platform = platform == null ? "sev-snp" : platform;
        name = name == null ? "default" : name;
        version = version == null ? 1 : version;
        crl = crl == null ? CRL_IF_AVAILABLE : crl;
        allowVlek = allowVlek == null || allowVlek;
        guestPolicy = guestPolicy == null ? GuestPolicyRules.DEFAULT : guestPolicy;
        platformInfo = platformInfo == null ? PlatformRules.DEFAULT : platformInfo;
        maxVmpl = maxVmpl == null ? 0 : maxVmpl;
        minGuestSvn = minGuestSvn == null ? 0 : minGuestSvn;
        minBuild = minBuild == null ? 0 : minBuild;
        minTcb = minTcb == null ? Map.of() : Map.copyOf(minTcb);
        minLaunchTcb = minLaunchTcb == null ? Map.of() : Map.copyOf(minLaunchTcb);
        allowProvisionalFirmware = allowProvisionalFirmware != null && allowProvisionalFirmware;
        expected = expected == null ? ExpectedFields.NONE : expected;
        identity = identity == null ? IdentityRules.NONE : identity;
        reservedMitigationBytes = reservedMitigationBytes == null ? "warn" : reservedMitigationBytes;
    }

    /** The secure default policy. */
    public static SnpPolicy defaults() {
        return new SnpPolicy(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null);
    }

    public String id() {
        return name + "@" + version;
    }

    /**
     * Guest POLICY rules (SEV-SNP ABI Table 9), go-sev-guest semantics: the report may not enable
     * what is not allowed, and must set what is required.
     *
     * @param minAbi the minimum ABI version "major.minor" the guest policy must require
     * @param allowSmt SMT is allowed by default: every cloud runs SNP guests with SMT on
     */
    public record GuestPolicyRules(
            String minAbi,
            Boolean allowDebug,
            Boolean allowMigrationAgent,
            Boolean allowSmt,
            Boolean allowCxl,
            Boolean requireSingleSocket,
            Boolean requireMemAes256Xts,
            Boolean requireRaplDisabled,
            Boolean requireCiphertextHiding,
            Boolean requirePageSwapDisabled) {

        static final GuestPolicyRules DEFAULT = new GuestPolicyRules(null, null, null, null, null, null, null, null, null, null);

        public GuestPolicyRules {
            minAbi = minAbi == null ? "0.0" : minAbi;
            allowDebug = allowDebug != null && allowDebug;
            allowMigrationAgent = allowMigrationAgent != null && allowMigrationAgent;
            allowSmt = allowSmt == null || allowSmt;
            allowCxl = allowCxl != null && allowCxl;
            requireSingleSocket = requireSingleSocket != null && requireSingleSocket;
            requireMemAes256Xts = requireMemAes256Xts != null && requireMemAes256Xts;
            requireRaplDisabled = requireRaplDisabled != null && requireRaplDisabled;
            requireCiphertextHiding = requireCiphertextHiding != null && requireCiphertextHiding;
            requirePageSwapDisabled = requirePageSwapDisabled != null && requirePageSwapDisabled;
        }
    }

    /**
     * PLATFORM_INFO rules (SEV-SNP ABI Table 23). Unknown bits are reported as claims and only
     * rejected when {@code rejectUnknownBits} is set: real Turin parts set bit 6.
     */
    public record PlatformRules(
            Boolean allowSmt,
            Boolean allowTsme,
            Boolean allowTio,
            Boolean requireEcc,
            Boolean requireRaplDisabled,
            Boolean requireCiphertextHiding,
            Boolean requireAliasCheckComplete,
            Boolean rejectUnknownBits) {

        static final PlatformRules DEFAULT = new PlatformRules(null, null, null, null, null, null, null, null);

        public PlatformRules {
            allowSmt = allowSmt == null || allowSmt;
            allowTsme = allowTsme == null || allowTsme;
            allowTio = allowTio != null && allowTio;
            requireEcc = requireEcc != null && requireEcc;
            requireRaplDisabled = requireRaplDisabled != null && requireRaplDisabled;
            requireCiphertextHiding = requireCiphertextHiding != null && requireCiphertextHiding;
            requireAliasCheckComplete = requireAliasCheckComplete != null && requireAliasCheckComplete;
            rejectUnknownBits = rejectUnknownBits != null && rejectUnknownBits;
        }
    }

    /** A component-wise TCB minimum; absent components are not checked. FMC applies to Turin only. */
    public record TcbMinimum(Integer fmc, Integer bootloader, Integer tee, Integer snp, Integer microcode) {
    }

    /** Exact values (hex) for report fields; absent fields are not checked. */
    public record ExpectedFields(
            String reportData,
            String hostData,
            String imageId,
            String familyId,
            String reportId,
            String reportIdMa,
            List<String> chipIds) {

        static final ExpectedFields NONE = new ExpectedFields(null, null, null, null, null, null, null);

        public ExpectedFields {
            chipIds = chipIds == null ? null : List.copyOf(chipIds);
        }
    }

    /**
     * ID block trust (go-sev-guest RequireIDBlock, RequireAuthorKey, TrustedIDKeyHashes,
     * TrustedAuthorKeyHashes). Digests are SHA-384 of the SEV-ABI public key encoding, hex.
     */
    public record IdentityRules(
            Boolean requireIdBlock,
            Boolean requireAuthorKey,
            List<String> trustedIdKeyDigests,
            List<String> trustedAuthorKeyDigests) {

        static final IdentityRules NONE = new IdentityRules(null, null, null, null);

        public IdentityRules {
            requireAuthorKey = requireAuthorKey != null && requireAuthorKey;
            requireIdBlock = requireAuthorKey || requireIdBlock != null && requireIdBlock;
            trustedIdKeyDigests = trustedIdKeyDigests == null ? List.of() : List.copyOf(trustedIdKeyDigests);
            trustedAuthorKeyDigests = trustedAuthorKeyDigests == null ? List.of() : List.copyOf(trustedAuthorKeyDigests);
        }
    }
}
