package dev.rats.testkit.snp;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

class SevAbiKeysTest {

    @Test
    void encodingHasCurveIdAndLittleEndianCoordinates() throws Exception {
        ECPublicKey key = (ECPublicKey) SevAbiKeys.generate().getPublic();
        byte[] enc = SevAbiKeys.encode(key);
        assertThat(enc).hasSize(0x404);
        assertThat(ByteBuffer.wrap(enc).order(ByteOrder.LITTLE_ENDIAN).getInt(0)).isEqualTo(2);
        assertThat(Asn1Support.le(enc, 0x04, 72)).isEqualTo(key.getW().getAffineX());
        assertThat(Asn1Support.le(enc, 0x4C, 72)).isEqualTo(key.getW().getAffineY());
        assertThat(Arrays.copyOfRange(enc, 0x94, 0x404)).containsOnly(0);
        assertThat(SevAbiKeys.digest(key)).hasSize(48).isEqualTo(MessageDigest.getInstance("SHA-384").digest(enc));
        assertThat(key.getW().getAffineX()).isNotEqualTo(BigInteger.ZERO);
    }
}
