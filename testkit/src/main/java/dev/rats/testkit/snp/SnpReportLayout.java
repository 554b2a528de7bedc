package dev.rats.testkit.snp;

/** Offsets and sizes of the 1184-byte attestation report (sev-snp.md §2.1). All integers are little-endian. */
public final class SnpReportLayout {

    public static final int REPORT_SIZE = 0x4A0;
    public static final int VERSION = 0x000;
    public static final int GUEST_SVN = 0x004;
    public static final int POLICY = 0x008;
    public static final int FAMILY_ID = 0x010;
    public static final int IMAGE_ID = 0x020;
    public static final int VMPL = 0x030;
    public static final int SIGNATURE_ALGO = 0x034;
    public static final int CURRENT_TCB = 0x038;
    public static final int PLATFORM_INFO = 0x040;
    /** Signer info u32: bit 0 AUTHOR_KEY_EN, bit 1 MASK_CHIP_KEY, bits 4:2 SIGNING_KEY. */
    public static final int SIGNER_INFO = 0x048;
    public static final int REPORT_DATA = 0x050;
    public static final int MEASUREMENT = 0x090;
    public static final int HOST_DATA = 0x0C0;
    public static final int ID_KEY_DIGEST = 0x0E0;
    public static final int AUTHOR_KEY_DIGEST = 0x110;
    public static final int REPORT_ID = 0x140;
    public static final int REPORT_ID_MA = 0x160;
    public static final int REPORTED_TCB = 0x180;
    /** CPUID family, model, stepping at 0x188..0x18A (v3+; reserved in v2). */
    public static final int CPUID_FAM_ID = 0x188;
    public static final int CPUID_MOD_ID = 0x189;
    public static final int CPUID_STEP = 0x18A;
    public static final int CHIP_ID = 0x1A0;
    public static final int COMMITTED_TCB = 0x1E0;
    /** CURRENT_BUILD, CURRENT_MINOR, CURRENT_MAJOR at 0x1E8, 0x1E9, 0x1EA. */
    public static final int CURRENT_BUILD = 0x1E8;
    /** COMMITTED_BUILD, COMMITTED_MINOR, COMMITTED_MAJOR at 0x1EC, 0x1ED, 0x1EE. */
    public static final int COMMITTED_BUILD = 0x1EC;
    public static final int LAUNCH_TCB = 0x1F0;
    /** v5 only. */
    public static final int LAUNCH_MIT_VECTOR = 0x1F8;
    /** v5 only. */
    public static final int CURRENT_MIT_VECTOR = 0x200;
    /** End of the signed area: the signature covers bytes 0x000..0x29F (§2.4). */
    public static final int SIGNED_LENGTH = 0x2A0;
    public static final int SIGNATURE = 0x2A0;
    public static final int SIGNATURE_R = 0x2A0;
    public static final int SIGNATURE_S = 0x2E8;
    /** Size of each little-endian R and S field. */
    public static final int SIGNATURE_COMPONENT_SIZE = 72;
    /** Start of the MBZ tail of the signature area (0x330..0x4A0). */
    public static final int SIGNATURE_TAIL = 0x330;

    private SnpReportLayout() {
    }
}
