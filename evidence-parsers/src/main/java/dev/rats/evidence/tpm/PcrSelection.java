package dev.rats.evidence.tpm;

import dev.rats.evidence.EvidenceException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A TPML_PCR_SELECTION: banks in the order the structure lists them, each with its PCR indices in
 * ascending order. This order defines the pcrDigest (tpm.md §2.2).
 */
public record PcrSelection(List<Bank> banks) {

    /** spec: TPM 2.0 Part 2 TPML_PCR_SELECTION: at most HASH_COUNT entries; tpm.md §2.1 (≤ 16). */
    static final int MAX_BANKS = 16;
    /** spec: TPMS_PCR_SELECTION.sizeofSelect ≤ PCR_SELECT_MAX; 4 covers 32 PCRs (the tpm2-tools file layout, §2.7). */
    static final int MAX_SELECT_BYTES = 4;

    /** One TPMS_PCR_SELECTION: a bank and its selected PCR indices, ascending. */
    public record Bank(TpmHashAlgorithm hash, List<Integer> pcrs) {
        public Bank {
            Objects.requireNonNull(hash);
            pcrs = List.copyOf(pcrs);
        }
    }

    public PcrSelection {
        banks = List.copyOf(banks);
    }

    /** Whether PCR {@code index} of bank {@code hash} is selected. */
    public boolean selects(TpmHashAlgorithm hash, int index) {
        for (Bank b : banks) {
            if (b.hash() == hash && b.pcrs().contains(index)) {
                return true;
            }
        }
        return false;
    }

    /** The number of selected PCRs over all banks. */
    public int size() {
        return banks.stream().mapToInt(b -> b.pcrs().size()).sum();
    }

    /**
     * spec: TPM 2.0 Part 2 TPML_PCR_SELECTION = u32 count ‖ count × {u16 hash ‖ u8 sizeofSelect ‖
     * pcrSelect}; PCR i ⇔ pcrSelect[i/8] bit (i%8) (tpm.md §2.1). A bank listed twice is rejected.
     */
    static PcrSelection read(TpmBuffer in) throws EvidenceException {
        long count = in.u32("TPML_PCR_SELECTION.count");
        if (count > MAX_BANKS) {
            throw in.malformed("TPML_PCR_SELECTION.count " + count + " exceeds " + MAX_BANKS);
        }
        List<Bank> banks = new ArrayList<>();
        Set<TpmHashAlgorithm> seen = EnumSet.noneOf(TpmHashAlgorithm.class);
        for (int i = 0; i < count; i++) {
            TpmHashAlgorithm hash = TpmHashAlgorithm.require(in.u16("TPMS_PCR_SELECTION.hash"), "the PCR selection");
            if (!seen.add(hash)) {
                throw in.malformed("the PCR selection lists the " + hash.toolName() + " bank twice");
            }
            int sizeofSelect = in.u8("TPMS_PCR_SELECTION.sizeofSelect");
            if (sizeofSelect > MAX_SELECT_BYTES) {
                throw in.malformed("sizeofSelect " + sizeofSelect + " exceeds " + MAX_SELECT_BYTES);
            }
            banks.add(new Bank(hash, indices(in.bytes(sizeofSelect, "TPMS_PCR_SELECTION.pcrSelect").toByteArray())));
        }
        return new PcrSelection(banks);
    }

    static List<Integer> indices(byte[] bitmap) {
        List<Integer> pcrs = new ArrayList<>();
        for (int i = 0; i < bitmap.length * 8; i++) {
            if ((bitmap[i / 8] >> (i % 8) & 1) != 0) {
                pcrs.add(i);
            }
        }
        return pcrs;
    }
}
