package dev.rats.refvalues;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/** An immutable byte value, printed as lower-case hex. */
public final class HexValue {

    private final byte[] bytes;

    private HexValue(byte[] bytes) {
        this.bytes = bytes;
    }

    /** A value holding a copy of {@code bytes}. */
    public static HexValue of(byte[] bytes) {
        return new HexValue(bytes.clone());
    }

    /** A copy of the bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    public int length() {
        return bytes.length;
    }

    /** Lower-case hex, two characters per byte. */
    public String hex() {
        return HexFormat.of().formatHex(bytes);
    }

    /** Whether {@code actual} holds the same bytes, compared in constant time. */
    public boolean matches(byte[] actual) {
        return MessageDigest.isEqual(bytes, Objects.requireNonNull(actual, "actual"));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof HexValue that && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return hex();
    }
}
