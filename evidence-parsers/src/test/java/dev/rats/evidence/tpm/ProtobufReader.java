package dev.rats.evidence.tpm;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A minimal protobuf wire-format reader for test vectors (varint and length-delimited fields
 * only; protobuf encoding guide "Message Structure"). Test-only: the product depends on no
 * protobuf library.
 */
final class ProtobufReader {

    /** One field: its number, wire type and either a varint value or the length-delimited bytes. */
    record Field(int number, int wireType, long varint, byte[] bytes) {
    }

    private ProtobufReader() {
    }

    static List<Field> fields(byte[] message) {
        List<Field> out = new ArrayList<>();
        int[] at = {0};
        while (at[0] < message.length) {
            long key = varint(message, at);
            int number = (int) (key >>> 3);
            int wireType = (int) (key & 7);
            switch (wireType) {
                case 0 -> out.add(new Field(number, 0, varint(message, at), null));
                case 2 -> {
                    int length = Math.toIntExact(varint(message, at));
                    out.add(new Field(number, 2, 0, Arrays.copyOfRange(message, at[0], at[0] + length)));
                    at[0] += length;
                }
                default -> throw new IllegalArgumentException("unsupported wire type " + wireType + " of field " + number);
            }
        }
        return out;
    }

    /** The length-delimited values of field {@code number}, in order. */
    static List<byte[]> bytes(byte[] message, int number) {
        return fields(message).stream().filter(f -> f.number() == number && f.wireType() == 2).map(Field::bytes).toList();
    }

    static byte[] single(byte[] message, int number) {
        List<byte[]> all = bytes(message, number);
        if (all.size() != 1) {
            throw new IllegalArgumentException("field " + number + " occurs " + all.size() + " times");
        }
        return all.get(0);
    }

    static long varintField(byte[] message, int number) {
        return fields(message).stream().filter(f -> f.number() == number && f.wireType() == 0).mapToLong(Field::varint)
                .findFirst().orElse(0);
    }

    private static long varint(byte[] b, int[] at) {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int x = b[at[0]++] & 0xFF;
            v |= (long) (x & 0x7F) << shift;
            if ((x & 0x80) == 0) {
                return v;
            }
        }
        throw new IllegalArgumentException("varint too long");
    }

    /** Encodes a varint, for building test messages. */
    static byte[] varint(long v) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while ((v & ~0x7FL) != 0) {
            out.write((int) (v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out.write((int) v);
        return out.toByteArray();
    }
}
