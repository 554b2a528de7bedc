package dev.rats.evidence.tpm;

import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.FailureCode;
import dev.rats.evidence.binary.Bytes;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader for the YAML that {@code tpm2_pcrread} prints (tpm2-tools 5.x; tpm.md §2.7), and
 * nothing more general: bank lines ({@code sha256:}) at one indentation, each followed by PCR lines
 * ({@code 0 : 0x…} or {@code 16: 0x…}) at a deeper one. No YAML library: this module depends on
 * Bouncy Castle and jackson-core only, and the shape is fixed. Any other line, a duplicate bank or
 * PCR, or a digest of the wrong length fails with {@code tpm-pcr-values-malformed}.
 */
public final class PcrReadYaml {

    private static final int MAX_INPUT = 64 * 1024;
    private static final Pattern BANK = Pattern.compile("( *)([a-z0-9_]+):");
    private static final Pattern PCR = Pattern.compile("( *)([0-9]{1,2}) *: *0x([0-9A-Fa-f]+)");

    private PcrReadYaml() {
    }

    public static PcrValues parse(Bytes input) throws EvidenceException {
        if (input.length() > MAX_INPUT) {
            throw malformed("the PCR YAML is " + input.length() + " bytes");
        }
        String text = new String(input.toByteArray(), StandardCharsets.UTF_8);
        Map<TpmHashAlgorithm, Map<Integer, Bytes>> banks = new EnumMap<>(TpmHashAlgorithm.class);
        Map<Integer, Bytes> current = null;
        TpmHashAlgorithm currentHash = null;
        int bankIndent = -1;
        int pcrIndent = -1;
        int lineNumber = 0;
        for (String raw : text.split("\n", -1)) {
            lineNumber++;
            String line = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
            if (line.isBlank()) {
                continue;
            }
            Matcher bank = BANK.matcher(line);
            Matcher pcr = PCR.matcher(line);
            if (bank.matches()) {
                int indent = bank.group(1).length();
                if (bankIndent >= 0 && indent != bankIndent) {
                    throw malformed("line " + lineNumber + ": bank indented differently from the first bank");
                }
                bankIndent = indent;
                currentHash = TpmHashAlgorithm.fromToolName(bank.group(2))
                        .orElseThrow(() -> malformed("unknown PCR bank '" + abbreviate(bank.group(2)) + "'"));
                if (banks.containsKey(currentHash)) {
                    throw malformed("line " + lineNumber + ": bank " + currentHash.toolName() + " appears twice");
                }
                current = new TreeMap<>();
                banks.put(currentHash, current);
                pcrIndent = -1;
            } else if (pcr.matches() && current != null) {
                int indent = pcr.group(1).length();
                if (indent <= bankIndent || pcrIndent >= 0 && indent != pcrIndent) {
                    throw malformed("line " + lineNumber + ": PCR line not indented under its bank");
                }
                pcrIndent = indent;
                int index = Integer.parseInt(pcr.group(2));
                String hex = pcr.group(3);
                if (index > PcrValues.MAX_INDEX || hex.length() != 2 * currentHash.digestLength()) {
                    throw malformed("line " + lineNumber + ": PCR " + index + " is out of range or not a "
                            + currentHash.toolName() + " digest");
                }
                if (current.put(index, Bytes.of(HexFormat.of().parseHex(hex))) != null) {
                    throw malformed("line " + lineNumber + ": PCR " + index + " appears twice");
                }
            } else {
                throw malformed("line " + lineNumber + " is not a tpm2_pcrread bank or PCR line");
            }
        }
        if (banks.isEmpty()) {
            throw malformed("no PCR banks");
        }
        return PcrValues.of(banks);
    }

    private static String abbreviate(String s) {
        return s.length() > 16 ? s.substring(0, 16) + "…" : s;
    }

    private static EvidenceException malformed(String detail) {
        return new EvidenceException(FailureCode.TPM_PCR_VALUES_MALFORMED, "tpm2_pcrread YAML: " + detail);
    }
}
