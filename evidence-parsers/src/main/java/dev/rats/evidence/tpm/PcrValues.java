package dev.rats.evidence.tpm;

import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.FailureCode;
import dev.rats.evidence.binary.Bytes;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * PCR values by bank and index. As supplied by an attester they are claims; the verifier keeps
 * only those the signed selection covers and whose digest matches (tpm.md §1 steps 7–8). Readers
 * for the tpm2-tools formats are {@link PcrReadYaml} and {@link SerializedPcrs}.
 */
public final class PcrValues {

    /** PCR indices fit a 4-byte pcrSelect (tpm.md §2.7). */
    public static final int MAX_INDEX = 31;

    private final Map<TpmHashAlgorithm, SortedMap<Integer, Bytes>> banks;

    private PcrValues(Map<TpmHashAlgorithm, SortedMap<Integer, Bytes>> banks) {
        this.banks = banks;
    }

    /** Values checked for index range and digest length; fails with {@code tpm-pcr-values-malformed}. */
    public static PcrValues of(Map<TpmHashAlgorithm, ? extends Map<Integer, Bytes>> values) throws EvidenceException {
        Map<TpmHashAlgorithm, SortedMap<Integer, Bytes>> copy = new EnumMap<>(TpmHashAlgorithm.class);
        for (var bank : values.entrySet()) {
            SortedMap<Integer, Bytes> pcrs = new TreeMap<>();
            for (var pcr : bank.getValue().entrySet()) {
                int index = pcr.getKey();
                if (index < 0 || index > MAX_INDEX) {
                    throw new EvidenceException(FailureCode.TPM_PCR_VALUES_MALFORMED, "PCR index " + index + " is out of range");
                }
                if (pcr.getValue().length() != bank.getKey().digestLength()) {
                    throw new EvidenceException(FailureCode.TPM_PCR_VALUES_MALFORMED, bank.getKey().toolName() + " PCR " + index
                            + " is " + pcr.getValue().length() + " bytes, not " + bank.getKey().digestLength());
                }
                pcrs.put(index, pcr.getValue());
            }
            copy.put(bank.getKey(), Collections.unmodifiableSortedMap(pcrs));
        }
        return new PcrValues(Collections.unmodifiableMap(copy));
    }

    public static PcrValues empty() {
        return new PcrValues(Map.of());
    }

    public Optional<Bytes> get(TpmHashAlgorithm bank, int index) {
        SortedMap<Integer, Bytes> pcrs = banks.get(bank);
        return pcrs == null ? Optional.empty() : Optional.ofNullable(pcrs.get(index));
    }

    /** Unmodifiable: bank → (index → value), indices ascending. */
    public Map<TpmHashAlgorithm, SortedMap<Integer, Bytes>> banks() {
        return banks;
    }

    /** The values of one bank, indices ascending; empty when the bank is absent. */
    public SortedMap<Integer, Bytes> bank(TpmHashAlgorithm bank) {
        return banks.getOrDefault(bank, Collections.emptySortedMap());
    }

    public int size() {
        return banks.values().stream().mapToInt(Map::size).sum();
    }

    /**
     * Reads either tpm2-tools format (tpm.md §2.7): the serialized dump of {@code tpm2_quote -o}
     * starts with a little-endian u32 bank count (a NUL in its second byte), the
     * {@code tpm2_pcrread} YAML is text.
     */
    public static PcrValues read(Bytes input) throws EvidenceException {
        if (input.length() >= 4 && input.unsignedByte(1) == 0 && input.unsignedByte(2) == 0) {
            return SerializedPcrs.parse(input);
        }
        return PcrReadYaml.parse(input);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PcrValues other && banks.equals(other.banks);
    }

    @Override
    public int hashCode() {
        return banks.hashCode();
    }

    @Override
    public String toString() {
        return "PcrValues" + banks;
    }
}
