package dev.rats.testkit.snp;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.ECPublicKey;

import dev.rats.testkit.Keys;

/**
 * ECDSA P-384 ID/author keys and their SEV-ABI public-key encoding (sev-snp.md §5.1, go-sev-guest
 * {@code abi.EcdsaPublicKeyToBytes}): 0x404 bytes, u32 LE curve id 2 (P-384) at 0, QX at 0x04 and QY
 * at 0x4C as 72-byte little-endian integers, the rest zero. ID_KEY_DIGEST and AUTHOR_KEY_DIGEST
 * hold the SHA-384 of this encoding.
 */
public final class SevAbiKeys {

    public static final int ENCODED_SIZE = 0x404;
    public static final int CURVE_P384 = 2;
    public static final int QX = 0x04;
    public static final int QY = 0x4C;
    private static final int COMPONENT_SIZE = 72;

    private SevAbiKeys() {
    }

    /** A fresh P-384 key pair. */
    public static KeyPair generate() {
        return Keys.ecP384();
    }

    /** The 0x404-byte SEV-ABI encoding of a P-384 public key. */
    public static byte[] encode(ECPublicKey key) {
        ByteBuffer b = ByteBuffer.allocate(ENCODED_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, CURVE_P384);
        b.put(QX, littleEndian(key.getW().getAffineX()));
        b.put(QY, littleEndian(key.getW().getAffineY()));
        return b.array();
    }

    /** SHA-384 of {@link #encode}: the value of ID_KEY_DIGEST / AUTHOR_KEY_DIGEST. */
    public static byte[] digest(ECPublicKey key) {
        try {
            return MessageDigest.getInstance("SHA-384").digest(encode(key));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] littleEndian(BigInteger value) {
        byte[] be = value.toByteArray();
        byte[] le = new byte[COMPONENT_SIZE];
        for (int i = 0; i < be.length && i < COMPONENT_SIZE; i++) {
            le[i] = be[be.length - 1 - i];
        }
        return le;
    }
}
