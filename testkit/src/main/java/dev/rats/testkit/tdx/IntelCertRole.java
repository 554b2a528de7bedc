package dev.rats.testkit.tdx;

/**
 * The certificates of the Intel SGX/TDX PKI (tdx.md §3.1, §3.4): the self-signed root, the two PCK
 * intermediate CAs, one PCK leaf under each intermediate, and the collateral-signing certificate.
 */
public enum IntelCertRole {
    /** "Intel SGX Root CA", self-signed, pathLen 1. */
    ROOT_CA("Intel SGX Root CA"),
    /** "Intel SGX PCK Platform CA" (the CA of the PCKs in real TDX quotes). */
    PLATFORM_CA("Intel SGX PCK Platform CA"),
    /** "Intel SGX PCK Processor CA". */
    PROCESSOR_CA("Intel SGX PCK Processor CA"),
    /** "Intel SGX PCK Certificate" issued by the Platform CA (carries the Platform-CA-only extensions .6/.7). */
    PCK_PLATFORM("Intel SGX PCK Certificate"),
    /** "Intel SGX PCK Certificate" issued by the Processor CA. */
    PCK_PROCESSOR("Intel SGX PCK Certificate"),
    /** "Intel SGX TCB Signing": signs TCB Info and QE Identity. */
    TCB_SIGNING("Intel SGX TCB Signing");

    private final String commonName;

    IntelCertRole(String commonName) {
        this.commonName = commonName;
    }

    /** The subject CN of the real certificate. */
    public String commonName() {
        return commonName;
    }

    /** The role that issues this certificate (the root issues itself). */
    public IntelCertRole issuer() {
        return switch (this) {
            case ROOT_CA, PLATFORM_CA, PROCESSOR_CA, TCB_SIGNING -> ROOT_CA;
            case PCK_PLATFORM -> PLATFORM_CA;
            case PCK_PROCESSOR -> PROCESSOR_CA;
        };
    }

    public boolean isPck() {
        return this == PCK_PLATFORM || this == PCK_PROCESSOR;
    }

    /** The PCS {@code ca=} value of a PCK intermediate or leaf: "platform" or "processor". */
    public String pcsCaType() {
        return switch (this) {
            case PLATFORM_CA, PCK_PLATFORM -> "platform";
            case PROCESSOR_CA, PCK_PROCESSOR -> "processor";
            default -> throw new IllegalArgumentException(this + " is not a PCK CA or leaf");
        };
    }
}
