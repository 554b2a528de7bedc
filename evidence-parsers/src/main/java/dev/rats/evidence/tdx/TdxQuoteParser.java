package dev.rats.evidence.tdx;

import static dev.rats.evidence.binary.LittleEndian.u16;
import static dev.rats.evidence.binary.LittleEndian.u32;

import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.FailureCode;
import dev.rats.evidence.binary.Bytes;
import dev.rats.evidence.cache.VerificationCache;
import dev.rats.evidence.x509.CertificateDecoder;
import java.util.List;
import java.util.Optional;

/**
 * Parses Intel TDX quotes v4 and v5 strictly (Intel {@code sgx_quote_4.h} {@code sgx_quote4_t},
 * {@code sgx_quote_5.h} {@code sgx_quote5_t}; tdx.md §1 and §5 step 1). Every length field is
 * checked against the bytes it claims before anything is read, in {@code long} arithmetic, so
 * the parser is total: every input yields a {@link TdxQuote} or an {@link EvidenceException}.
 * Bytes after the signature data are counted, not rejected: they are unsigned and real quotes
 * carry them (tdx.md §1.4); the policy decides.
 */
public final class TdxQuoteParser {

    /** The v5 body descriptor: body type u16 and body size u32. spec: sgx_quote_5.h, tdx.md §1.3. */
    public static final int V5_DESCRIPTOR_LENGTH = 6;
    /** v4: header and TD report 1.0 are signed, 632 bytes. spec: tdx.md §1.2. */
    public static final int V4_SIGNED_LENGTH = TdxQuoteHeader.LENGTH + 584;

    /** signature (64), attestation key (64), certification data type (u16) and size (u32). spec: tdx.md §1.4. */
    static final int SIGNATURE_DATA_FIXED = 64 + 64 + 2 + 4;
    /** QE report (384), its signature (64) and the QE auth data size (u16). spec: tdx.md §1.4. */
    static final int QE_CERTIFICATION_FIXED = QeReport.LENGTH + 64 + 2;
    /** Inner certification data type (u16) and size (u32). */
    static final int CERTIFICATION_HEADER = 2 + 4;

    /**
     * The DER certificates of PCK chains already decoded, by their exact PEM bytes. Every quote of a
     * platform carries the same chain, and decoding its 3.6 KB of base64 is most of the cost of a parse
     * (BENCHMARKS.md, TDX section); the decoding is a pure function of these bytes and its result
     * (immutable {@link Bytes} in an immutable list) is shared safely. Shared instances also carry
     * their hash already, which makes the verified-chain lookup cheap. Only successful decodings are
     * stored; bounded (at most a few MB).
     */
    private static final VerificationCache<Bytes, List<Bytes>> DECODED_PCK_CHAINS = new VerificationCache<>(256);

    private TdxQuoteParser() {
    }

    public static TdxQuote parse(byte[] input) throws EvidenceException {
        if (input == null) {
            throw malformed("no quote");
        }
        return parse(Bytes.of(input));
    }

