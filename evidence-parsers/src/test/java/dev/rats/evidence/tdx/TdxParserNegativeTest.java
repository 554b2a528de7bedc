package dev.rats.evidence.tdx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.FailureCode;
import dev.rats.evidence.binary.Bytes;
import dev.rats.testkit.Mutations;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * Parse-level checks by byte edits of the real dcap-qvl quote (no re-signing needed): header
 * fields, the v5 body descriptor, every length field and the certification data types.
 */
class TdxParserNegativeTest {

    /** Offsets in the dcap-qvl quote (tdx.md §1.2, §1.4). */
    static final int SIGNATURE_DATA_LEN = 632;
    static final int CERTIFICATION_TYPE = 636 + 128;
    static final int CERTIFICATION_SIZE = 636 + 130;
    static final int QE_REPORT = 636 + 134;
    static final int AUTH_LEN = QE_REPORT + 448;
    static final int INNER_TYPE = AUTH_LEN + 2 + 32;
    static final int INNER_SIZE = INNER_TYPE + 2;
    static final int PEM = INNER_SIZE + 4;

    private static FailureCode code(ThrowingCallable call) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(call);
        assertThat(t).as("expected an EvidenceException").isInstanceOf(EvidenceException.class);
        return ((EvidenceException) t).code();
    }

    private static FailureCode parse(byte[] quote) {
        return code(() -> TdxQuoteParser.parse(quote));
    }

    private static byte[] le32(byte[] in, int offset, long value) {
        return Mutations.setRange(in, offset, QuoteSurgery.u32(value));
    }

    private static byte[] le16(byte[] in, int offset, int value) {
        return Mutations.setRange(in, offset, QuoteSurgery.u16(value));
    }

    @Test
    void theOffsetsAboveMatchTheRealQuote() throws EvidenceException {
        byte[] q = TdxVectors.dcapQuote();
        TdxQuote parsed = TdxQuoteParser.parse(q);
        assertThat(Bytes.of(q, QE_REPORT, 384)).isEqualTo(parsed.signatureData().qeReport().raw());
        assertThat(new String(q, PEM, 27, StandardCharsets.US_ASCII)).isEqualTo("-----BEGIN CERTIFICATE-----");
    }

    @Test
    void headerFieldsAreChecked() {
        byte[] q = TdxVectors.dcapQuote();
        assertThat(parse(le16(q, 0, 3))).isEqualTo(FailureCode.TDX_QUOTE_VERSION);
        assertThat(parse(le16(q, 0, 6))).isEqualTo(FailureCode.TDX_QUOTE_VERSION);
        assertThat(parse(le16(q, 0, 0x0104))).isEqualTo(FailureCode.TDX_QUOTE_VERSION);
        assertThat(parse(le16(q, 2, 3))).isEqualTo(FailureCode.TDX_ATTESTATION_KEY_TYPE);
        assertThat(parse(le16(q, 2, 0))).isEqualTo(FailureCode.TDX_ATTESTATION_KEY_TYPE);
        assertThat(parse(le32(q, 4, 0))).isEqualTo(FailureCode.TDX_TEE_TYPE);
        assertThat(parse(le32(q, 4, 0x181))).isEqualTo(FailureCode.TDX_TEE_TYPE);
        assertThat(parse(Mutations.setByte(q, 7, 0x80))).isEqualTo(FailureCode.TDX_TEE_TYPE);
        assertThat(code(() -> TdxQuoteParser.parse((byte[]) null))).isEqualTo(FailureCode.TDX_QUOTE_MALFORMED);
    }

    @Test
    void v5BodyTypesSelectTheLayout() throws EvidenceException {
        TdxQuote v4 = TdxQuoteParser.parse(TdxVectors.dcapQuote());

        TdxQuote td10 = TdxQuoteParser.parse(QuoteSurgery.v5(v4, 2, 584, new byte[0]).build());
        assertThat(td10.version()).isEqualTo(5);
        assertThat(td10.body().type()).isEqualTo(TdReportType.TD_REPORT_1_0);
        assertThat(td10.body().raw()).isEqualTo(v4.body().raw());
        assertThat(td10.body().reportData()).isEqualTo(v4.body().reportData());
        assertThat(td10.body().rtmrs()).isEqualTo(v4.body().rtmrs());
        // tdx.md §1.3: the 6-byte descriptor is signed
        assertThat(td10.signedBytes().length()).isEqualTo(48 + 6 + 584);
        assertThat(td10.signatureData()).isEqualTo(v4.signatureData());
        assertThat(td10.trailingBytes()).isZero();

        byte[] extra = new byte[64];
        Arrays.fill(extra, 0, 16, (byte) 0x11);
        Arrays.fill(extra, 16, 64, (byte) 0x22);
        TdxQuote td15 = TdxQuoteParser.parse(QuoteSurgery.v5(v4, 3, 648, extra).build());
        assertThat(td15.body().type()).isEqualTo(TdReportType.TD_REPORT_1_5);
        assertThat(td15.signedBytes().length()).isEqualTo(702);
        assertThat(td15.body().reportData()).isEqualTo(v4.body().reportData());
        assertThat(td15.body().teeTcbSvn2()).contains(Bytes.of(Arrays.copyOf(extra, 16)));
        assertThat(td15.body().mrServiceTd()).contains(Bytes.of(extra, 16, 48));

        // the signature covered the v4 bytes, not these
        assertThat(code(() -> new TdxQuoteVerifier().verify(new dev.rats.evidence.TdxEvidence(td10), TdxVectors.dcapContext())))
                .isEqualTo(FailureCode.TDX_QUOTE_SIGNATURE);
    }

    @Test
    void v5DescriptorIsChecked() throws EvidenceException {
        TdxQuote v4 = TdxQuoteParser.parse(TdxVectors.dcapQuote());
        assertThat(parse(QuoteSurgery.v5(v4, 1, 584, new byte[0]).build())).isEqualTo(FailureCode.TDX_BODY_TYPE);
        assertThat(parse(QuoteSurgery.v5(v4, 4, 584, new byte[0]).build())).isEqualTo(FailureCode.TDX_BODY_TYPE);
        assertThat(parse(QuoteSurgery.v5(v4, 0xFFFF, 584, new byte[0]).build())).isEqualTo(FailureCode.TDX_BODY_TYPE);
        // a size that does not fit the type
        assertThat(parse(QuoteSurgery.v5(v4, 2, 648, new byte[0]).build())).isEqualTo(FailureCode.TDX_QUOTE_MALFORMED);
        assertThat(parse(QuoteSurgery.v5(v4, 3, 584, new byte[0]).build())).isEqualTo(FailureCode.TDX_QUOTE_MALFORMED);
        assertThat(parse(QuoteSurgery.v5(v4, 2, 0xFFFFFFFFL, new byte[0]).build())).isEqualTo(FailureCode.TDX_QUOTE_MALFORMED);
        // a v4 quote relabelled v5: its body would start with a descriptor of type 0x0106
        assertThat(parse(le16(TdxVectors.dcapQuote(), 0, 5))).isEqualTo(FailureCode.TDX_BODY_TYPE);
        // descriptor cut short
        byte[] v5 = QuoteSurgery.v5(v4, 2, 584, new byte[0]).build();
        assertThat(parse(Arrays.copyOf(v5, 52))).isEqualTo(FailureCode.TDX_QUOTE_MALFORMED);
    }

    @Test
    void lengthFieldsMustMatchTheData() {
        byte[] q = TdxVectors.dcapQuote();
        long signatureLength = 4300;
        for (long bad : new long[] {0, 1, 133, signatureLength - 1, 4936 - 636 + 71, 0x7FFFFFFFL, 0x80000000L, 0xFFFFFFFFL}) {
            assertThat(parse(le32(q, SIGNATURE_DATA_LEN, bad))).as("signature_data_len %d", bad)
                    .isEqualTo(FailureCode.TDX_QUOTE_MALFORMED);
        }
        // longer signature data swallow trailing bytes, but then the certification data no longer fills it
        assertThat(parse(le32(q, SIGNATURE_DATA_LEN, signatureLength + 1))).isEqualTo(FailureCode.TDX_QUOTE_MALFORMED);
        for (long bad : new long[] {0, 4165, 4167, 0xFFFFFFFFL}) {
            assertThat(parse(le32(q, CERTIFICATION_SIZE, bad))).as("certification size %d", bad)
                    .isEqualTo(FailureCode.TDX_QUOTE_MALFORMED);
        }
        // a wrong QE auth data size shifts the nested header: its type or its size no longer fits
        for (int bad : new int[] {0, 31, 33, 1000}) {
            assertThat(parse(le16(q, AUTH_LEN, bad))).as("QE auth data size %d", bad)
                    .isIn(FailureCode.TDX_QUOTE_MALFORMED, FailureCode.TDX_CERTIFICATION_DATA);
        }
        assertThat(parse(le16(q, AUTH_LEN, 0xFFFF))).isEqualTo(FailureCode.TDX_QUOTE_MALFORMED);
        for (long bad : new long[] {0, 3677, 3679, 0xFFFFFFFFL}) {
            assertThat(parse(le32(q, INNER_SIZE, bad))).as("PCK chain size %d", bad).isEqualTo(FailureCode.TDX_QUOTE_MALFORMED);
        }
    }

    @Test
    void certificationDataMustBeAQeReportWithAPemChain() throws EvidenceException {
        byte[] q = TdxVectors.dcapQuote();
        for (int type : new int[] {1, 2, 3, 4, 5, 7, 0xFFFF}) {
            assertThat(parse(le16(q, CERTIFICATION_TYPE, type))).as("outer type %d", type)
                    .isEqualTo(FailureCode.TDX_CERTIFICATION_DATA);
        }
        for (int type : new int[] {1, 4, 6, 7}) {
            assertThat(parse(le16(q, INNER_TYPE, type))).as("inner type %d", type).isEqualTo(FailureCode.TDX_CERTIFICATION_DATA);
        }
        TdxQuote real = TdxQuoteParser.parse(q);
        QuoteSurgery der = QuoteSurgery.of(real);
        der.pem = real.signatureData().pckChain().get(0).toByteArray();
        assertThat(parse(der.build())).isEqualTo(FailureCode.TDX_CERTIFICATION_DATA);

        QuoteSurgery garbage = QuoteSurgery.of(real);
        garbage.pem = "no certificates here".getBytes(StandardCharsets.US_ASCII);
        assertThat(parse(garbage.build())).isEqualTo(FailureCode.CERTIFICATE_MALFORMED);

        QuoteSurgery empty = QuoteSurgery.of(real);
        empty.pem = new byte[0];
        assertThat(parse(empty.build())).isEqualTo(FailureCode.CERTIFICATE_MALFORMED);

        QuoteSurgery broken = QuoteSurgery.of(real);
        broken.pem = Arrays.copyOf(real.signatureData().pckChainPem().toByteArray(), 2000);
        assertThat(parse(broken.build())).isEqualTo(FailureCode.CERTIFICATE_MALFORMED);
    }

    @Test
    void trailingBytesAreCountedNotSigned() throws EvidenceException {
        TdxQuote real = TdxQuoteParser.parse(TdxVectors.dcapQuote());
        QuoteSurgery s = QuoteSurgery.of(real);
        s.trailing = new byte[100_000];
        TdxQuote q = TdxQuoteParser.parse(s.build());
        assertThat(q.trailingBytes()).isEqualTo(100_000);
        assertThat(q.usedLength()).isEqualTo(4936);
        assertThat(q.signedBytes()).isEqualTo(real.signedBytes());
    }

    @Test
    void everyTruncationIsMalformed() throws EvidenceException {
        for (byte[] quote : java.util.List.of(TdxVectors.dcapQuote(), TdxVectors.goQuote())) {
            int used = TdxQuoteParser.parse(quote).usedLength();
            for (int n = 0; n < quote.length; n++) {
                byte[] prefix = Arrays.copyOf(quote, n);
                if (n < used) {
                    assertThat(parse(prefix)).as("prefix of %d bytes", n).isEqualTo(FailureCode.TDX_QUOTE_MALFORMED);
                } else {
                    assertThat(TdxQuoteParser.parse(prefix).trailingBytes()).isEqualTo(n - used);
                }
            }
        }
    }
}
