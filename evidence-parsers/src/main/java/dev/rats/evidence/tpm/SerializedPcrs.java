package dev.rats.evidence.tpm;

import static dev.rats.evidence.binary.LittleEndian.u16;
import static dev.rats.evidence.binary.LittleEndian.u32;
import static dev.rats.evidence.binary.LittleEndian.u8;

import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.FailureCode;
import dev.rats.evidence.binary.Bytes;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The PCR file {@code tpm2_quote -o} writes by default ({@code -F serialized}): a host-endian
 * (little-endian) dump of C structs, not TPM marshalling (tpm.md §2.7; keylime
 * {@code tpm_util.py __get_pcrs_from_blob}). Read only for compatibility: its selection is unsigned,
 * so it only pairs values with indices; the verifier takes the selection from the quote.
 */
public final class SerializedPcrs {

    /** TPML_PCR_SELECTION: u32 count ‖ 16 × {u16 hash ‖ u8 sizeofSelect ‖ u8[4] pcrSelect ‖ u8 pad}. */
    static final int SELECTION_LENGTH = 4 + 16 * 8;
    /** TPML_DIGEST: u32 count ‖ 8 × {u16 size ‖ u8[64] buffer}. */
    static final int DIGEST_LIST_LENGTH = 4 + 8 * 66;
    static final int DIGESTS_PER_LIST = 8;

    private SerializedPcrs() {
    }

    public static PcrValues parse(Bytes in) throws EvidenceException {
        if (in.length() < SELECTION_LENGTH + 4) {
            throw malformed("truncated: " + in.length() + " bytes");
        }
        long bankCount = u32(in, 0);
        if (bankCount > PcrSelection.MAX_BANKS) {
            throw malformed("bank count " + bankCount);
        }
        long lists = u32(in, SELECTION_LENGTH);
        // every list is full-size, so the length is fixed by the list count
        if (lists > 64 || in.length() != SELECTION_LENGTH + 4 + lists * DIGEST_LIST_LENGTH) {
            throw malformed(in.length() + " bytes do not hold " + lists + " digest lists");
        }
        Map<TpmHashAlgorithm, Map<Integer, Bytes>> values = new EnumMap<>(TpmHashAlgorithm.class);
        int list = 0;
        int slot = 0;
        for (int b = 0; b < bankCount; b++) {
            int at = 4 + 8 * b;
            TpmHashAlgorithm hash = TpmHashAlgorithm.fromId(u16(in, at))
                    .orElseThrow(() -> malformed(String.format("unknown bank 0x%04X", u16(in, at))));
            int sizeofSelect = u8(in, at + 2);
            if (sizeofSelect > PcrSelection.MAX_SELECT_BYTES) {
                throw malformed("sizeofSelect " + sizeofSelect);
            }
            if (values.containsKey(hash)) {
                throw malformed("bank " + hash.toolName() + " appears twice");
            }
            Map<Integer, Bytes> bank = new TreeMap<>();
            values.put(hash, bank);
            List<Integer> pcrs = PcrSelection.indices(in.slice(at + 3, sizeofSelect).toByteArray());
            for (int index : pcrs) {
                // the digests fill the lists in selection order, 8 per list (tpm2-tools pcr.c)
                if (list >= lists || slot >= u32(in, listStart(list))) {
                    throw malformed("fewer digests than selected PCRs");
                }
                int digestAt = listStart(list) + 4 + slot * 66;
                int size = u16(in, digestAt);
                if (size != hash.digestLength()) {
                    throw malformed(hash.toolName() + " PCR " + index + " has a " + size + "-byte digest");
                }
                bank.put(index, in.slice(digestAt + 2, size));
                if (++slot == DIGESTS_PER_LIST) {
                    slot = 0;
                    list++;
                }
            }
        }
        // every list must be used up exactly: no extra digests, no unused lists
        long declared = 0;
        for (int l = 0; l < lists; l++) {
            long count = u32(in, listStart(l));
            if (count > DIGESTS_PER_LIST) {
                throw malformed("a digest list claims " + count + " entries");
            }
            declared += count;
        }
        long used = (long) list * DIGESTS_PER_LIST + slot;
        if (declared != used || lists != (used + DIGESTS_PER_LIST - 1) / DIGESTS_PER_LIST) {
            throw malformed(declared + " digests in " + lists + " lists for " + used + " selected PCRs");
        }
        return PcrValues.of(values);
    }

    private static int listStart(int list) {
        return SELECTION_LENGTH + 4 + list * DIGEST_LIST_LENGTH;
    }

    private static EvidenceException malformed(String detail) {
        return new EvidenceException(FailureCode.TPM_PCR_VALUES_MALFORMED, "serialized PCR file: " + detail);
    }
}
