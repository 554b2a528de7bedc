package dev.rats.evidence.snp;

/**
 * PLATFORM_INFO (u64 at report offset 0x040). spec: AMD SEV-SNP ABI Table 23; sev-snp.md §2.3.
 * Bits this verifier does not know are kept, reported as claims and judged by the policy: a real
 * Turin report sets bit 6, which go-sev-guest wrongly rejects.
 */
public record PlatformInfo(long raw) {

    /** Bits 0..5 and 7 have published meanings. */
    static final long KNOWN_BITS = 0b1011_1111L;

    public boolean smtEnabled() {
        return bit(0);
    }

    public boolean tsmeEnabled() {
        return bit(1);
    }

    public boolean eccEnabled() {
        return bit(2);
    }

    public boolean raplDisabled() {
        return bit(3);
    }

    public boolean ciphertextHidingEnabled() {
        return bit(4);
    }

    /** v3+: BadRAM mitigation (AMD-SB-3015). */
    public boolean aliasCheckComplete() {
        return bit(5);
    }

    /** v5: SEV-TIO. */
    public boolean tioEnabled() {
        return bit(7);
    }

    /** Set bits without a published meaning (bit 6 and bits 8..63). */
    public long unknownBits() {
        return raw & ~KNOWN_BITS;
    }

    private boolean bit(int n) {
        return (raw >>> n & 1) == 1;
    }
}
