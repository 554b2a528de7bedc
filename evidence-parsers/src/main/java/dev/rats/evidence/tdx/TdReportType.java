package dev.rats.evidence.tdx;

import java.util.Optional;

/**
 * The layouts of a TD quote body (tdx.md §1.2, §1.3). A v4 quote always carries a TD report 1.0; a
 * v5 quote names its body in the 2-byte body type of the {@code sgx_quote5_t} descriptor, which is
 * the only way to choose the layout (never guess by size, tdx.md §7.3).
 */
public enum TdReportType {

    /** {@code sgx_report2_body_t}, 584 bytes; v5 body type 2. */
    TD_REPORT_1_0(2, 584),
    /** {@code sgx_report2_body_v1_5_t}, 648 bytes: 1.0 plus TEE_TCB_SVN2 and MRSERVICETD; v5 body type 3. */
    TD_REPORT_1_5(3, 648);

    private final int bodyType;
    private final int length;

    TdReportType(int bodyType, int length) {
        this.bodyType = bodyType;
        this.length = length;
    }

    /** The v5 body type value (sgx_quote_5.h: 1 = SGX enclave report, 2 = TD report 1.0, 3 = TD report 1.5). */
    public int bodyType() {
        return bodyType;
    }

    /** The body length in bytes. */
    public int length() {
        return length;
    }

    /** The TD layout of a v5 body type; empty for the SGX enclave report (1) and unknown types. */
    public static Optional<TdReportType> fromBodyType(int type) {
        for (TdReportType t : values()) {
            if (t.bodyType == type) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
