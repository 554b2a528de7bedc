package dev.rats.evidence.snp;

import static dev.rats.evidence.binary.LittleEndian.u32;

import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.FailureCode;
import dev.rats.evidence.binary.Bytes;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * The certificate table of an SNP extended report (GHCB specification 56421, "SNP Extended Guest
 * Request"; sev-snp.md §3.6): 24-byte entries {GUID, offset u32, length u32} ended by an all-zero
 * entry; offsets are relative to the table. Unknown GUIDs are ignored. Both the EFI mixed-endian
 * and the big-endian GUID encoding are accepted (AWS emitted the latter, microsoft/CCF PR #8116).
 */
public final class SnpCertTable {

    /** Certificates the table can carry. */
    public enum Entry {
        VCEK("63da758d-e664-4564-adc5-f4b93be8accd"),
        VLEK("a8074bc2-a25a-483e-aae6-39c045a0b8a1"),
        /** The ASK, or the ASVK for a VLEK: GHCB uses one GUID for both. */
        ASK("4ab7b379-bbac-4fe4-a02f-05aef327c782"),
        ARK("c0b406a4-a803-4952-9743-3fb6014cd0ae");

        private final Bytes bigEndian;
        private final Bytes mixedEndian;

        Entry(String guid) {
            this.bigEndian = Bytes.fromHex(guid.replace("-", ""));
            byte[] b = bigEndian.toByteArray();
            byte[] m = b.clone();
            // EFI_GUID: Data1 (4 bytes), Data2 and Data3 (2 bytes each) little-endian, Data4 as is.
            for (int i = 0; i < 4; i++) {
                m[i] = b[3 - i];
            }
            m[4] = b[5];
            m[5] = b[4];
            m[6] = b[7];
            m[7] = b[6];
            this.mixedEndian = Bytes.of(m);
        }

        static Optional<Entry> of(Bytes guid) {
            for (Entry e : values()) {
                if (e.bigEndian.equals(guid) || e.mixedEndian.equals(guid)) {
                    return Optional.of(e);
                }
            }
            return Optional.empty();
        }

        /** The GUID in the EFI byte order most hosts emit. */
        public Bytes mixedEndianGuid() {
            return mixedEndian;
        }

        public Bytes bigEndianGuid() {
            return bigEndian;
        }
    }

    static final int ENTRY_LENGTH = 24;
    /** A bound on entries, against tables built to exhaust memory or time. */
    static final int MAX_ENTRIES = 64;

    private final Map<Entry, Bytes> certificates;

    private SnpCertTable(Map<Entry, Bytes> certificates) {
        this.certificates = certificates;
    }

    public Optional<Bytes> get(Entry entry) {
        return Optional.ofNullable(certificates.get(entry));
    }

    public static SnpCertTable parse(Bytes table) throws EvidenceException {
        Map<Entry, Bytes> found = new EnumMap<>(Entry.class);
        for (int index = 0; ; index++) {
            int at = index * ENTRY_LENGTH;
            if (index >= MAX_ENTRIES || at + ENTRY_LENGTH > table.length()) {
                throw malformed("the table has no all-zero terminating entry");
            }
            if (table.isAllZero(at, ENTRY_LENGTH)) {
                checkDataAfterEntries(table, index);
                return new SnpCertTable(found);
            }
            long offset = u32(table, at + 16);
            long length = u32(table, at + 20);
            if (length == 0 || offset + length > table.length()) {
                throw malformed("entry " + index + " points outside the table (offset " + offset + ", length "
                        + length + ", table " + table.length() + " bytes)");
            }
            Optional<Entry> entry = Entry.of(table.slice(at, 16));
            if (entry.isPresent()) {
                if (found.containsKey(entry.get())) {
                    throw malformed("entry " + entry.get() + " appears twice");
                }
                found.put(entry.get(), table.slice((int) offset, (int) length));
            }
        }
    }

    /** Certificate data lies after the terminating entry: entries never overlap the entry list. */
    private static void checkDataAfterEntries(Bytes table, int entries) throws EvidenceException {
        long dataStart = (long) (entries + 1) * ENTRY_LENGTH;
        for (int index = 0; index < entries; index++) {
            if (u32(table, index * ENTRY_LENGTH + 16) < dataStart) {
                throw malformed("entry " + index + " overlaps the entry list");
            }
        }
    }

    private static EvidenceException malformed(String detail) {
        return new EvidenceException(FailureCode.SNP_CERT_TABLE_MALFORMED, detail);
    }
}