    public static TdxQuote parse(Bytes q) throws EvidenceException {
        int n = q.length();
        need(n, 0, TdxQuoteHeader.LENGTH, "the 48-byte quote header");
        TdxQuoteHeader header = header(q);

        TdReportType type;
        int bodyStart;
        if (header.version() == 4) {
            // spec: sgx_quote_4.h sgx_quote4_t: the report body follows the header directly
            type = TdReportType.TD_REPORT_1_0;
            bodyStart = TdxQuoteHeader.LENGTH;
        } else {
            // spec: sgx_quote_5.h sgx_quote5_t: body type u16 @48, size u32 @50, body @54 (tdx.md §1.3)
            need(n, TdxQuoteHeader.LENGTH, V5_DESCRIPTOR_LENGTH, "the v5 body descriptor");
            int bodyType = u16(q, 48);
            long size = u32(q, 50);
            Optional<TdReportType> t = TdReportType.fromBodyType(bodyType);
            if (t.isEmpty()) {
                throw new EvidenceException(FailureCode.TDX_BODY_TYPE,
                        "v5 body type " + bodyType + " is not a TD report 1.0 (2) or 1.5 (3)");
            }
            type = t.get();
            if (size != type.length()) {
                throw malformed("v5 body type " + bodyType + " is " + type.length() + " bytes, but its size field says " + size);
            }
            bodyStart = TdxQuoteHeader.LENGTH + V5_DESCRIPTOR_LENGTH;
        }
        need(n, bodyStart, type.length(), "the " + type + " body");
        TdReport body = body(q, bodyStart, type);

        // spec: tdx.md §1.2/§1.3: the signed range ends with the body; signature_data_len follows it
        int signedLength = bodyStart + type.length();
        need(n, signedLength, 4, "signature_data_len");
        long signatureDataLength = u32(q, signedLength);
        int signatureStart = signedLength + 4;
        need(n, signatureStart, signatureDataLength, "the signature data");
        int signatureEnd = signatureStart + (int) signatureDataLength;
        QuoteSignatureData signatureData = signatureData(q, signatureStart, signatureEnd);

        return new TdxQuote(q, header, body, q.slice(0, signedLength), signatureData, n - signatureEnd);
    }

    /** spec: sgx_quote_4.h sgx_quote4_header_t; tdx.md §1.1. */
    private static TdxQuoteHeader header(Bytes q) throws EvidenceException {
        int version = u16(q, 0);
        if (version != 4 && version != 5) {
            throw new EvidenceException(FailureCode.TDX_QUOTE_VERSION,
                    "quote version " + version + " is not a TDX quote version (4 or 5)");
        }
        int keyType = u16(q, 2);
        if (keyType != TdxQuoteHeader.ECDSA_P256) {
            throw new EvidenceException(FailureCode.TDX_ATTESTATION_KEY_TYPE,
                    "att_key_type " + keyType + " is not 2 (ECDSA-256-with-P-256)");
        }
        long teeType = u32(q, 4);
        if (teeType != TdxQuoteHeader.TEE_TYPE_TDX) {
            throw new EvidenceException(FailureCode.TDX_TEE_TYPE,
                    String.format("tee_type 0x%08X is not TDX (0x00000081)", teeType));
        }
        return new TdxQuoteHeader(q.slice(0, TdxQuoteHeader.LENGTH), version, keyType, teeType,
                q.slice(8, 4), q.slice(12, 16), q.slice(28, 20));
    }

    /** spec: sgx_report2_body_t and sgx_report2_body_v1_5_t; offsets relative to the body, tdx.md §1.2, §1.3. */
    private static TdReport body(Bytes q, int at, TdReportType type) {
        boolean v15 = type == TdReportType.TD_REPORT_1_5;
        return new TdReport(
                q.slice(at, type.length()),
                type,
                q.slice(at, 16),            // TEE_TCB_SVN
                q.slice(at + 16, 48),       // MRSEAM
                q.slice(at + 64, 48),       // MRSIGNERSEAM
                q.slice(at + 112, 8),       // SEAMATTRIBUTES
                new TdAttributes(q.slice(at + 120, 8)),
                q.slice(at + 128, 8),       // XFAM
                q.slice(at + 136, 48),      // MRTD
                q.slice(at + 184, 48),      // MRCONFIGID
                q.slice(at + 232, 48),      // MROWNER
                q.slice(at + 280, 48),      // MROWNERCONFIG
                List.of(q.slice(at + 328, 48), q.slice(at + 376, 48), q.slice(at + 424, 48), q.slice(at + 472, 48)),
                q.slice(at + 520, 64),      // REPORTDATA
                v15 ? Optional.of(q.slice(at + 584, 16)) : Optional.empty(),  // TEE_TCB_SVN2
                v15 ? Optional.of(q.slice(at + 600, 48)) : Optional.empty()); // MRSERVICETD
    }

