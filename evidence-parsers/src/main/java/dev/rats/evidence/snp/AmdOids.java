package dev.rats.evidence.snp;

/**
 * AMD's VCEK/VLEK extension OIDs, prefix 1.3.6.1.4.1.3704.1. spec: AMD 57230 "VCEK Certificate and
 * KDS Interface Specification" Table 8; go-sev-guest kds/kds.go; sev-snp.md §3.2.
 */
final class AmdOids {

    static final String PREFIX = "1.3.6.1.4.1.3704.1.";
    static final String STRUCT_VERSION = PREFIX + "1";
    static final String PRODUCT_NAME = PREFIX + "2";
    static final String BL_SPL = PREFIX + "3.1";
    static final String TEE_SPL = PREFIX + "3.2";
    static final String SNP_SPL = PREFIX + "3.3";
    static final String SPL_4 = PREFIX + "3.4";
    static final String SPL_5 = PREFIX + "3.5";
    static final String SPL_6 = PREFIX + "3.6";
    static final String SPL_7 = PREFIX + "3.7";
    static final String UCODE_SPL = PREFIX + "3.8";
    static final String FMC_SPL = PREFIX + "3.9";
    static final String HW_ID = PREFIX + "4";
    static final String CSP_ID = PREFIX + "5";
    /** AuthorityKeyIdentifier is the one non-AMD extension go-sev-guest tolerates on a V[CL]EK. */
    static final String AUTHORITY_KEY_IDENTIFIER = "2.5.29.35";

    private AmdOids() {
    }
}
