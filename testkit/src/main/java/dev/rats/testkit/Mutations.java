package dev.rats.testkit;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/** Byte-level mutations for negative tests. Every method returns a new array; inputs are never modified. */
public final class Mutations {

    private Mutations() {
    }

    /** One mutated copy of an input, labelled with the offset it changed (for parameterised test names). */
    public record Mutant(int offset, byte[] bytes) {
        @Override
        public String toString() {
            return String.format("offset 0x%03x", offset);
        }
    }

    /** Copy with bit {@code bit} (0 = least significant) of byte {@code offset} inverted. */
    public static byte[] flipBit(byte[] in, int offset, int bit) {
        byte[] out = in.clone();
        out[offset] ^= (byte) (1 << bit);
        return out;
    }

    /** Copy with all bits of byte {@code offset} inverted. */
    public static byte[] flipByte(byte[] in, int offset) {
        byte[] out = in.clone();
        out[offset] ^= (byte) 0xFF;
        return out;
    }

    /** Copy with byte {@code offset} set to {@code value}. */
    public static byte[] setByte(byte[] in, int offset, int value) {
        byte[] out = in.clone();
        out[offset] = (byte) value;
        return out;
    }

    /** Copy with {@code bytes} written at {@code offset}. */
    public static byte[] setRange(byte[] in, int offset, byte[] bytes) {
        byte[] out = in.clone();
        System.arraycopy(bytes, 0, out, offset, bytes.length);
        return out;
    }

    /** Copy with the hex string (whitespace ignored) written at {@code offset}. */
    public static byte[] setRange(byte[] in, int offset, String hex) {
        return setRange(in, offset, HexFormat.of().parseHex(hex.replaceAll("\\s", "")));
    }

    /** Copy with {@code [from, to)} filled with {@code value}. */
    public static byte[] fill(byte[] in, int from, int to, int value) {
        byte[] out = in.clone();
        Arrays.fill(out, from, to, (byte) value);
        return out;
    }

    /** The first {@code length} bytes. */
    public static byte[] truncate(byte[] in, int length) {
        return Arrays.copyOf(in, length);
    }

    /** Copy with {@code extra} appended. */
    public static byte[] append(byte[] in, byte[] extra) {
        byte[] out = Arrays.copyOf(in, in.length + extra.length);
        System.arraycopy(extra, 0, out, in.length, extra.length);
        return out;
    }

    /** {@code length} bytes from a (seeded) random source. */
    public static byte[] randomBytes(Random random, int length) {
        byte[] out = new byte[length];
        random.nextBytes(out);
        return out;
    }

    /** A random strict prefix of the input (length in {@code [0, in.length)}). */
    public static byte[] randomTruncation(Random random, byte[] in) {
        return truncate(in, random.nextInt(in.length));
    }

    /** Copy with one randomly chosen bit inverted. */
    public static Mutant randomBitFlip(Random random, byte[] in) {
        int offset = random.nextInt(in.length);
        return new Mutant(offset, flipBit(in, offset, random.nextInt(8)));
    }

    /** One mutant per offset of {@code [from, to)}, each with that byte inverted. */
    public static Stream<Mutant> byteFlips(byte[] in, int from, int to) {
        return IntStream.range(from, to).mapToObj(o -> new Mutant(o, flipByte(in, o)));
    }

    /** One mutant per offset of {@code [from, to)}, each with that byte's lowest bit inverted. */
    public static Stream<Mutant> lowBitFlips(byte[] in, int from, int to) {
        return IntStream.range(from, to).mapToObj(o -> new Mutant(o, flipBit(in, o, 0)));
    }
}
