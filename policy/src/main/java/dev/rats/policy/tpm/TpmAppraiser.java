package dev.rats.policy.tpm;

import static dev.rats.policy.TrustClaim.CONFIGURATION;
import static dev.rats.policy.TrustClaim.EXECUTABLES;
import static dev.rats.policy.TrustClaim.HARDWARE;
import static dev.rats.policy.TrustClaim.INSTANCE_IDENTITY;

import dev.rats.evidence.FailureCode;
import dev.rats.evidence.TpmEvidence;
import dev.rats.evidence.binary.Bytes;
import dev.rats.evidence.tpm.AkClockHistory;
import dev.rats.evidence.tpm.AkTrustMechanism;
import dev.rats.evidence.tpm.EventLogReplay;
import dev.rats.evidence.tpm.PcrReplayStatus;
import dev.rats.evidence.tpm.TcgEventLog;
import dev.rats.evidence.tpm.TpmHashAlgorithm;
import dev.rats.evidence.tpm.VerifiedTpmEvidence;
import dev.rats.policy.Appraisal;
import dev.rats.policy.AppraisalChecks;
import dev.rats.policy.TrustClaim;
import dev.rats.refvalues.EventDigestReference;
import dev.rats.refvalues.MatchResult;
import dev.rats.refvalues.MeasurementMatcher;
import dev.rats.refvalues.ReferenceValue;
import dev.rats.refvalues.TpmBank;
import dev.rats.refvalues.TpmReferenceValues;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Appraises verified TPM 2.0 evidence (tpm.md §1 steps 9–12, §5): freshness, the PCRs the policy
 * requires to be quoted, PCR reference values (enforced or warn-only, as Constellation does for
 * cloud-controlled PCRs), and event-log rules on proven events only (separators, Secure Boot, event
 * digest reference values). Every check is evaluated and reported. Stateless and thread-safe.
 */
public final class TpmAppraiser {

    /**
     * Inputs that vary per request.
     *
     * @param clockHistory where the clock of enrolled AKs is recorded ({@link AkClockHistory#NONE}: nowhere)
     */
    public record Request(TpmPolicyRules policy, TpmReferenceValues referenceValues, AkClockHistory clockHistory) {
    }

    public Appraisal appraise(VerifiedTpmEvidence e, Request request) {
        AppraisalChecks c = new AppraisalChecks();
        TpmPolicyRules p = request.policy();
        c.vector().set(HARDWARE, TrustClaim.GENUINE_HARDWARE)
                .set(INSTANCE_IDENTITY, TrustClaim.RECOGNIZED_INSTANCE)
                .set(CONFIGURATION, TrustClaim.APPROVED_CONFIG);

        if (!e.nonceChecked() && p.source().requireNonce()) {
            // tpm.md §1 step 6: without a verifier nonce in extraData a quote may be a replay
            c.fail(INSTANCE_IDENTITY, FailureCode.NONCE_REQUIRED, "no nonce bound the quote and the policy requires one");
        }
        requiredPcrs(e, p, c);
        Map<String, String> labels = new LinkedHashMap<>();
        boolean executablesMatched = pcrReferenceValues(e, request.referenceValues(), labels, c);
        executablesMatched |= eventDigests(e, request.referenceValues(), labels, c);
        if (request.referenceValues().isEmpty() && p.source().requireReferenceValues()) {
            c.warn(EXECUTABLES, TrustClaim.UNRECOGNIZED_RUNTIME, FailureCode.MEASUREMENT_UNREFERENCED,
                    "no TPM PCR or event reference value is configured");
        } else if (executablesMatched) {
            c.vector().worsen(EXECUTABLES, TrustClaim.APPROVED_RUNTIME);
        }
        EventLogFacts.SecureBoot secureBoot = eventLog(e, p, c);
        clock(e, p, request.clockHistory(), c);
        return c.result(TpmEvidence.PLATFORM, p.source().id(), TpmClaims.of(e, labels, secureBoot));
    }

    /** The policy's {@code requirePcrs}: the signed selections must cover them (tpm.md §1 step 7). */
    private static void requiredPcrs(VerifiedTpmEvidence e, TpmPolicyRules p, AppraisalChecks c) {
        for (var entry : p.requirePcrs().entrySet()) {
            Set<Integer> missing = new TreeSet<>();
            for (int index : entry.getValue()) {
                if (e.pcrs().get(entry.getKey(), index).isEmpty()) {
                    missing.add(index);
                }
            }
            if (!missing.isEmpty()) {
                c.fail(CONFIGURATION, FailureCode.TPM_PCR_NOT_QUOTED, entry.getKey().toolName() + " PCRs " + missing
                        + " are required but not quoted");
            }
        }
    }

