package dev.rats.evidence.tpm;

import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.FailureCode;
import dev.rats.evidence.binary.Bytes;

/**
 * A bounds-checked big-endian cursor over TPM-marshalled bytes (TPM 2.0 Part 1 §18 / Part 2
 * marshalling; tpm.md conventions). Every read checks the remaining length first, so a parser
 * built on it is total: a short or inconsistent input fails with the buffer's failure code.
 */
final class TpmBuffer {

    private final Bytes bytes;
    private final FailureCode onMalformed;
    private final String structure;
    private int position;

    TpmBuffer(Bytes bytes, FailureCode onMalformed, String structure) {
        this.bytes = bytes;
        this.onMalformed = onMalformed;
        this.structure = structure;
    }

    int position() {
        return position;
    }

    int remaining() {
        return bytes.length() - position;
    }

    private void need(int n, String field) throws EvidenceException {
        if (n < 0 || n > remaining()) {
            throw malformed("truncated: " + field + " needs " + n + " bytes at offset " + position + ", "
                    + remaining() + " remain");
        }
    }

    int u8(String field) throws EvidenceException {
        need(1, field);
        return bytes.unsignedByte(position++);
    }

    int u16(String field) throws EvidenceException {
        need(2, field);
        int v = bytes.unsignedByte(position) << 8 | bytes.unsignedByte(position + 1);
        position += 2;
        return v;
    }

    long u32(String field) throws EvidenceException {
        need(4, field);
        long v = (long) bytes.unsignedByte(position) << 24 | (long) bytes.unsignedByte(position + 1) << 16
                | (long) bytes.unsignedByte(position + 2) << 8 | bytes.unsignedByte(position + 3);
        position += 4;
        return v;
    }

    long u64(String field) throws EvidenceException {
        long high = u32(field);
        return high << 32 | u32(field);
    }

    Bytes bytes(int n, String field) throws EvidenceException {
        need(n, field);
        Bytes out = bytes.slice(position, n);
        position += n;
        return out;
    }

    /** A TPM2B: {@code u16 size ‖ size bytes}, with {@code size <= max} (the union size of Part 2). */
    Bytes tpm2b(String field, int max) throws EvidenceException {
        int size = u16(field + " size");
        if (size > max) {
            throw malformed(field + " is " + size + " bytes, more than its maximum " + max);
        }
        return bytes(size, field);
    }

    /** The bytes consumed so far from {@code from}. */
    Bytes consumedSince(int from) {
        return bytes.slice(from, position - from);
    }

    /** Strict parsing: nothing may follow the structure (tpm.md §1 step 1). */
    void end() throws EvidenceException {
        if (remaining() != 0) {
            throw malformed(remaining() + " trailing bytes after the " + structure);
        }
    }

    EvidenceException malformed(String detail) {
        return new EvidenceException(onMalformed, structure + ": " + detail);
    }
}
