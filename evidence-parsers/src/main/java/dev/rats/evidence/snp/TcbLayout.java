package dev.rats.evidence.snp;

/**
 * Byte layouts of the 8-byte TCB_VERSION (sev-snp.md §2.2; virtee/sev from_legacy_bytes /
 * from_turin_bytes; go-sev-guest PR #193).
 */
public enum TcbLayout {
    /** Milan and Genoa: BL at 0, TEE at 1, reserved 2..5, SNP at 6, microcode at 7. */
    MILAN_GENOA(-1, 0, 1, 6, 7),
    /** Turin: FMC at 0, BL at 1, TEE at 2, SNP at 3, reserved 4..6, microcode at 7. */
    TURIN(0, 1, 2, 3, 7);

    final int fmcOffset;
    final int bootloaderOffset;
    final int teeOffset;
    final int snpOffset;
    final int microcodeOffset;

    TcbLayout(int fmcOffset, int bootloaderOffset, int teeOffset, int snpOffset, int microcodeOffset) {
        this.fmcOffset = fmcOffset;
        this.bootloaderOffset = bootloaderOffset;
        this.teeOffset = teeOffset;
        this.snpOffset = snpOffset;
        this.microcodeOffset = microcodeOffset;
    }

    public boolean hasFmc() {
        return fmcOffset >= 0;
    }
}
