package dev.rats.evidence.tpm;

/**
 * TPMS_CLOCK_INFO of a quote (TPM 2.0 Part 2 §10.11.1; tpm.md §2.1). resetCount and restartCount
 * are obfuscated for AKs outside the endorsement and platform hierarchies (tpm.md §6).
 *
 * @param clock milliseconds the TPM has been powered, as a u64 (negative above 2^63)
 * @param resetCount TPM resets (u32)
 * @param restartCount restarts since the last reset (u32)
 * @param safe whether clock has not been set back since last reported (TPMI_YES_NO)
 */
public record ClockInfo(long clock, long resetCount, long restartCount, boolean safe) {
}
