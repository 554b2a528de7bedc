package dev.rats.evidence.snp;

import static dev.rats.evidence.binary.LittleEndian.u32;
import static dev.rats.evidence.binary.LittleEndian.u64;
import static dev.rats.evidence.binary.LittleEndian.u8;

import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.FailureCode;
import dev.rats.evidence.binary.Bytes;
import java.util.Optional;

/**
 * Parses the 1184-byte SEV-SNP ATTESTATION_REPORT strictly. spec: AMD SEV-SNP ABI specification
 * (56860) Table 21; go-sev-guest abi.ReportToProto / ValidateReportFormat; sev-snp.md §2 and §5.3 A.
 * Total: every input yields a report or an {@link EvidenceException}.
 */
public final class SnpReportParser {

    public static final int REPORT_LENGTH = 0x4A0;
    public static final int SIGNED_LENGTH = 0x2A0;
    public static final int MIN_VERSION = 2;
    public static final int MAX_VERSION = 5;

    /** SIGNATURE_ALGO 1: ECDSA P-384 with SHA-384. spec: SEV-SNP ABI Table 145. */
    static final int ECDSA_P384_SHA384 = 1;
    static final int SIGNATURE_COMPONENT_LENGTH = 72;
    static final int P384_COMPONENT_LENGTH = 48;

    private SnpReportParser() {
    }

    public static SnpReport parse(byte[] input) throws EvidenceException {
        if (input == null || input.length != REPORT_LENGTH) {
            throw new EvidenceException(FailureCode.SNP_REPORT_LENGTH, "an SEV-SNP report is exactly 1184 bytes, got "
                    + (input == null ? "none" : input.length));
        }
        return parse(Bytes.of(input));
    }

    public static SnpReport parse(Bytes r) throws EvidenceException {
        if (r.length() != REPORT_LENGTH) {
            throw new EvidenceException(FailureCode.SNP_REPORT_LENGTH,
                    "an SEV-SNP report is exactly 1184 bytes, got " + r.length());
        }
        // spec: Table 21 0x000 VERSION; go-sev-guest supports 2..5 (sev-snp.md §5.3 A2)
        long version = u32(r, 0x000);
        if (version < MIN_VERSION || version > MAX_VERSION) {
            throw new EvidenceException(FailureCode.SNP_REPORT_VERSION,
                    "report version " + version + " is not supported (2..5)");
        }
        int v = (int) version;
        // spec: Table 21 0x034 SIGNATURE_ALGO must be 1 (A3)
        long algorithm = u32(r, 0x034);
        if (algorithm != ECDSA_P384_SHA384) {
            throw new EvidenceException(FailureCode.SNP_SIGNATURE_ALGORITHM,
                    "SIGNATURE_ALGO " + algorithm + " is not 1 (ECDSA P-384 with SHA-384)");
        }
        SignerInfo signer = signerInfo(u32(r, 0x048));
        GuestPolicy policy = guestPolicy(u64(r, 0x008));
        checkMustBeZero(r, v);
        checkSignatureShape(r);
        long vmpl = u32(r, 0x030);

        Optional<SnpReport.Cpuid> cpuid = v >= 3
                ? Optional.of(new SnpReport.Cpuid(u8(r, 0x188), u8(r, 0x189), u8(r, 0x18A)))
                : Optional.empty();
        boolean v5 = v >= 5;
        return new SnpReport(
                r, v,
                u32(r, 0x004),
                policy,
                r.slice(0x010, 16),
                r.slice(0x020, 16),
                (int) Math.min(vmpl, Integer.MAX_VALUE),
                (int) algorithm,
                r.slice(0x038, 8),
                new PlatformInfo(u64(r, 0x040)),
                signer.authorKeyEnabled,
                signer.signingKey,
                r.slice(0x050, 64),
                r.slice(0x090, 48),
                r.slice(0x0C0, 32),
                r.slice(0x0E0, 48),
                r.slice(0x110, 48),
                r.slice(0x140, 32),
                r.slice(0x160, 32),
                r.slice(0x180, 8),
                cpuid,
                r.slice(0x1A0, 64),
                r.slice(0x1E0, 8),
                new FirmwareVersion(u8(r, 0x1EA), u8(r, 0x1E9), u8(r, 0x1E8)),
                new FirmwareVersion(u8(r, 0x1EE), u8(r, 0x1ED), u8(r, 0x1EC)),
                r.slice(0x1F0, 8),
                v5 ? Optional.of(u64(r, 0x1F8)) : Optional.empty(),
                v5 ? Optional.of(u64(r, 0x200)) : Optional.empty(),
                r.slice(0x2A0, SIGNATURE_COMPONENT_LENGTH),
                r.slice(0x2E8, SIGNATURE_COMPONENT_LENGTH),
                !v5 && !r.isAllZero(0x1F8, 0x10));
    }