    /**
     * spec: sgx_ecdsa_sig_data_v4_t (tdx.md §1.4): signature, attestation key, then certification
     * data of type 6 whose declared size must fill the signature data exactly (Intel QVL: "the
     * parsed certification-data size equals the declared size", tdx.md §2 step 6).
     */
    private static QuoteSignatureData signatureData(Bytes q, int start, int end) throws EvidenceException {
        need(end, start, SIGNATURE_DATA_FIXED, "the fixed part of the signature data");
        Bytes signature = q.slice(start, 64);
        Bytes attestationKey = q.slice(start + 64, 64);
        int certificationType = u16(q, start + 128);
        if (certificationType != QuoteSignatureData.QE_REPORT_CERTIFICATION_DATA) {
            throw new EvidenceException(FailureCode.TDX_CERTIFICATION_DATA,
                    "certification data type " + certificationType + " is not 6 (QE report certification data)");
        }
        long certificationSize = u32(q, start + 130);
        int certificationStart = start + SIGNATURE_DATA_FIXED;
        exact(certificationSize, end - certificationStart, "QE report certification data");

        // spec: tdx.md §1.4: QE report, QE report signature, QE auth data, nested certification data
        need(end, certificationStart, QE_CERTIFICATION_FIXED, "the QE report and its signature");
        QeReport qeReport = qeReport(q.slice(certificationStart, QeReport.LENGTH));
        Bytes qeReportSignature = q.slice(certificationStart + QeReport.LENGTH, 64);
        int authLength = u16(q, certificationStart + QeReport.LENGTH + 64);
        int authStart = certificationStart + QE_CERTIFICATION_FIXED;
        need(end, authStart, authLength, "the QE authentication data");
        Bytes authData = q.slice(authStart, authLength);

        int innerStart = authStart + authLength;
        need(end, innerStart, CERTIFICATION_HEADER, "the PCK certification data header");
        int innerType = u16(q, innerStart);
        if (innerType != QuoteSignatureData.PCK_CERT_CHAIN) {
            throw new EvidenceException(FailureCode.TDX_CERTIFICATION_DATA,
                    "nested certification data type " + innerType + " is not 5 (PCK certificate chain)");
        }
        long innerSize = u32(q, innerStart + 2);
        int pemStart = innerStart + CERTIFICATION_HEADER;
        exact(innerSize, end - pemStart, "PCK certificate chain");
        Bytes pem = q.slice(pemStart, end - pemStart);
        if (pem.length() > 0 && pem.unsignedByte(0) == 0x30) {
            // type 5 is PEM text (dcap-qvl constants.rs); DER belongs to no certification data type here
            throw new EvidenceException(FailureCode.TDX_CERTIFICATION_DATA, "the PCK certificate chain is not PEM");
        }
        List<Bytes> chain = DECODED_PCK_CHAINS.get(pem, () -> CertificateDecoder.derCertificates(pem.toByteArray()));
        return new QuoteSignatureData(end - start, signature, attestationKey, qeReport, qeReportSignature, authData,
                pem, chain);
    }

    /** spec: sgx_report_body_t offsets (tdx.md §1.4 QE report row). */
    private static QeReport qeReport(Bytes r) {
        return new QeReport(r, r.slice(0, 16), u32(r, 16), r.slice(48, 16), r.slice(64, 32), r.slice(128, 32),
                u16(r, 256), u16(r, 258), r.slice(320, 64));
    }

    /** {@code [offset, offset + length)} must lie within {@code [0, end)}; long arithmetic cannot overflow here. */
    private static void need(int end, long offset, long length, String what) throws EvidenceException {
        if (offset + length > end) {
            throw malformed("truncated: " + what + " needs " + length + " bytes at offset " + offset + ", but only "
                    + Math.max(0, end - offset) + " remain");
        }
    }

    private static void exact(long declared, int actual, String what) throws EvidenceException {
        if (declared != actual) {
            throw malformed("the " + what + " declares " + declared + " bytes where the enclosing data leaves " + actual);
        }
    }

    private static EvidenceException malformed(String detail) {
        return new EvidenceException(FailureCode.TDX_QUOTE_MALFORMED, detail);
    }
}
