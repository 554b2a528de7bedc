package dev.rats.evidence.tdx;

/**
 * The intermediate CA that issued a PCK certificate. It selects the PCK CRL: Intel PCS
 * {@code /sgx/certification/v4/pckcrl?ca=processor|platform} follows the PCK leaf's issuer CN
 * (tdx.md §3.3; go-tdx-guest extractCaFromPckCert, dcap-qvl extract_fmspc_and_ca_with).
 */
public enum PckCaType {

    PLATFORM("Intel SGX PCK Platform CA", "platform"),
    PROCESSOR("Intel SGX PCK Processor CA", "processor");

    private final String commonName;
    private final String pcsName;

    PckCaType(String commonName, String pcsName) {
        this.commonName = commonName;
        this.pcsName = pcsName;
    }

    /** The CA's subject CN, which is the PCK leaf's issuer CN. */
    public String commonName() {
        return commonName;
    }

    /** The value of the PCS {@code ca} query parameter. */
    public String pcsName() {
        return pcsName;
    }
}
