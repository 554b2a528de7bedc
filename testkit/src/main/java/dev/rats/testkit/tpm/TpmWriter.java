package dev.rats.testkit.tpm;

import java.io.ByteArrayOutputStream;

/** Builds big-endian TPM-marshalled bytes (TPM 2.0 Part 1 §18), or little-endian ones for the event log. */
public final class TpmWriter {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final boolean littleEndian;

    private TpmWriter(boolean littleEndian) {
        this.littleEndian = littleEndian;
    }

    public static TpmWriter bigEndian() {
        return new TpmWriter(false);
    }

    public static TpmWriter littleEndian() {
        return new TpmWriter(true);
    }

    public TpmWriter u8(int v) {
        out.write(v);
        return this;
    }

    public TpmWriter u16(int v) {
        return number(v, 2);
    }

    public TpmWriter u32(long v) {
        return number(v, 4);
    }

    public TpmWriter u64(long v) {
        return number(v, 8);
    }

    private TpmWriter number(long v, int size) {
        for (int i = 0; i < size; i++) {
            int shift = littleEndian ? 8 * i : 8 * (size - 1 - i);
            out.write((int) (v >>> shift));
        }
        return this;
    }

    public TpmWriter bytes(byte[] b) {
        out.writeBytes(b);
        return this;
    }

    /** {@code u16 size ‖ bytes}. */
    public TpmWriter tpm2b(byte[] b) {
        return u16(b.length).bytes(b);
    }

    public byte[] toByteArray() {
        return out.toByteArray();
    }
}
