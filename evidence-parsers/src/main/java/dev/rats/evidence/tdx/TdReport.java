package dev.rats.evidence.tdx;

import dev.rats.evidence.binary.Bytes;
import dev.rats.evidence.binary.LittleEndian;
import java.util.List;
import java.util.Optional;

/**
 * The TD quote body: Intel {@code sgx_report2_body_t} (TD report 1.0, 584 bytes) or
 * {@code sgx_report2_body_v1_5_t} (TD report 1.5, 648 bytes) from {@code sgx_quote_4.h} /
 * {@code sgx_quote_5.h}; tdx.md §1.2 and §1.3. Field names follow Intel's headers. Produced only
 * by {@link TdxQuoteParser}; nothing here is verified or appraised yet.
 *
 * @param raw the body bytes as received
 * @param type the layout: always 1.0 for v4, from the body type for v5
 * @param teeTcbSvn TEE_TCB_SVN (16): [0] TDX module minor SVN, [1] module major version, [2] late
 *        microcode SVN (tdx.md §1.2)
 * @param mrSeam MRSEAM (48)
 * @param mrSignerSeam MRSIGNERSEAM (48), all zero for Intel's modules
 * @param seamAttributes SEAMATTRIBUTES (8), must be zero for TDX 1.0 (checked against TCB Info)
 * @param tdAttributes TDATTRIBUTES
 * @param xfam XFAM (8)
 * @param mrTd MRTD (48)
 * @param mrConfigId MRCONFIGID (48)
 * @param mrOwner MROWNER (48)
 * @param mrOwnerConfig MROWNERCONFIG (48)
 * @param rtmrs RTMR0..RTMR3 (48 each)
 * @param reportData REPORTDATA (64)
 * @param teeTcbSvn2 TEE_TCB_SVN2 (16), TD report 1.5 only
 * @param mrServiceTd MRSERVICETD (48), TD report 1.5 only
 */
public record TdReport(
        Bytes raw,
        TdReportType type,
        Bytes teeTcbSvn,
        Bytes mrSeam,
        Bytes mrSignerSeam,
        Bytes seamAttributes,
        TdAttributes tdAttributes,
        Bytes xfam,
        Bytes mrTd,
        Bytes mrConfigId,
        Bytes mrOwner,
        Bytes mrOwnerConfig,
        List<Bytes> rtmrs,
        Bytes reportData,
        Optional<Bytes> teeTcbSvn2,
        Optional<Bytes> mrServiceTd) {

    public TdReport {
        rtmrs = List.copyOf(rtmrs);
    }

    /** RTMR{@code index}, 0..3. */
    public Bytes rtmr(int index) {
        return rtmrs.get(index);
    }

    /** XFAM as a little-endian u64. */
    public long xfamValue() {
        return LittleEndian.u64(xfam, 0);
    }

    /** TEE_TCB_SVN[1]: the TDX module major version; 0 means no module identity applies (tdx.md §2 step 7). */
    public int tdxModuleMajorVersion() {
        return teeTcbSvn.unsignedByte(1);
    }
}