    private record SignerInfo(boolean authorKeyEnabled, SigningKey signingKey) {
    }

    /**
     * spec: Table 21 0x048: bit 0 AUTHOR_KEY_EN, bit 1 MASK_CHIP_KEY, bits 4:2 SIGNING_KEY
     * (0 VCEK, 1 VLEK, 7 NONE, others reserved), bits 31:5 MBZ (sev-snp.md §5.3 A4, A5).
     */
    private static SignerInfo signerInfo(long info) throws EvidenceException {
        if ((info & ~0x1FL) != 0) {
            throw new EvidenceException(FailureCode.SNP_SIGNER_INFO_RESERVED,
                    String.format("signer info 0x%08X sets reserved bits 31:5", info));
        }
        if ((info & 0b10) != 0) {
            // MASK_CHIP_KEY: the firmware writes zeros instead of a signature (virtee/sev)
            throw new EvidenceException(FailureCode.SNP_CHIP_KEY_MASKED,
                    "MASK_CHIP_KEY is set: the report carries no signature");
        }
        int key = (int) (info >>> 2 & 0b111);
        SigningKey signingKey = switch (key) {
            case 0 -> SigningKey.VCEK;
            case 1 -> SigningKey.VLEK;
            case 7 -> throw new EvidenceException(FailureCode.SNP_SIGNING_KEY_NONE,
                    "SIGNING_KEY is 7 (NONE): the report is not signed");
            default -> throw new EvidenceException(FailureCode.SNP_SIGNER_INFO_RESERVED,
                    "SIGNING_KEY " + key + " is reserved");
        };
        return new SignerInfo((info & 1) == 1, signingKey);
    }

    /** spec: ABI Table 9: bit 17 is reserved and must be 1; bits 63:26 are MBZ (A6). */
    private static GuestPolicy guestPolicy(long raw) throws EvidenceException {
        if ((raw & GuestPolicy.RESERVED_MUST_BE_ONE) == 0) {
            throw new EvidenceException(FailureCode.SNP_GUEST_POLICY_RESERVED,
                    String.format("guest policy 0x%X has reserved bit 17 clear", raw));
        }
        if ((raw & GuestPolicy.MUST_BE_ZERO) != 0) {
            throw new EvidenceException(FailureCode.SNP_GUEST_POLICY_RESERVED,
                    String.format("guest policy 0x%X sets reserved bits 63:26", raw));
        }
        return new GuestPolicy(raw);
    }

    /** spec: Table 21 reserved fields; go-sev-guest ValidateReportFormat (A7). */
    private static void checkMustBeZero(Bytes r, int version) throws EvidenceException {
        zero(r, 0x04C, 0x050);
        if (version == 2) {
            zero(r, 0x188, 0x1A0);
        } else {
            zero(r, 0x18B, 0x1A0);
        }
        zero(r, 0x1EB, 0x1EC);
        zero(r, 0x1EF, 0x1F0);
        zero(r, 0x208, 0x2A0);
        zero(r, 0x330, REPORT_LENGTH);
    }

    private static void zero(Bytes r, int from, int to) throws EvidenceException {
        if (!r.isAllZero(from, to - from)) {
            throw new EvidenceException(FailureCode.SNP_RESERVED_NONZERO,
                    String.format("reserved bytes 0x%03X..0x%03X are not zero", from, to - 1));
        }
    }

    /**
     * spec: ABI Table 145 "ECDSA P-384 with SHA-384 signature": R at 0x2A0 and S at 0x2E8, 72-byte
     * little-endian each; a P-384 value fits in 48 bytes, so the upper 24 must be zero (A8).
     */
    private static void checkSignatureShape(Bytes r) throws EvidenceException {
        for (int offset : new int[] {0x2A0, 0x2E8}) {
            String name = offset == 0x2A0 ? "R" : "S";
            if (!r.isAllZero(offset + P384_COMPONENT_LENGTH, SIGNATURE_COMPONENT_LENGTH - P384_COMPONENT_LENGTH)) {
                throw new EvidenceException(FailureCode.SNP_SIGNATURE_MALFORMED,
                        "signature " + name + " does not fit in 48 bytes");
            }
            if (r.isAllZero(offset, P384_COMPONENT_LENGTH)) {
                throw new EvidenceException(FailureCode.SNP_SIGNATURE_MALFORMED, "signature " + name + " is zero");
            }
        }
    }
}
