package dev.rats.evidence.tdx.collateral;

import dev.rats.evidence.binary.Bytes;
import java.time.Instant;
import java.util.List;

/**
 * The TD quoting enclave's identity (tdx.md §3.2; Intel PCS {@code GET /tdx/certification/v4/qe/identity};
 * Intel QVL {@code EnclaveIdentityV2.cpp}). Parsed from the exact signed bytes; untrusted until
 * {@link TdxCollateralVerifier} checked the signature, id ("TD_QE") and version (2).
 *
 * @param id "TD_QE" (SGX: "QE")
 * @param version 2
 * @param issueDate issueDate
 * @param nextUpdate nextUpdate
 * @param tcbEvaluationDataNumber tcbEvaluationDataNumber
 * @param miscselect MISCSELECT: the 4 bytes of hex read as a big-endian u32 (Intel QVL reads the
 *        hex string as a number), compared with the QE report's MISCSELECT value
 * @param miscselectMask mask for MISCSELECT, read like {@code miscselect}
 * @param attributes ATTRIBUTES, 16 bytes in QE report byte order
 * @param attributesMask mask for ATTRIBUTES, 16 bytes
 * @param mrSigner MRSIGNER, 32 bytes
 * @param isvProdId ISVPRODID
 * @param tcbLevels levels keyed by ISVSVN, as served (Intel sorts them descending)
 */
public record QeIdentity(String id, int version, Instant issueDate, Instant nextUpdate, long tcbEvaluationDataNumber,
        long miscselect, long miscselectMask, Bytes attributes, Bytes attributesMask, Bytes mrSigner, int isvProdId,
        List<IsvTcbLevel> tcbLevels) {

    /** tdx.md §2 step 10: QE Identity for TDX has id "TD_QE". */
    public static final String TD_QE_ID = "TD_QE";
    /** tdx.md §2 step 10: version 2 (v1 is invalid for TDX). */
    public static final int TD_QE_VERSION = 2;

    public QeIdentity {
        tcbLevels = List.copyOf(tcbLevels);
    }
}
