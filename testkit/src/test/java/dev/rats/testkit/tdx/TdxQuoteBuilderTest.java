package dev.rats.testkit.tdx;

import static dev.rats.testkit.tdx.TdxQuoteLayout.*;
import static dev.rats.testkit.tdx.TdxTestSupport.p256;
import static dev.rats.testkit.tdx.TdxTestSupport.slice;
import static dev.rats.testkit.tdx.TdxTestSupport.u16;
import static dev.rats.testkit.tdx.TdxTestSupport.u32;
import static dev.rats.testkit.tdx.TdxTestSupport.verifies;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.rats.testkit.Keys;
import dev.rats.testkit.tdx.TdxTestSupport.QuoteView;

class TdxQuoteBuilderTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final KeyPair ATT_KEY = Keys.ecP256();
    private static final KeyPair QE_KEY = Keys.ecP256();

    @Test
    void v4QuoteHasTheDocumentedLayoutAndSignsHeaderPlusBody() throws Exception {
        byte[] chain = "PEM".getBytes();
        byte[] q = TdxQuoteBuilder.create().attestationKey(ATT_KEY).qeReportSigningKey(QE_KEY.getPrivate())
                .pckChain(chain).build();
        QuoteView v = QuoteView.of(q);
        assertThat(u16(q, 0)).isEqualTo(4);
        assertThat(u16(q, 2)).isEqualTo(2);
        assertThat(u32(q, 4)).isEqualTo(0x81);
        assertThat(slice(q, 8, 4)).containsOnly(0);
        assertThat(slice(q, 12, 16)).isEqualTo(HEX.parseHex("939A7233F79C4CA9940A0DB3957F0607"));
        assertThat(slice(q, 44, 4)).containsOnly(0);
        assertThat(v.signedLength()).isEqualTo(632);
        assertThat(v.sigDataOffset()).isEqualTo(636);
        assertThat(v.certType()).isEqualTo(6);
        assertThat(v.chainType()).isEqualTo(5);
        assertThat(v.chain()).isEqualTo(chain);
        assertThat(v.qeAuthDataSize()).isEqualTo(32);
        assertThat(v.certDataSize()).isEqualTo(384 + 64 + 2 + 32 + 2 + 4 + chain.length);
        assertThat(v.sigDataLength()).isEqualTo(134 + v.certDataSize());
        assertThat(q).hasSize(v.usedLength());

        assertThat(v.attestationKey()).isEqualTo(TdxQuoteBuilder.rawPublicKey(ATT_KEY.getPublic()));
        assertThat(p256(v.attestationKey())).isEqualTo(ATT_KEY.getPublic());
        assertThat(verifies(ATT_KEY.getPublic(), slice(q, 0, 632), v.quoteSignature())).isTrue();
        assertThat(verifies(ATT_KEY.getPublic(), slice(q, 0, 631), v.quoteSignature())).isFalse();
        assertThat(verifies(ATT_KEY.getPublic(), slice(q, 0, 636), v.quoteSignature())).isFalse();
    }

    @ParameterizedTest
    @CsvSource({"3, 648, 702", "2, 584, 638"})
    void v5SignsTheBodyDescriptorToo(int bodyType, int bodySize, int signedLength) throws Exception {
        byte[] q = TdxQuoteBuilder.create().version(5).bodyType(bodyType).attestationKey(ATT_KEY)
                .reportData(HEX.parseHex("aabb")).build();
        QuoteView v = QuoteView.of(q);
        assertThat(u16(q, 48)).isEqualTo(bodyType);
        assertThat(u32(q, 50)).isEqualTo(bodySize);
        assertThat(v.signedLength()).isEqualTo(signedLength);
        assertThat(v.body(REPORT_DATA, 2)).isEqualTo(HEX.parseHex("aabb"));
        assertThat(q[54 + 520]).isEqualTo((byte) 0xAA);
        assertThat(verifies(ATT_KEY.getPublic(), slice(q, 0, signedLength), v.quoteSignature())).isTrue();
        byte[] withoutDescriptor = new byte[signedLength - 6];
        System.arraycopy(q, 0, withoutDescriptor, 0, 48);
        System.arraycopy(q, 54, withoutDescriptor, 48, bodySize);
        assertThat(verifies(ATT_KEY.getPublic(), withoutDescriptor, v.quoteSignature())).isFalse();
    }

    @Test
    void v5DefaultsToTd15() {
        TdxQuoteBuilder<byte[]> b = TdxQuoteBuilder.create().version(5);
        assertThat(b.effectiveBodyType()).isEqualTo(3);
        assertThat(b.signedLength()).isEqualTo(702);
        byte[] q = b.teeTcbSvn2(HEX.parseHex("0702")).mrServiceTd(new byte[] {9}).build();
        assertThat(slice(q, 54 + 584, 2)).isEqualTo(HEX.parseHex("0702"));
        assertThat(q[54 + 600]).isEqualTo((byte) 9);
    }

    @Test
    void qeReportIsSignedByThePckKeyAndBindsTheAttestationKey() throws Exception {
        byte[] auth = HEX.parseHex("0102030405");
        byte[] q = TdxQuoteBuilder.create().attestationKey(ATT_KEY).qeReportSigningKey(QE_KEY.getPrivate())
                .qeAuthData(auth).build();
        QuoteView v = QuoteView.of(q);
        assertThat(v.qeAuthData()).isEqualTo(auth);
        assertThat(verifies(QE_KEY.getPublic(), v.qeReport(), v.qeReportSignature())).isTrue();
        byte[] expected = MessageDigest.getInstance("SHA-256")
                .digest(concat(TdxQuoteBuilder.rawPublicKey(ATT_KEY.getPublic()), auth));
        assertThat(slice(v.qeReport(), 320, 32)).isEqualTo(expected);
        assertThat(slice(v.qeReport(), 352, 32)).containsOnly(0);
    }

    @Test
    void qeReportFieldsLandAtTheirOffsets() {
        byte[] q = TdxQuoteBuilder.create()
                .qeCpuSvn(bytes(16, 1)).qeMiscSelect(0x01020304).qeIsvExtProdId(bytes(16, 2))
                .qeAttributes(bytes(16, 3)).qeMrEnclave(bytes(32, 4)).qeMrSigner(bytes(32, 5))
                .qeConfigId(bytes(64, 6)).qeIsvProdId(0x0708).qeIsvSvn(0x090A).qeConfigSvn(0x0B0C)
                .qeIsvFamilyId(bytes(16, 7)).qeReportData(bytes(64, 8)).build();
        byte[] r = QuoteView.of(q).qeReport();
        assertThat(slice(r, 0, 16)).containsOnly(1);
        assertThat(u32(r, 16)).isEqualTo(0x01020304);
        assertThat(slice(r, 20, 12)).containsOnly(0);
        assertThat(slice(r, 32, 16)).containsOnly(2);
        assertThat(slice(r, 48, 16)).containsOnly(3);
        assertThat(slice(r, 64, 32)).containsOnly(4);
        assertThat(slice(r, 96, 32)).containsOnly(0);
        assertThat(slice(r, 128, 32)).containsOnly(5);
        assertThat(slice(r, 160, 32)).containsOnly(0);
        assertThat(slice(r, 192, 64)).containsOnly(6);
        assertThat(u16(r, 256)).isEqualTo(0x0708);
        assertThat(u16(r, 258)).isEqualTo(0x090A);
        assertThat(u16(r, 260)).isEqualTo(0x0B0C);
        assertThat(slice(r, 262, 42)).containsOnly(0);
        assertThat(slice(r, 304, 16)).containsOnly(7);
        assertThat(slice(r, 320, 64)).containsOnly(8);
    }

    @Test
    void headerAndBodySettersWriteTheirFields() {
        byte[] q = TdxQuoteBuilder.create().attestationKeyType(3).teeType(0).reserved(bytes(4, 0x11))
                .qeVendorId(bytes(16, 0x12)).userData(bytes(20, 0x13))
                .teeTcbSvn(bytes(16, 0x21)).mrSeam(bytes(48, 0x22)).mrSignerSeam(bytes(48, 0x23))
                .seamAttributes(0x0102L).tdAttributes(1L << 28 | 1).xfam(0x602e7L)
                .mrTd(bytes(48, 0x24)).mrConfigId(bytes(48, 0x25)).mrOwner(bytes(48, 0x26))
                .mrOwnerConfig(bytes(48, 0x27)).rtmr(0, bytes(48, 0x30)).rtmr(1, bytes(48, 0x31))
                .rtmr(2, bytes(48, 0x32)).rtmr(3, bytes(48, 0x33)).reportData(bytes(64, 0x34)).build();
        assertThat(u16(q, 2)).isEqualTo(3);
        assertThat(u32(q, 4)).isZero();
        assertThat(slice(q, 8, 4)).containsOnly(0x11);
        assertThat(slice(q, 12, 16)).containsOnly(0x12);
        assertThat(slice(q, 28, 20)).containsOnly(0x13);
        assertThat(slice(q, 48, 16)).containsOnly(0x21);
        assertThat(slice(q, 64, 48)).containsOnly(0x22);
        assertThat(slice(q, 112, 48)).containsOnly(0x23);
        assertThat(slice(q, 160, 8)).isEqualTo(HEX.parseHex("0201000000000000"));
        assertThat(slice(q, 168, 8)).isEqualTo(HEX.parseHex("0100001000000000"));
        assertThat(slice(q, 176, 8)).isEqualTo(HEX.parseHex("e702060000000000"));
        assertThat(slice(q, 184, 48)).containsOnly(0x24);
        assertThat(slice(q, 232, 48)).containsOnly(0x25);
        assertThat(slice(q, 280, 48)).containsOnly(0x26);
        assertThat(slice(q, 328, 48)).containsOnly(0x27);
        for (int i = 0; i < 4; i++) {
            assertThat(slice(q, 376 + 48 * i, 48)).containsOnly(0x30 + i);
        }
        assertThat(slice(q, 568, 64)).containsOnly(0x34);
    }

    @Test
    void defaultsFollowTheRealDcapQvlQuote() {
        byte[] q = TdxQuoteBuilder.create().build();
        assertThat(slice(q, 48, 3)).isEqualTo(HEX.parseHex("060103"));
        assertThat(slice(q, 168, 8)).isEqualTo(HEX.parseHex("0000001000000000"));
        assertThat(slice(q, 176, 8)).isEqualTo(HEX.parseHex("e702060000000000"));
        byte[] r = QuoteView.of(q).qeReport();
        assertThat(u16(r, 256)).isEqualTo(2);
        assertThat(u16(r, 258)).isEqualTo(6);
        assertThat(slice(r, 128, 32)).isEqualTo(HEX.parseHex(TdxDefaults.QE_MRSIGNER));
        assertThat(slice(q, 28, 16)).isNotEqualTo(new byte[16]);
        assertThat(slice(q, 44, 4)).containsOnly(0);
    }

    @Test
    void rawOverridesAreSignedAndPostSignOverridesAreNot() throws Exception {
        byte[] patched = TdxQuoteBuilder.create().attestationKey(ATT_KEY)
                .rawOverride(bodyOffset(4) + MRTD, new byte[] {7, 7})
                .build();
        QuoteView v = QuoteView.of(patched);
        assertThat(slice(patched, 184, 2)).isEqualTo(new byte[] {7, 7});
        assertThat(verifies(ATT_KEY.getPublic(), v.signedBytes(), v.quoteSignature())).isTrue();

        byte[] tampered = TdxQuoteBuilder.create().attestationKey(ATT_KEY).postSignOverride(100, new byte[] {1})
                .build();
        QuoteView t = QuoteView.of(tampered);
        assertThat(verifies(ATT_KEY.getPublic(), t.signedBytes(), t.quoteSignature())).isFalse();
    }

    @Test
    void rawOverrideOfTheQeReportIsCoveredByTheQeSignatureButBreaksTheBinding() throws Exception {
        int qe = qeReportOffset(4, BODY_SIZE_TD10);
        byte[] q = TdxQuoteBuilder.create().attestationKey(ATT_KEY).qeReportSigningKey(QE_KEY.getPrivate())
                .rawOverride(qe + QE_REPORT_DATA, new byte[] {0}).build();
        QuoteView v = QuoteView.of(q);
        assertThat(verifies(QE_KEY.getPublic(), v.qeReport(), v.qeReportSignature())).isTrue();
        byte[] hash = MessageDigest.getInstance("SHA-256").digest(concat(v.attestationKey(), v.qeAuthData()));
        assertThat(slice(v.qeReport(), 320, 32)).isNotEqualTo(hash);
    }

    @Test
    void wrongKeysAndExplicitQeReportDataBreakOneCheckEach() throws Exception {
        KeyPair other = Keys.ecP256();
        byte[] q = TdxQuoteBuilder.create().attestationKey(ATT_KEY).quoteSigningKey(other.getPrivate()).build();
        QuoteView v = QuoteView.of(q);
        assertThat(verifies(ATT_KEY.getPublic(), v.signedBytes(), v.quoteSignature())).isFalse();
        assertThat(verifies(other.getPublic(), v.signedBytes(), v.quoteSignature())).isTrue();

        byte[] noBinding = TdxQuoteBuilder.create().attestationKey(ATT_KEY).qeReportSigningKey(QE_KEY.getPrivate())
                .qeReportData(bytes(64, 1)).build();
        QuoteView n = QuoteView.of(noBinding);
        assertThat(slice(n.qeReport(), 320, 64)).containsOnly(1);
        assertThat(verifies(QE_KEY.getPublic(), n.qeReport(), n.qeReportSignature())).isTrue();

        byte[] unsigned = TdxQuoteBuilder.create().build();
        assertThat(QuoteView.of(unsigned).qeReportSignature()).containsOnly(0);
    }

    @Test
    void trailingBytesAreOutsideEveryLength() throws Exception {
        byte[] tail = "\nextra bytes(only for testing purpose)\n".getBytes();
        byte[] q = TdxQuoteBuilder.create().attestationKey(ATT_KEY).trailingBytes(tail).build();
        QuoteView v = QuoteView.of(q);
        assertThat(q).hasSize(v.usedLength() + tail.length);
        assertThat(slice(q, v.usedLength(), tail.length)).isEqualTo(tail);
        assertThat(verifies(ATT_KEY.getPublic(), v.signedBytes(), v.quoteSignature())).isTrue();
    }

    @Test
    void lengthAndTypeFieldOverridesChangeOnlyTheField() {
        byte[] normal = TdxQuoteBuilder.create().pckChain(new byte[10]).build();
        byte[] q = TdxQuoteBuilder.create().pckChain(new byte[10]).signatureDataLengthField(1)
                .certificationDataType(5).certificationDataSizeField(2).qeAuthDataSizeField(3).pckChainType(4)
                .pckChainSizeField(5).version(4).build();
        assertThat(q).hasSameSizeAs(normal);
        int sig = 636;
        assertThat(u32(q, 632)).isEqualTo(1);
        assertThat(u16(q, sig + 128)).isEqualTo(5);
        assertThat(u32(q, sig + 130)).isEqualTo(2);
        int cert = sig + 134;
        assertThat(u16(q, cert + 448)).isEqualTo(3);
        assertThat(u16(q, cert + 450 + 32)).isEqualTo(4);
        assertThat(u32(q, cert + 452 + 32)).isEqualTo(5);

        byte[] v5 = TdxQuoteBuilder.create().version(5).bodySizeField(1000).build();
        assertThat(u32(v5, 50)).isEqualTo(1000);
        assertThat(v5).hasSize(TdxQuoteBuilder.create().version(5).build().length);
    }

    @Test
    void certificationDataOverrideReplacesTheWholePayload() {
        byte[] payload = bytes(10, 0x5A);
        byte[] q = TdxQuoteBuilder.create().certificationDataType(1).certificationData(payload)
                .qeReportSigningKey(QE_KEY.getPrivate()).build();
        assertThat(u16(q, 636 + 128)).isEqualTo(1);
        assertThat(u32(q, 636 + 130)).isEqualTo(10);
        assertThat(slice(q, 636 + 134, 10)).isEqualTo(payload);
        assertThat(q).hasSize(636 + 134 + 10);
    }

    @Test
    void oversizedFieldsAreRejected() {
        assertThatThrownBy(() -> TdxQuoteBuilder.create().mrTd(new byte[49]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TdxQuoteBuilder.create().qeReportData(new byte[65]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    static byte[] bytes(int n, int value) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) value);
        return b;
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
