package dev.rats.evidence.tpm;

import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.binary.Bytes;

/**
 * The highest TPMS_CLOCK_INFO an AK has shown (TPM 2.0 Part 1 §36; tpm.md §6): a TPM's resetCount
 * and restartCount never decrease and, between resets, its clock only moves forward, so a quote
 * whose clock is behind an earlier one is a replay or comes from a rolled-back TPM.
 */
@FunctionalInterface
public interface AkClockHistory {

    /** No history is kept: nothing ever moved backwards. */
    AkClockHistory NONE = (ak, clock) -> false;

    /**
     * Records {@code clock} of a verified quote by the AK whose SubjectPublicKeyInfo SHA-256 is
     * {@code akSha256} and says whether it is behind the highest seen before (which it then does
     * not replace).
     */
    boolean movedBackwards(Bytes akSha256, ClockInfo clock) throws EvidenceException;
}
