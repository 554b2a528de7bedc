package dev.rats.evidence.snp;

/**
 * The guest POLICY (u64 at report offset 0x008). spec: AMD SEV-SNP ABI Table 9 "Guest Policy
 * Structure"; go-sev-guest ParseSnpPolicy; sev-snp.md §2.3.
 */
public record GuestPolicy(long raw) {

    static final long RESERVED_MUST_BE_ONE = 1L << 17;
    static final long MUST_BE_ZERO = ~((1L << 26) - 1);

    public int abiMinor() {
        return (int) (raw & 0xFF);
    }

    public int abiMajor() {
        return (int) (raw >>> 8 & 0xFF);
    }

    public boolean smtAllowed() {
        return bit(16);
    }

    public boolean migrateMaAllowed() {
        return bit(18);
    }

    public boolean debugAllowed() {
        return bit(19);
    }

    public boolean singleSocketRequired() {
        return bit(20);
    }

    public boolean cxlAllowed() {
        return bit(21);
    }

    public boolean memAes256XtsRequired() {
        return bit(22);
    }

    public boolean raplDisabled() {
        return bit(23);
    }

    public boolean ciphertextHidingRequired() {
        return bit(24);
    }

    /** v5 reports only. */
    public boolean pageSwapDisabled() {
        return bit(25);
    }

    private boolean bit(int n) {
        return (raw >>> n & 1) == 1;
    }
}
