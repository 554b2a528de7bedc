package dev.rats.testkit.tpm;

import java.util.EnumMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** Mutable simulated PCR banks: 24 PCRs per bank, zero at reset, changed by {@link #extend}. */
public final class PcrBanks {

    public static final int PCR_COUNT = 24;

    private final Map<TpmBank, SortedMap<Integer, byte[]>> banks = new EnumMap<>(TpmBank.class);

    /** Banks of 24 zero PCRs. */
    public static PcrBanks reset(TpmBank... banks) {
        PcrBanks p = new PcrBanks();
        for (TpmBank b : banks) {
            SortedMap<Integer, byte[]> pcrs = new TreeMap<>();
            for (int i = 0; i < PCR_COUNT; i++) {
                pcrs.put(i, new byte[b.length]);
            }
            p.banks.put(b, pcrs);
        }
        return p;
    }

    /** TPM2_PCR_Extend: PCR = H(PCR ‖ digest). */
    public PcrBanks extend(TpmBank bank, int index, byte[] digest) {
        banks.get(bank).put(index, bank.hash(get(bank, index), digest));
        return this;
    }

    public PcrBanks set(TpmBank bank, int index, byte[] value) {
        banks.computeIfAbsent(bank, b -> new TreeMap<>()).put(index, value.clone());
        return this;
    }

    public byte[] get(TpmBank bank, int index) {
        return banks.get(bank).get(index).clone();
    }

    public Map<TpmBank, SortedMap<Integer, byte[]>> banks() {
        return banks;
    }

    public PcrBanks copy() {
        PcrBanks p = new PcrBanks();
        banks.forEach((b, pcrs) -> pcrs.forEach((i, v) -> p.set(b, i, v)));
        return p;
    }
}