    /**
     * Every PCR index with reference values must be quoted in at least one bank that has values for
     * it, and match one of them in every such bank that is quoted (the same measurement in several
     * banks; expired values never match). Returns whether any matched and none failed.
     */
    private static boolean pcrReferenceValues(VerifiedTpmEvidence e, TpmReferenceValues refs, Map<String, String> labels,
            AppraisalChecks c) {
        boolean matched = false;
        boolean failed = false;
        Map<Integer, List<TpmBank>> banksByIndex = new java.util.TreeMap<>();
        refs.pcrs().forEach((bank, byIndex) -> byIndex.keySet().forEach(index ->
                banksByIndex.computeIfAbsent(index, i -> new ArrayList<>()).add(bank)));
        for (var entry : banksByIndex.entrySet()) {
            int index = entry.getKey();
            boolean quoted = false;
            for (TpmBank bank : entry.getValue()) {
                Optional<Bytes> actual = e.pcrs().get(hash(bank), index);
                if (actual.isEmpty()) {
                    continue;
                }
                quoted = true;
                String name = bank.fieldName() + " PCR " + index;
                switch (MeasurementMatcher.match(refs.pcrs().get(bank).get(index), actual.get().toByteArray(), e.verifiedAt())) {
                    case MatchResult.Matched m -> {
                        labels.put(bank.fieldName() + ":" + index, m.value().label());
                        matched = true;
                    }
                    case MatchResult.Mismatch m -> {
                        failed = true;
                        mismatch(name + " " + actual.get().toHex(), m, c);
                    }
                    case MatchResult.NoReferenceValues none -> {
                    }
                }
            }
            if (!quoted) {
                failed = true;
                c.fail(EXECUTABLES, FailureCode.TPM_PCR_NOT_QUOTED, "PCR " + index + " has reference values for "
                        + entry.getValue().stream().map(TpmBank::fieldName).toList() + " but no quote covers it in those banks");
            }
        }
        return matched && !failed;
    }

    /**
     * Each proven event of a (bank, PCR, type) that has digest reference values must match one of
     * them. Events of PCRs that did not replay are never looked at (tpm.md §1 step 11).
     */
    private static boolean eventDigests(VerifiedTpmEvidence e, TpmReferenceValues refs, Map<String, String> labels,
            AppraisalChecks c) {
        if (refs.eventDigests().isEmpty()) {
            return false;
        }
        List<TcgEventLog.Event> proven = e.eventLog().map(EventLogReplay::provenEvents).orElse(List.of());
        boolean matched = false;
        boolean failed = false;
        for (EventDigestReference group : groups(refs.eventDigests())) {
            List<ReferenceValue> candidates = refs.eventDigests().stream()
                    .filter(r -> r.concerns(group.bank(), group.pcr(), group.eventType())).map(EventDigestReference::value).toList();
            String kind = String.format("%s PCR %d event type 0x%X", group.bank().fieldName(), group.pcr(), group.eventType());
            TpmHashAlgorithm hash = hash(group.bank());
            int seen = 0;
            for (TcgEventLog.Event event : proven) {
                if (event.pcrIndex() != group.pcr() || event.eventType() != group.eventType()) {
                    continue;
                }
                Optional<Bytes> digest = event.digest(hash);
                if (digest.isEmpty()) {
                    continue;
                }
                seen++;
                switch (MeasurementMatcher.match(candidates, digest.get().toByteArray(), e.verifiedAt())) {
                    case MatchResult.Matched m -> labels.put("event " + event.sequence(), m.value().label());
                    case MatchResult.Mismatch m -> {
                        failed = true;
                        mismatch(kind + " (event " + event.sequence() + ") digest " + digest.get().toHex(), m, c);
                    }
                    case MatchResult.NoReferenceValues none -> {
                    }
                }
            }
            matched |= seen > 0;
            if (seen == 0) {
                c.warn(EXECUTABLES, TrustClaim.UNRECOGNIZED_RUNTIME, FailureCode.MEASUREMENT_UNREFERENCED,
                        "the verified event log has no " + kind + " event to compare with its reference values");
            }
        }
        return matched && !failed;
    }

