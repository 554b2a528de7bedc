package dev.rats.evidence.tpm;

/** The outcome of replaying the event log for one quoted PCR (tpm.md §1 step 11). */
public enum PcrReplayStatus {
    /** The log has events for the PCR and replaying them gives the quoted value: its events are proven. */
    OK,
    /** Replaying the PCR's events does not give the quoted value: none of its events may be trusted. */
    MISMATCH,
    /** The log has no extending events for the PCR (or not in this bank): nothing is proven, which is not "ok". */
    UNVERIFIED
}
