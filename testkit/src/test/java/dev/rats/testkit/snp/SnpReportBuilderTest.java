package dev.rats.testkit.snp;

import static dev.rats.testkit.snp.Asn1Support.le;
import static dev.rats.testkit.snp.Asn1Support.reportSignatureVerifies;
import static dev.rats.testkit.snp.SnpReportLayout.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.KeyPair;
import java.util.Arrays;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.rats.testkit.Keys;

class SnpReportBuilderTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final KeyPair VCEK = Keys.ecP384();

    @Test
    void turinTcbLayout() {
        assertThat(new SnpTcb(0, 1, 0, 2, 0x47).encode(SimProduct.TURIN)).isEqualTo(HEX.parseHex("0001000200000047"));
        assertThat(SnpTcb.decode(SimProduct.TURIN, HEX.parseHex("0001000200000047")))
                .isEqualTo(new SnpTcb(0, 1, 0, 2, 0x47));
    }

    @Test
    void milanTcbLayout() {
        assertThat(SnpTcb.of(2, 0, 5, 0x44).encode(SimProduct.MILAN)).isEqualTo(HEX.parseHex("0200000000000544"));
        assertThat(SnpTcb.of(3, 1, 8, 0x73).encode(SimProduct.GENOA)).isEqualTo(HEX.parseHex("0301000000000873"));
        assertThatThrownBy(() -> new SnpTcb(1, 2, 0, 5, 0x44).encode(SimProduct.MILAN))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void defaultsAreAtTheirOffsets() {
        byte[] r = SnpReportBuilder.forProduct(SimProduct.GENOA).build();
        ByteBuffer b = ByteBuffer.wrap(r).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(r).hasSize(1184);
        assertThat(b.getInt(VERSION)).isEqualTo(3);
        assertThat(b.getLong(POLICY)).isEqualTo(0x30000);
        assertThat(b.getInt(SIGNATURE_ALGO)).isEqualTo(1);
        assertThat(b.getLong(PLATFORM_INFO)).isEqualTo(1);
        assertThat(b.getInt(SIGNER_INFO)).isZero();
        byte[] tcb = SnpTcb.defaultFor(SimProduct.GENOA).encode(SimProduct.GENOA);
        for (int off : new int[] {CURRENT_TCB, REPORTED_TCB, COMMITTED_TCB, LAUNCH_TCB}) {
            assertThat(Arrays.copyOfRange(r, off, off + 8)).isEqualTo(tcb);
        }
        assertThat(Arrays.copyOfRange(r, CPUID_FAM_ID, CPUID_FAM_ID + 3)).isEqualTo(HEX.parseHex("191101"));
        assertThat(Arrays.copyOfRange(r, CURRENT_BUILD, CURRENT_BUILD + 3)).isEqualTo(new byte[] {21, 55, 1});
        assertThat(Arrays.copyOfRange(r, COMMITTED_BUILD, COMMITTED_BUILD + 3)).isEqualTo(new byte[] {21, 55, 1});
        assertThat(Arrays.copyOfRange(r, REPORT_ID_MA, REPORT_ID_MA + 32)).containsOnly((byte) 0xFF);
        assertThat(Arrays.copyOfRange(r, CHIP_ID, CHIP_ID + 64)).isNotEqualTo(new byte[64]);
        assertThat(Arrays.copyOfRange(r, SIGNATURE, REPORT_SIZE)).containsOnly(0);
        assertThat(Arrays.copyOfRange(r, 0x18B, CHIP_ID)).containsOnly(0);
        assertThat(Arrays.copyOfRange(r, 0x208, SIGNATURE)).containsOnly(0);
    }

    @Test
    void turinDefaultChipIdIsEightRandomBytesThenZeros() {
        byte[] r = SnpReportBuilder.forProduct(SimProduct.TURIN).build();
        assertThat(Arrays.copyOfRange(r, CHIP_ID, CHIP_ID + 8)).isNotEqualTo(new byte[8]);
        assertThat(Arrays.copyOfRange(r, CHIP_ID + 8, CHIP_ID + 64)).containsOnly(0);
        assertThat(Arrays.copyOfRange(r, CPUID_FAM_ID, CPUID_FAM_ID + 3)).isEqualTo(HEX.parseHex("1a0201"));
    }

    @Test
    void everyFieldLandsAtItsOffset() {
        byte[] r = SnpReportBuilder.forProduct(SimProduct.TURIN)
                .version(5).guestSvn(0x11223344).policy(0x1b0000L).familyId(fill(16, 0x01)).imageId(fill(16, 0x02))
                .vmpl(2).signatureAlgo(1).currentTcb(new SnpTcb(1, 2, 3, 4, 5)).platformInfo(0x67)
                .authorKeyEn(true).maskChipKey(true).signingKey(7)
                .reportData(fill(64, 0x03)).measurement(fill(48, 0x04)).hostData(fill(32, 0x05))
                .idKeyDigest(fill(48, 0x06)).authorKeyDigest(fill(48, 0x07)).reportId(fill(32, 0x08))
                .reportIdMa(fill(32, 0x09)).reportedTcb(new SnpTcb(6, 7, 8, 9, 10)).cpuid(0x1A, 0x11, 0x02)
                .chipId(fill(64, 0x0A)).committedTcb(new SnpTcb(11, 12, 13, 14, 15)).currentFirmware(1, 0x37, 0x15)
                .committedFirmware(1, 0x31, 0x03).launchTcb(new SnpTcb(16, 17, 18, 19, 20))
                .launchMitVector(0x0b).currentMitVector(0x0c0d).build();
        ByteBuffer b = ByteBuffer.wrap(r).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(b.getInt(VERSION)).isEqualTo(5);
        assertThat(b.getInt(GUEST_SVN)).isEqualTo(0x11223344);
        assertThat(b.getLong(POLICY)).isEqualTo(0x1b0000L);
        assertThat(range(r, FAMILY_ID, 16)).containsOnly(1);
        assertThat(range(r, IMAGE_ID, 16)).containsOnly(2);
        assertThat(b.getInt(VMPL)).isEqualTo(2);
        assertThat(range(r, CURRENT_TCB, 8)).isEqualTo(HEX.parseHex("0102030400000005"));
        assertThat(b.getLong(PLATFORM_INFO)).isEqualTo(0x67);
        assertThat(b.getInt(SIGNER_INFO)).isEqualTo(0b11111);
        assertThat(range(r, REPORT_DATA, 64)).containsOnly(3);
        assertThat(range(r, MEASUREMENT, 48)).containsOnly(4);
        assertThat(range(r, HOST_DATA, 32)).containsOnly(5);
        assertThat(range(r, ID_KEY_DIGEST, 48)).containsOnly(6);
        assertThat(range(r, AUTHOR_KEY_DIGEST, 48)).containsOnly(7);
        assertThat(range(r, REPORT_ID, 32)).containsOnly(8);
        assertThat(range(r, REPORT_ID_MA, 32)).containsOnly(9);
        assertThat(range(r, REPORTED_TCB, 8)).isEqualTo(HEX.parseHex("060708090000000a"));
        assertThat(range(r, CPUID_FAM_ID, 3)).isEqualTo(HEX.parseHex("1a1102"));
        assertThat(range(r, CHIP_ID, 64)).containsOnly(10);
        assertThat(range(r, COMMITTED_TCB, 8)).isEqualTo(HEX.parseHex("0b0c0d0e0000000f"));
        assertThat(range(r, 0x1E8, 8)).isEqualTo(HEX.parseHex("1537010003310100"));
        assertThat(range(r, LAUNCH_TCB, 8)).isEqualTo(HEX.parseHex("1011121300000014"));
        assertThat(b.getLong(LAUNCH_MIT_VECTOR)).isEqualTo(0x0b);
        assertThat(b.getLong(CURRENT_MIT_VECTOR)).isEqualTo(0x0c0d);
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 4, 5})
    void cpuidOnlyFromVersion3(int version) {
        byte[] r = SnpReportBuilder.forProduct(SimProduct.MILAN).version(version).build();
        assertThat(range(r, CPUID_FAM_ID, 3)).isEqualTo(version >= 3 ? HEX.parseHex("190101") : new byte[3]);
    }

    @Test
    void signatureVerifiesWithTheJdkAfterLittleEndianConversion() {
        byte[] r = SnpReportBuilder.forProduct(SimProduct.MILAN).reportData(new byte[] {1, 2, 3}).sign(VCEK.getPrivate());
        assertThat(reportSignatureVerifies(r, VCEK.getPublic())).isTrue();
        assertThat(range(r, SIGNATURE_R + 48, 24)).containsOnly(0);
        assertThat(range(r, SIGNATURE_S + 48, 24)).containsOnly(0);
        assertThat(le(r, SIGNATURE_R, 72)).isPositive();
        assertThat(range(r, SIGNATURE_TAIL, REPORT_SIZE - SIGNATURE_TAIL)).containsOnly(0);
        assertThat(reportSignatureVerifies(r, Keys.ecP384().getPublic())).isFalse();
    }

    @Test
    void rawOverrideIsSignedPostSignOverrideIsNot() {
        byte[] patched = SnpReportBuilder.forProduct(SimProduct.GENOA)
                .rawOverride(0x4C, new byte[] {1}).sign(VCEK.getPrivate());
        assertThat(patched[0x4C]).isEqualTo((byte) 1);
        assertThat(reportSignatureVerifies(patched, VCEK.getPublic())).isTrue();

        byte[] tampered = SnpReportBuilder.forProduct(SimProduct.GENOA)
                .postSignOverride(REPORTED_TCB, new byte[] {0x7F}).sign(VCEK.getPrivate());
        assertThat(tampered[REPORTED_TCB]).isEqualTo((byte) 0x7F);
        assertThat(reportSignatureVerifies(tampered, VCEK.getPublic())).isFalse();
    }

    @Test
    void rawTcbAndSignerInfoOverrides() {
        byte[] r = SnpReportBuilder.forProduct(SimProduct.MILAN).reportedTcbRaw(HEX.parseHex("0102030405060708"))
                .signerInfo(0x20).build();
        assertThat(range(r, REPORTED_TCB, 8)).isEqualTo(HEX.parseHex("0102030405060708"));
        assertThat(ByteBuffer.wrap(r).order(ByteOrder.LITTLE_ENDIAN).getInt(SIGNER_INFO)).isEqualTo(0x20);
        assertThatThrownBy(() -> SnpReportBuilder.forProduct(SimProduct.MILAN).measurement(new byte[49]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] fill(int n, int v) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) v);
        return b;
    }

    private static byte[] range(byte[] r, int offset, int length) {
        return Arrays.copyOfRange(r, offset, offset + length);
    }
}