    private static List<EventDigestReference> groups(List<EventDigestReference> refs) {
        List<EventDigestReference> out = new ArrayList<>();
        for (EventDigestReference r : refs) {
            if (out.stream().noneMatch(g -> g.concerns(r.bank(), r.pcr(), r.eventType()))) {
                out.add(r);
            }
        }
        return out;
    }

    private static void mismatch(String what, MatchResult.Mismatch m, AppraisalChecks c) {
        String expired = m.expiredMatch().map(v -> "; it matches '" + v.label() + "', which expired at "
                + v.expires().orElseThrow()).orElse("");
        if (m.enforced()) {
            c.fail(EXECUTABLES, FailureCode.MEASUREMENT_NOT_ALLOWED, what + " matches no reference value" + expired);
        } else {
            c.warn(EXECUTABLES, TrustClaim.UNRECOGNIZED_RUNTIME, FailureCode.MEASUREMENT_WARN_ONLY_MISMATCH,
                    what + " matches no warn-only reference value" + expired);
        }
    }

    /**
     * tpm.md §6: the clock of an enrolled AK, recorded by the verifier, only moves forward (TPM 2.0
     * Part 1 §36); recorded even when the policy does not check it.
     */
    private static void clock(VerifiedTpmEvidence e, TpmPolicyRules p, AkClockHistory history, AppraisalChecks c) {
        if (e.akTrust().mechanism() != AkTrustMechanism.ENROLLED) {
            return;
        }
        try {
            if (history.movedBackwards(e.akSpkiSha256(), e.clockInfo()) && p.source().clockMustNotGoBack()) {
                c.fail(INSTANCE_IDENTITY, FailureCode.TPM_CLOCK_WENT_BACKWARDS, "the quote's clock " + e.clockInfo()
                        + " is behind an earlier quote by this AK");
            }
        } catch (dev.rats.evidence.EvidenceException ex) {
            c.fail(INSTANCE_IDENTITY, ex.code(), ex.getMessage());
        }
    }

    /** tpm.md §2.6: the event-log rules, on proven events only. */
    private static EventLogFacts.SecureBoot eventLog(VerifiedTpmEvidence e, TpmPolicyRules p, AppraisalChecks c) {
        TpmPolicy.EventLogRules rules = p.source().eventLog();
        if (e.eventLog().isEmpty()) {
            if (rules.required() || rules.requireSeparators() || rules.requireSecureBoot()) {
                c.fail(CONFIGURATION, FailureCode.TPM_EVENT_LOG_REQUIRED, "the policy needs an event log and there is none");
            }
            return EventLogFacts.SecureBoot.NOT_MEASURED;
        }
        EventLogReplay replay = e.eventLog().get();
        for (var bank : replay.status().entrySet()) {
            for (var pcr : bank.getValue().entrySet()) {
                if (pcr.getValue() == PcrReplayStatus.MISMATCH) {
                    // only reachable with eventLog.mismatch: warn; otherwise verification failed
                    c.warn(CONFIGURATION, TrustClaim.UNSAFE_CONFIG, FailureCode.TPM_EVENT_LOG_MISMATCH,
                            bank.getKey().toolName() + " PCR " + pcr.getKey() + " does not replay to its quoted value");
                }
            }
        }
        List<TcgEventLog.Event> proven = replay.provenEvents();
        if (rules.requireSeparators()) {
            Set<Integer> missing = new TreeSet<>(List.of(0, 1, 2, 3, 4, 5, 6, 7));
            missing.removeAll(EventLogFacts.separatorPcrs(proven));
            if (!missing.isEmpty()) {
                c.fail(CONFIGURATION, FailureCode.TPM_SEPARATOR_MISSING, "no proven EV_SEPARATOR in PCRs " + missing);
            }
        }
        EventLogFacts.SecureBoot secureBoot = EventLogFacts.secureBoot(proven);
        if (rules.requireSecureBoot() && secureBoot != EventLogFacts.SecureBoot.ENABLED) {
            c.fail(CONFIGURATION, FailureCode.TPM_SECURE_BOOT_NOT_ENABLED, "Secure Boot in the proven PCR 7 events: "
                    + secureBoot.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
        }
        return secureBoot;
    }

    private static TpmHashAlgorithm hash(TpmBank bank) {
        return TpmHashAlgorithm.fromToolName(bank.fieldName()).orElseThrow();
    }
}
