package dev.rats.evidence.tdx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.FailureCode;
import dev.rats.evidence.binary.Bytes;
import java.security.MessageDigest;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** Intel QVL 4.1.2.4.13 plus go-tdx-guest's zero upper half (tdx.md §2 step 9), on real and synthetic values. */
class QeReportBindingTest {

    private static FailureCode code(ThrowingCallable call) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(call);
        assertThat(t).as("expected an EvidenceException").isInstanceOf(EvidenceException.class);
        return ((EvidenceException) t).code();
    }

    private static Bytes reportData(Bytes key, Bytes auth, byte upperFill) throws Exception {
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        d.update(key.toByteArray());
        d.update(auth.toByteArray());
        byte[] out = new byte[64];
        System.arraycopy(d.digest(), 0, out, 0, 32);
        java.util.Arrays.fill(out, 32, 64, upperFill);
        return Bytes.of(out);
    }

    @Test
    void realQuotesAreBound() throws EvidenceException {
        for (byte[] raw : java.util.List.of(TdxVectors.dcapQuote(), TdxVectors.goQuote())) {
            QuoteSignatureData sd = TdxQuoteParser.parse(raw).signatureData();
            QeReportBinding.check(sd.attestationKey(), sd.qeAuthData(), sd.qeReport().reportData());
        }
    }

    @Test
    void theHashMustCoverKeyAndAuthData() throws Exception {
        Bytes key = Bytes.fromHex("11".repeat(64));
        Bytes auth = Bytes.fromHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
        Bytes good = reportData(key, auth, (byte) 0);
        QeReportBinding.check(key, auth, good);
        QeReportBinding.check(key, Bytes.empty(), reportData(key, Bytes.empty(), (byte) 0));

        assertThat(code(() -> QeReportBinding.check(Bytes.fromHex("12" + "11".repeat(63)), auth, good)))
                .isEqualTo(FailureCode.TDX_QE_REPORT_DATA);
        assertThat(code(() -> QeReportBinding.check(key, auth.slice(0, 31), good))).isEqualTo(FailureCode.TDX_QE_REPORT_DATA);
        // the hash alone, without the authentication data
        assertThat(code(() -> QeReportBinding.check(key, auth, reportData(key, Bytes.empty(), (byte) 0))))
                .isEqualTo(FailureCode.TDX_QE_REPORT_DATA);
    }

    @Test
    void theUpperHalfMustBeZero() throws Exception {
        Bytes key = Bytes.fromHex("22".repeat(64));
        Bytes auth = Bytes.fromHex("33".repeat(32));
        assertThat(code(() -> QeReportBinding.check(key, auth, reportData(key, auth, (byte) 1))))
                .isEqualTo(FailureCode.TDX_QE_REPORT_DATA);
        byte[] oneBit = reportData(key, auth, (byte) 0).toByteArray();
        oneBit[63] = 1;
        assertThat(code(() -> QeReportBinding.check(key, auth, Bytes.of(oneBit)))).isEqualTo(FailureCode.TDX_QE_REPORT_DATA);
    }
}
