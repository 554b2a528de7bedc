package dev.rats.testkit.snp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class SnpCertTableBuilderTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void guidEncodings() {
        assertThat(SnpCertTableBuilder.GuidEncoding.MIXED_ENDIAN.encode(SnpCertTableBuilder.VCEK_GUID))
                .isEqualTo(HEX.parseHex("8d75da6364e66445adc5f4b93be8accd"));
        assertThat(SnpCertTableBuilder.GuidEncoding.BIG_ENDIAN.encode(SnpCertTableBuilder.VCEK_GUID))
                .isEqualTo(HEX.parseHex("63da758de6644564adc5f4b93be8accd"));
        assertThat(SnpCertTableBuilder.GuidEncoding.MIXED_ENDIAN.encode(SnpCertTableBuilder.ASK_GUID))
                .isEqualTo(HEX.parseHex("79b3b74aacbbe44fa02f05aef327c782"));
    }

    @Test
    void entriesOffsetsLengthsTerminatorAndBlobs() {
        byte[] vcek = {1, 2, 3};
        byte[] ask = {4, 5};
        byte[] ark = {6};
        byte[] t = new SnpCertTableBuilder().vcek(vcek).ask(ask).ark(ark).build();
        ByteBuffer b = ByteBuffer.wrap(t).order(ByteOrder.LITTLE_ENDIAN);
        int header = 4 * 24;
        assertThat(t).hasSize(header + 6);
        assertThat(Arrays.copyOfRange(t, 0, 16))
                .isEqualTo(SnpCertTableBuilder.GuidEncoding.MIXED_ENDIAN.encode(SnpCertTableBuilder.VCEK_GUID));
        assertThat(b.getInt(16)).isEqualTo(header);
        assertThat(b.getInt(20)).isEqualTo(3);
        assertThat(b.getInt(24 + 16)).isEqualTo(header + 3);
        assertThat(b.getInt(48 + 16)).isEqualTo(header + 5);
        assertThat(b.getInt(48 + 20)).isEqualTo(1);
        assertThat(Arrays.copyOfRange(t, 72, 96)).containsOnly(0);
        assertThat(Arrays.copyOfRange(t, header, header + 6)).containsExactly(1, 2, 3, 4, 5, 6);
    }

    @Test
    void malformedTables() {
        UUID unknown = UUID.fromString("00112233-4455-6677-8899-aabbccddeeff");
        byte[] t = new SnpCertTableBuilder().guidEncoding(SnpCertTableBuilder.GuidEncoding.BIG_ENDIAN)
                .entry(unknown, new byte[] {9}).rawEntry(SnpCertTableBuilder.ARK_GUID, 0xFFFF_FFF0L, 0x100)
                .omitTerminator().build();
        ByteBuffer b = ByteBuffer.wrap(t).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(t).hasSize(48 + 1);
        assertThat(Arrays.copyOf(t, 16)).isEqualTo(HEX.parseHex("00112233445566778899aabbccddeeff"));
        assertThat(b.getInt(16)).isEqualTo(48);
        assertThat(Integer.toUnsignedLong(b.getInt(24 + 16))).isEqualTo(0xFFFF_FFF0L);
        assertThat(b.getInt(24 + 20)).isEqualTo(0x100);
    }
}
