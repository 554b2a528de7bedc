package dev.rats.testkit.snp;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The extended-report certificate table (sev-snp.md §3.6, GHCB spec 56421): 24-byte entries
 * {GUID, offset u32 LE, length u32 LE} terminated by an all-zero entry, offsets relative to the table
 * start, followed by the certificate blobs in entry order. Also builds malformed tables.
 */
public final class SnpCertTableBuilder {

    public static final UUID VCEK_GUID = UUID.fromString("63da758d-e664-4564-adc5-f4b93be8accd");
    public static final UUID VLEK_GUID = UUID.fromString("a8074bc2-a25a-483e-aae6-39c045a0b8a1");
    /** Used for both the ASK and the ASVK. */
    public static final UUID ASK_GUID = UUID.fromString("4ab7b379-bbac-4fe4-a02f-05aef327c782");
    public static final UUID ARK_GUID = UUID.fromString("c0b406a4-a803-4952-9743-3fb6014cd0ae");

    public static final int ENTRY_SIZE = 24;

    /** How the 16 GUID bytes are laid out. */
    public enum GuidEncoding {
        /** EFI/Microsoft GUID: the first three groups little-endian (what most hosts emit). */
        MIXED_ENDIAN,
        /** All bytes in textual order (as AWS emitted, microsoft/CCF PR #8116). */
        BIG_ENDIAN;

        public byte[] encode(UUID guid) {
            ByteBuffer b = ByteBuffer.allocate(16)
                    .putLong(guid.getMostSignificantBits())
                    .putLong(guid.getLeastSignificantBits());
            byte[] out = b.array();
            if (this == MIXED_ENDIAN) {
                reverse(out, 0, 4);
                reverse(out, 4, 2);
                reverse(out, 6, 2);
            }
            return out;
        }

        private static void reverse(byte[] a, int from, int length) {
            for (int i = 0; i < length / 2; i++) {
                byte t = a[from + i];
                a[from + i] = a[from + length - 1 - i];
                a[from + length - 1 - i] = t;
            }
        }
    }

    /** An entry: a blob laid out after the header, or (blob == null) explicit offset/length pointing anywhere. */
    private record Entry(UUID guid, byte[] blob, long offset, long length) {
    }

    private final List<Entry> entries = new ArrayList<>();
    private GuidEncoding encoding = GuidEncoding.MIXED_ENDIAN;
    private boolean terminator = true;

    public SnpCertTableBuilder guidEncoding(GuidEncoding value) {
        this.encoding = value;
        return this;
    }

    public SnpCertTableBuilder vcek(byte[] der) {
        return entry(VCEK_GUID, der);
    }

    public SnpCertTableBuilder vlek(byte[] der) {
        return entry(VLEK_GUID, der);
    }

    /** The ASK or, for a VLEK chain, the ASVK. */
    public SnpCertTableBuilder ask(byte[] der) {
        return entry(ASK_GUID, der);
    }

    public SnpCertTableBuilder ark(byte[] der) {
        return entry(ARK_GUID, der);
    }

    /** An entry of any GUID (e.g. an unknown one) whose blob follows the header. */
    public SnpCertTableBuilder entry(UUID guid, byte[] blob) {
        entries.add(new Entry(guid, blob.clone(), 0, 0));
        return this;
    }

    /** An entry with explicit offset and length and no blob of its own: overlapping or out-of-range entries. */
    public SnpCertTableBuilder rawEntry(UUID guid, long offset, long length) {
        entries.add(new Entry(guid, null, offset, length));
        return this;
    }

    /** Leaves out the all-zero terminating entry. */
    public SnpCertTableBuilder omitTerminator() {
        this.terminator = false;
        return this;
    }

    /** Size of the entry list including the terminator, i.e. the offset of the first blob. */
    public int headerSize() {
        return ENTRY_SIZE * (entries.size() + (terminator ? 1 : 0));
    }

    public byte[] build() {
        ByteBuffer header = ByteBuffer.allocate(headerSize()).order(ByteOrder.LITTLE_ENDIAN);
        ByteArrayOutputStream blobs = new ByteArrayOutputStream();
        for (Entry e : entries) {
            long offset = e.blob() == null ? e.offset() : headerSize() + blobs.size();
            long length = e.blob() == null ? e.length() : e.blob().length;
            if (e.blob() != null) {
                blobs.writeBytes(e.blob());
            }
            header.put(encoding.encode(e.guid())).putInt((int) offset).putInt((int) length);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header.array());
        out.writeBytes(blobs.toByteArray());
        return out.toByteArray();
    }
}
