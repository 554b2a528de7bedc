package dev.rats.evidence.binary;

/** Little-endian reads at absolute offsets of an immutable byte string; callers check bounds first. */
public final class LittleEndian {

    private LittleEndian() {
    }

    public static int u8(Bytes b, int offset) {
        return b.unsignedByte(offset);
    }

    public static int u16(Bytes b, int offset) {
        return b.unsignedByte(offset) | b.unsignedByte(offset + 1) << 8;
    }

    /** An unsigned 32-bit value as a long. */
    public static long u32(Bytes b, int offset) {
        return (long) u16(b, offset) | (long) u16(b, offset + 2) << 16;
    }

    /** A 64-bit value; bit patterns above 2^63 come back negative, as Java longs do. */
    public static long u64(Bytes b, int offset) {
        return u32(b, offset) | u32(b, offset + 4) << 32;
    }

    /** Reverses {@code length} bytes from {@code offset}: little-endian integer to big-endian. */
    public static byte[] reversed(Bytes b, int offset, int length) {
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            out[i] = b.get(offset + length - 1 - i);
        }
        return out;
    }
}
