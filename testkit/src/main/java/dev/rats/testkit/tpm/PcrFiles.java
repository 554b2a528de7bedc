package dev.rats.testkit.tpm;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes PCR values in the two tpm2-tools formats (tpm.md §2.7). */
public final class PcrFiles {

    private PcrFiles() {
    }

    /** The YAML {@code tpm2_pcrread} prints: two-space bank lines, four-space PCR lines, upper-case hex. */
    public static byte[] pcrreadYaml(PcrBanks values, Map<TpmBank, List<Integer>> selection) {
        StringBuilder out = new StringBuilder();
        selection.forEach((bank, pcrs) -> {
            out.append("  ").append(bank.toolName).append(":\n");
            for (int i : pcrs) {
                out.append(String.format("    %-2d: 0x%s\n", i, HexFormat.of().withUpperCase().formatHex(values.get(bank, i))));
            }
        });
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Every PCR of every bank of {@code values}. */
    public static byte[] pcrreadYaml(PcrBanks values) {
        Map<TpmBank, List<Integer>> all = new LinkedHashMap<>();
        values.banks().forEach((bank, pcrs) -> all.put(bank, List.copyOf(pcrs.keySet())));
        return pcrreadYaml(values, all);
    }

    /**
     * The {@code tpm2_quote -o} serialized dump: TPML_PCR_SELECTION (132 bytes) ‖ u32 nLists ‖
     * nLists × TPML_DIGEST (532 bytes), little-endian C structs.
     */
    public static byte[] serialized(PcrBanks values, Map<TpmBank, List<Integer>> selection) {
        TpmWriter w = TpmWriter.littleEndian().u32(selection.size());
        int slots = 0;
        for (var e : selection.entrySet()) {
            byte[] bitmap = new byte[4];
            for (int i : e.getValue()) {
                bitmap[i / 8] |= (byte) (1 << (i % 8));
            }
            w.u16(e.getKey().algorithmId).u8(3).bytes(bitmap).u8(0);
            slots++;
        }
        for (; slots < 16; slots++) {
            w.bytes(new byte[8]);
        }
        List<byte[]> digests = new java.util.ArrayList<>();
        selection.forEach((bank, pcrs) -> pcrs.forEach(i -> digests.add(values.get(bank, i))));
        int lists = (digests.size() + 7) / 8;
        w.u32(lists);
        for (int l = 0; l < lists; l++) {
            int count = Math.min(8, digests.size() - 8 * l);
            w.u32(count);
            for (int s = 0; s < 8; s++) {
                byte[] buffer = new byte[64];
                int size = 0;
                if (s < count) {
                    byte[] d = digests.get(8 * l + s);
                    System.arraycopy(d, 0, buffer, 0, d.length);
                    size = d.length;
                }
                w.u16(size).bytes(buffer);
            }
        }
        return w.toByteArray();
    }
}
