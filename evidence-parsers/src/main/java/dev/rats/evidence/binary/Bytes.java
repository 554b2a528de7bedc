package dev.rats.evidence.binary;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * An immutable byte string. Evidence records hold their byte fields in this type so that a parsed
 * record can never be changed after verification (DESIGN §15 rule 7).
 */
public final class Bytes {

    private static final HexFormat HEX = HexFormat.of();
    private static final Bytes EMPTY = new Bytes(new byte[0]);

    private final byte[] value;
    /** Cached hash; 0 means not computed yet (racy but benign, like String's). */
    private int hash;

    private Bytes(byte[] owned) {
        this.value = owned;
    }

    /** Copies {@code data}. */
    public static Bytes of(byte[] data) {
        return data.length == 0 ? EMPTY : new Bytes(data.clone());
    }

    /** Copies {@code length} bytes of {@code data} from {@code offset}. */
    public static Bytes of(byte[] data, int offset, int length) {
        return new Bytes(Arrays.copyOfRange(data, offset, offset + length));
    }

    public static Bytes empty() {
        return EMPTY;
    }

    /** Parses lower- or upper-case hex; throws {@link IllegalArgumentException} on bad input. */
    public static Bytes fromHex(String hex) {
        return new Bytes(HEX.parseHex(hex.strip()));
    }

    public static Bytes zeros(int length) {
        return new Bytes(new byte[length]);
    }

    public int length() {
        return value.length;
    }

    public byte get(int index) {
        return value[index];
    }

    public int unsignedByte(int index) {
        return value[index] & 0xFF;
    }

    /** A copy of the content. */
    public byte[] toByteArray() {
        return value.clone();
    }

    public Bytes slice(int offset, int length) {
        return new Bytes(Arrays.copyOfRange(value, offset, offset + length));
    }

    public boolean isAllZero() {
        int acc = 0;
        for (byte b : value) {
            acc |= b;
        }
        return acc == 0;
    }

    public boolean isAllZero(int offset, int length) {
        int acc = 0;
        for (int i = offset; i < offset + length; i++) {
            acc |= value[i];
        }
        return acc == 0;
    }

    /** Constant-time equality, for digests, nonces and other values an attacker may probe. */
    public boolean constantTimeEquals(Bytes other) {
        return MessageDigest.isEqual(value, other.value);
    }

    public String toHex() {
        return HEX.formatHex(value);
    }

    public byte[] sha256() {
        return digest("SHA-256");
    }

    public byte[] sha384() {
        return digest("SHA-384");
    }

    private byte[] digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm).digest(value);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is mandatory in every JDK", e);
        }
    }

    /** Gives read access to the content without a copy; the callee must not modify it. */
    public void writeTo(java.io.OutputStream out) throws java.io.IOException {
        out.write(value);
    }

    /** Feeds the content to a digest or signature engine without copying. */
    public void updateDigest(MessageDigest digest) {
        digest.update(value);
    }

    /** Internal zero-copy view for hot cryptographic paths in this module. */
    byte[] unsafeArray() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bytes other && Arrays.equals(value, other.value);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = Arrays.hashCode(value);
            hash = h;
        }
        return h;
    }

    @Override
    public String toString() {
        return value.length <= 64 ? toHex() : toHex().substring(0, 128) + "…(" + value.length + " bytes)";
    }
}
