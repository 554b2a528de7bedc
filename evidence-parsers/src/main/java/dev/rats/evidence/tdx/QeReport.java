package dev.rats.evidence.tdx;

import dev.rats.evidence.binary.Bytes;

/**
 * The quoting enclave's SGX report body, 384 bytes, at the start of the QE report certification
 * data (Intel {@code sgx_report_body_t}; tdx.md §1.4). Its signature by the PCK key and the binding
 * of its REPORTDATA to the attestation key are checked by {@link TdxQuoteVerifier}; MISCSELECT,
 * ATTRIBUTES, MRSIGNER, ISVPRODID and ISVSVN are compared with Intel's QE Identity later.
 *
 * @param raw the 384 bytes as received: the QE report signature covers exactly these
 * @param cpuSvn CPUSVN (16) at offset 0
 * @param miscSelect MISCSELECT, u32 at 16
 * @param attributes ATTRIBUTES (16) at 48
 * @param mrEnclave MRENCLAVE (32) at 64
 * @param mrSigner MRSIGNER (32) at 128
 * @param isvProdId ISVPRODID, u16 at 256
 * @param isvSvn ISVSVN, u16 at 258
 * @param reportData REPORTDATA (64) at 320
 */
public record QeReport(
        Bytes raw,
        Bytes cpuSvn,
        long miscSelect,
        Bytes attributes,
        Bytes mrEnclave,
        Bytes mrSigner,
        int isvProdId,
        int isvSvn,
        Bytes reportData) {

    /** spec: sgx_report.h {@code sgx_report_body_t} is 384 bytes. */
    public static final int LENGTH = 384;
}
