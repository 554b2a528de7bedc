package dev.rats.evidence.tdx;

import dev.rats.evidence.binary.Bytes;
import java.util.List;

/**
 * The quote's signature data, Intel {@code sgx_ecdsa_sig_data_v4_t} with QE report certification
 * data (type 6) that nests a PEM PCK certificate chain (type 5); tdx.md §1.4. Nothing here is
 * verified: {@link TdxQuoteVerifier} checks the chain, both signatures and the QE report binding.
 *
 * @param length {@code signature_data_len}: the bytes that follow the signed range and the length field
 * @param signature the quote signature, ECDSA P-256 {@code r‖s} (64, big-endian) over the signed bytes
 * @param attestationKey the attestation public key {@code x‖y} (64, big-endian, no 0x04 prefix)
 * @param qeReport the QE report (384 bytes)
 * @param qeReportSignature the QE report signature {@code r‖s} (64) by the PCK leaf key
 * @param qeAuthData the QE authentication data (32 bytes in real quotes)
 * @param pckChainPem the type-5 certification data as received: PEM PCK leaf, intermediate and root
 * @param pckChain the DER certificates of {@code pckChainPem}, in order; untrusted
 */
public record QuoteSignatureData(
        long length,
        Bytes signature,
        Bytes attestationKey,
        QeReport qeReport,
        Bytes qeReportSignature,
        Bytes qeAuthData,
        Bytes pckChainPem,
        List<Bytes> pckChain) {

    /** Certification data type 6: QE report certification data (go-tdx-guest qeReportCertificationDataType). */
    public static final int QE_REPORT_CERTIFICATION_DATA = 6;
    /** Certification data type 5: concatenated PEM PCK leaf, intermediate CA and root CA (dcap-qvl constants.rs). */
    public static final int PCK_CERT_CHAIN = 5;

    public QuoteSignatureData {
        pckChain = List.copyOf(pckChain);
    }
}
