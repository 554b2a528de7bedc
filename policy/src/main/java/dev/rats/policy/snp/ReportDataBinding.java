package dev.rats.policy.snp;

import dev.rats.evidence.binary.Bytes;

/**
 * How an expected value binds to the 64-byte REPORT_DATA (SEV-SNP ABI Table 21, 0x050), and the
 * same way to a TDX quote's 64-byte REPORTDATA (tdx.md §1.2): a value of up to 64 bytes appears
 * verbatim at offset 0, followed by zero bytes up to 64.
 */
public final class ReportDataBinding {

    public static final int LENGTH = 64;

    private ReportDataBinding() {
    }

    /** The REPORT_DATA that carries {@code value} verbatim, zero-padded; rejects values over 64 bytes. */
    public static Bytes verbatim(Bytes value) {
        if (value.length() > LENGTH) {
            throw new IllegalArgumentException("REPORT_DATA holds at most 64 bytes, got " + value.length());
        }
        byte[] out = new byte[LENGTH];
        System.arraycopy(value.toByteArray(), 0, out, 0, value.length());
        return Bytes.of(out);
    }
}
