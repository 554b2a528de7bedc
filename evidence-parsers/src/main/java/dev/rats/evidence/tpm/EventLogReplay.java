package dev.rats.evidence.tpm;

import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.FailureCode;
import dev.rats.evidence.binary.Bytes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The event log replayed against verified (quoted) PCR values, bank by bank: for each quoted PCR,
 * {@code PCR = H(PCR ‖ digest)} over its extending events from zero, then compared with the quoted
 * value (TCG PC Client PFP §10.2; tpm.md §2.6, §1 step 11). Only events of PCRs that replay
 * {@link PcrReplayStatus#OK} in a quoted bank, and in no bank {@link PcrReplayStatus#MISMATCH},
 * are {@linkplain #provenEvents() proven}.
 */
public final class EventLogReplay {

    private final TcgEventLog log;
    private final Map<TpmHashAlgorithm, SortedMap<Integer, PcrReplayStatus>> status;

    private EventLogReplay(TcgEventLog log, Map<TpmHashAlgorithm, SortedMap<Integer, PcrReplayStatus>> status) {
        this.log = log;
        this.status = status;
    }

    /**
     * Replays every bank of {@code quoted}. A bank the log does not carry, or a PCR without
     * extending events, is {@link PcrReplayStatus#UNVERIFIED}.
     */
    public static EventLogReplay replay(TcgEventLog log, PcrValues quoted) throws EvidenceException {
        Objects.requireNonNull(log);
        int startupLocality = startupLocality(log);
        Map<TpmHashAlgorithm, SortedMap<Integer, PcrReplayStatus>> status = new EnumMap<>(TpmHashAlgorithm.class);
        for (var bank : quoted.banks().entrySet()) {
            TpmHashAlgorithm hash = bank.getKey();
            SortedMap<Integer, PcrReplayStatus> pcrs = new TreeMap<>();
            for (var pcr : bank.getValue().entrySet()) {
                pcrs.put(pcr.getKey(), log.specId().hasBank(hash)
                        ? replayOne(log, hash, pcr.getKey(), pcr.getValue(), startupLocality)
                        : PcrReplayStatus.UNVERIFIED);
            }
            status.put(hash, Collections.unmodifiableSortedMap(pcrs));
        }
        return new EventLogReplay(log, Collections.unmodifiableMap(status));
    }

    private static PcrReplayStatus replayOne(TcgEventLog log, TpmHashAlgorithm hash, int index, Bytes quoted, int locality) {
        byte[] value = new byte[hash.digestLength()];
        if (index == 0) {
            // spec: PFP §10.4.5.3: StartupLocality sets PCR0's initial value to 0…0 ‖ locality
            value[value.length - 1] = (byte) locality;
        }
        boolean extended = false;
        for (TcgEventLog.Event e : log.events()) {
            if (e.pcrIndex() != index || e.eventType() == TcgEventLog.EV_NO_ACTION) {
                continue;
            }
            var digest = hash.newDigest();
            digest.update(value);
            // parse guarantees one digest per Spec ID algorithm, and the bank is among them
            e.digest(hash).orElseThrow().updateDigest(digest);
            value = digest.digest();
            extended = true;
        }
        if (!extended) {
            return PcrReplayStatus.UNVERIFIED;
        }
        return Bytes.of(value).constantTimeEquals(quoted) ? PcrReplayStatus.OK : PcrReplayStatus.MISMATCH;
    }

    /**
     * spec: PFP §10.4.5.3: a PCR 0 EV_NO_ACTION event "StartupLocality\0" ‖ locality (17 bytes),
     * before any PCR 0 extension, at most once (go-attestation attest/eventlog.go replayPCR).
     */
    private static int startupLocality(TcgEventLog log) throws EvidenceException {
        int locality = 0;
        boolean found = false;
        boolean pcr0Extended = false;
        for (TcgEventLog.Event e : log.events()) {
            if (e.pcrIndex() != 0) {
                continue;
            }
            if (e.eventType() != TcgEventLog.EV_NO_ACTION) {
                pcr0Extended = true;
            } else if (startsWith(e.data(), TcgEventLog.STARTUP_LOCALITY)) {
                if (e.data().length() != TcgEventLog.STARTUP_LOCALITY.length + 1 || found || pcr0Extended) {
                    throw new EvidenceException(FailureCode.TPM_EVENT_LOG_MALFORMED,
                            "event " + e.sequence() + ": a misplaced, repeated or malformed StartupLocality event");
                }
                locality = e.data().unsignedByte(TcgEventLog.STARTUP_LOCALITY.length);
                found = true;
            }
        }
        return locality;
    }

    private static boolean startsWith(Bytes data, byte[] prefix) {
        if (data.length() < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (data.get(i) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    public TcgEventLog log() {
        return log;
    }

    /** Unmodifiable: quoted bank → (PCR index → replay status). */
    public Map<TpmHashAlgorithm, SortedMap<Integer, PcrReplayStatus>> status() {
        return status;
    }

    /** The status of one quoted PCR; UNVERIFIED for a PCR that was not quoted. */
    public PcrReplayStatus status(TpmHashAlgorithm bank, int index) {
        SortedMap<Integer, PcrReplayStatus> pcrs = status.get(bank);
        return pcrs == null ? PcrReplayStatus.UNVERIFIED : pcrs.getOrDefault(index, PcrReplayStatus.UNVERIFIED);
    }

    /** Whether any quoted PCR of any bank mismatches its replay. */
    public boolean anyMismatch() {
        return status.values().stream().anyMatch(m -> m.containsValue(PcrReplayStatus.MISMATCH));
    }

    /**
     * The extending events whose PCR replayed OK in at least one quoted bank and mismatched in none.
     * Their digests are proven; their type and data only as far as the digest covers them (tpm.md §2.6).
     */
    public List<TcgEventLog.Event> provenEvents() {
        List<TcgEventLog.Event> out = new ArrayList<>();
        for (TcgEventLog.Event e : log.events()) {
            if (e.eventType() != TcgEventLog.EV_NO_ACTION && proven(e.pcrIndex())) {
                out.add(e);
            }
        }
        return List.copyOf(out);
    }

    private boolean proven(int index) {
        boolean ok = false;
        for (SortedMap<Integer, PcrReplayStatus> pcrs : status.values()) {
            PcrReplayStatus s = pcrs.get(index);
            if (s == PcrReplayStatus.MISMATCH) {
                return false;
            }
            ok |= s == PcrReplayStatus.OK;
        }
        return ok;
    }
}
