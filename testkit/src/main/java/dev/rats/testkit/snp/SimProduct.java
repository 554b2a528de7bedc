package dev.rats.testkit.snp;

/**
 * AMD EPYC generations the test PKI and report builder simulate, with the facts that differ per
 * product: KDS name, CPUID bytes (sev-snp.md §2.1 notes), TCB layout (§2.2), VCEK profile (§3.2)
 * and the real ARK/ASK/ASVK serial numbers (§3.1).
 */
public enum SimProduct {
    MILAN("Milan", 0x19, 0x01, 0x01, "Milan-B0", 0, 64, 0x10000, 0x10001, 0x10101),
    GENOA("Genoa", 0x19, 0x11, 0x01, "Genoa", 0, 64, 0x20000, 0x20002, 0x20101),
    TURIN("Turin", 0x1A, 0x02, 0x01, "Turin", 1, 8, 0x30000, 0x30001, 0x30101);

    private final String kdsName;
    private final int family;
    private final int model;
    private final int stepping;
    private final String vekProductName;
    private final int structVersion;
    private final int hwIdLength;
    private final long arkSerial;
    private final long askSerial;
    private final long asvkSerial;

    SimProduct(String kdsName, int family, int model, int stepping, String vekProductName, int structVersion,
            int hwIdLength, long arkSerial, long askSerial, long asvkSerial) {
        this.kdsName = kdsName;
        this.family = family;
        this.model = model;
        this.stepping = stepping;
        this.vekProductName = vekProductName;
        this.structVersion = structVersion;
        this.hwIdLength = hwIdLength;
        this.arkSerial = arkSerial;
        this.askSerial = askSerial;
        this.asvkSerial = asvkSerial;
    }

    /** Product name in KDS URLs and CA common names: "Milan", "Genoa", "Turin". */
    public String kdsName() {
        return kdsName;
    }

    /** CPUID_FAM_ID (report offset 0x188, v3+). */
    public int cpuidFamily() {
        return family;
    }

    /** CPUID_MOD_ID (0x189). */
    public int cpuidModel() {
        return model;
    }

    /** CPUID_STEP (0x18A). */
    public int cpuidStepping() {
        return stepping;
    }

    /** Default VCEK/VLEK productName extension: "Milan-B0" (as KDS issues for B1 parts), "Genoa", "Turin". */
    public String vekProductName() {
        return vekProductName;
    }

    /** VCEK structVersion extension: 0 for Milan/Genoa, 1 for Turin. */
    public int structVersion() {
        return structVersion;
    }

    /** VCEK hwID length: 64 bytes, or 8 on Turin (§6). */
    public int hwIdLength() {
        return hwIdLength;
    }

    /** True for the Turin TCB_VERSION layout with an FMC byte (§2.2). */
    public boolean hasFmc() {
        return this == TURIN;
    }

    public long arkSerial() {
        return arkSerial;
    }

    public long askSerial() {
        return askSerial;
    }

    public long asvkSerial() {
        return asvkSerial;
    }
}
