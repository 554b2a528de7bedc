package dev.rats.testkit.tdx;

/**
 * Offsets and sizes of TDX DCAP quotes v4 and v5 (tdx.md §1). Quote integers are little-endian;
 * signatures and public keys are raw big-endian {@code r‖s} and {@code x‖y}. Header offsets are
 * quote offsets; body offsets are relative to the body start ({@link #bodyOffset}); signature-data,
 * certification-data and QE-report offsets are relative to the start of their structure.
 */
public final class TdxQuoteLayout {

    // --- header (tdx.md §1.1), 48 bytes, identical for v4 and v5
    public static final int HEADER_SIZE = 48;
    /** u16: 4 or 5. */
    public static final int VERSION = 0;
    /** u16: 2 = ECDSA-256-with-P-256. */
    public static final int ATT_KEY_TYPE = 2;
    /** u32: 0x81 = TDX. */
    public static final int TEE_TYPE = 4;
    /** 4 bytes, zero in real quotes (named qe_svn/pce_svn by some peers). */
    public static final int RESERVED = 8;
    public static final int QE_VENDOR_ID = 12;
    public static final int QE_VENDOR_ID_SIZE = 16;
    public static final int USER_DATA = 28;
    public static final int USER_DATA_SIZE = 20;

    // --- v5 body descriptor (tdx.md §1.3)
    /** v5: u16 body type (1 SGX, 2 TD 1.0, 3 TD 1.5). */
    public static final int V5_BODY_TYPE = 48;
    /** v5: u32 body size. */
    public static final int V5_BODY_SIZE = 50;
    /** Size of the v5 body type + body size descriptor, which is signed. */
    public static final int V5_DESCRIPTOR_SIZE = 6;

    public static final int BODY_TYPE_SGX = 1;
    public static final int BODY_TYPE_TD10 = 2;
    public static final int BODY_TYPE_TD15 = 3;

    // --- TD report body, relative to the body start (tdx.md §1.2, §1.3)
    public static final int TEE_TCB_SVN = 0;
    public static final int TEE_TCB_SVN_SIZE = 16;
    public static final int MRSEAM = 16;
    public static final int MRSIGNERSEAM = 64;
    public static final int SEAM_ATTRIBUTES = 112;
    public static final int TD_ATTRIBUTES = 120;
    public static final int XFAM = 128;
    public static final int MRTD = 136;
    public static final int MRCONFIGID = 184;
    public static final int MROWNER = 232;
    public static final int MROWNERCONFIG = 280;
    /** RTMR0; RTMRi is at {@code RTMR0 + i * MEASUREMENT_SIZE}. */
    public static final int RTMR0 = 328;
    public static final int REPORT_DATA = 520;
    public static final int REPORT_DATA_SIZE = 64;
    /** TD 1.5 only. */
    public static final int TEE_TCB_SVN2 = 584;
    /** TD 1.5 only. */
    public static final int MRSERVICETD = 600;
    /** Size of MRSEAM, MRSIGNERSEAM, MRTD, MRCONFIGID, MROWNER, MROWNERCONFIG, RTMRs, MRSERVICETD. */
    public static final int MEASUREMENT_SIZE = 48;
    /** Size of SEAMATTRIBUTES, TDATTRIBUTES and XFAM. */
    public static final int ATTRIBUTES_SIZE = 8;
    public static final int BODY_SIZE_TD10 = 584;
    public static final int BODY_SIZE_TD15 = 648;
    public static final int BODY_SIZE_SGX = 384;

    // --- signature data (sgx_ecdsa_sig_data_v4_t, tdx.md §1.4), relative to its start
    public static final int SIG_QUOTE_SIGNATURE = 0;
    public static final int SIG_ATTESTATION_KEY = 64;
    public static final int SIG_CERT_DATA_TYPE = 128;
    public static final int SIG_CERT_DATA_SIZE = 130;
    public static final int SIG_CERT_DATA = 134;
    /** Raw r‖s of a P-256 signature, and raw x‖y of a P-256 public key. */
    public static final int ECDSA_P256_SIZE = 64;

    public static final int CERT_TYPE_PCK_CHAIN = 5;
    public static final int CERT_TYPE_QE_REPORT = 6;

    // --- QE report certification data (type 6), relative to the certification data start
    public static final int QE_REPORT = 0;
    public static final int QE_REPORT_SIGNATURE = 384;
    public static final int QE_AUTH_DATA_SIZE = 448;
    public static final int QE_AUTH_DATA = 450;

    // --- QE report = SGX REPORT body (384 bytes), relative to the QE report start
    public static final int QE_REPORT_SIZE = 384;
    public static final int QE_CPUSVN = 0;
    public static final int QE_MISCSELECT = 16;
    public static final int QE_ISVEXTPRODID = 32;
    public static final int QE_ATTRIBUTES = 48;
    public static final int QE_MRENCLAVE = 64;
    public static final int QE_MRSIGNER = 128;
    public static final int QE_CONFIGID = 192;
    public static final int QE_ISVPRODID = 256;
    public static final int QE_ISVSVN = 258;
    public static final int QE_CONFIGSVN = 260;
    public static final int QE_ISVFAMILYID = 304;
    public static final int QE_REPORT_DATA = 320;

    private TdxQuoteLayout() {
    }

    /** Quote offset of the body: 48 for v4, 54 for v5 (after the 6-byte descriptor). */
    public static int bodyOffset(int version) {
        return version >= 5 ? HEADER_SIZE + V5_DESCRIPTOR_SIZE : HEADER_SIZE;
    }

    /** Body size of a v5 body type (TD 1.5: 648, SGX: 384, otherwise TD 1.0: 584). */
    public static int bodySize(int bodyType) {
        return switch (bodyType) {
            case BODY_TYPE_TD15 -> BODY_SIZE_TD15;
            case BODY_TYPE_SGX -> BODY_SIZE_SGX;
            default -> BODY_SIZE_TD10;
        };
    }

    /**
     * Length of the signed prefix (tdx.md §1.2, §1.3): v4 = header + body = 632; v5 = header + 6-byte
     * descriptor + body (702 for TD 1.5).
     */
    public static int signedLength(int version, int bodySize) {
        return bodyOffset(version) + bodySize;
    }

    /** Quote offset of the u32 signature-data length (= the signed length). */
    public static int signatureDataLengthOffset(int version, int bodySize) {
        return signedLength(version, bodySize);
    }

    /** Quote offset of the signature data. */
    public static int signatureDataOffset(int version, int bodySize) {
        return signedLength(version, bodySize) + 4;
    }

    /** Quote offset of the QE report (inside certification data type 6). */
    public static int qeReportOffset(int version, int bodySize) {
        return signatureDataOffset(version, bodySize) + SIG_CERT_DATA + QE_REPORT;
    }
}
