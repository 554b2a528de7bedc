package dev.rats.evidence.tdx;

import dev.rats.evidence.binary.Bytes;

/**
 * The 48-byte quote header, identical in v4 and v5 (Intel {@code sgx_quote4_header_t} in
 * {@code sgx_quote_4.h}; tdx.md §1.1). Produced only by {@link TdxQuoteParser}, which has checked
 * version, attestation key type and TEE type; the QE vendor ID is checked by the verifier.
 *
 * @param version {@code version}: 4 or 5
 * @param attestationKeyType {@code att_key_type}: 2 = ECDSA-256-with-P-256
 * @param teeType {@code tee_type}: 0x81 = TDX
 * @param reserved bytes 8..11, Intel's {@code reserved}; other tools read QE/PCE SVNs there with
 *        conflicting layouts and real quotes carry zeros (tdx.md §1.1, §8), so they are kept raw and
 *        not interpreted
 * @param qeVendorId {@code qe_vendor_id}, 16 bytes; Intel's QE is {@link #INTEL_QE_VENDOR_ID}
 * @param userData {@code user_data}, 20 bytes (the first 16 are the QE ID in practice)
 */
public record TdxQuoteHeader(
        Bytes raw,
        int version,
        int attestationKeyType,
        long teeType,
        Bytes reserved,
        Bytes qeVendorId,
        Bytes userData) {

    /** The header length. spec: sgx_quote_4.h {@code sgx_quote4_header_t}. */
    public static final int LENGTH = 48;

    /** Intel's quoting enclave: {@code 939A7233-F79C-4CA9-940A-0DB3957F0607} (dcap-qvl INTEL_QE_VENDOR_ID). */
    public static final Bytes INTEL_QE_VENDOR_ID = Bytes.fromHex("939A7233F79C4CA9940A0DB3957F0607");

    /** {@code att_key_type} 2: ECDSA-256-with-P-256 curve (dcap-qvl constants.rs ATTESTATION_KEY_TYPE_ECDSA256_WITH_P256_CURVE). */
    public static final int ECDSA_P256 = 2;

    /** {@code tee_type} 0x81: TDX (SGX is 0). */
    public static final long TEE_TYPE_TDX = 0x81;
}
