package dev.rats.policy.tpm;

import dev.rats.evidence.tpm.ClockInfo;
import dev.rats.evidence.tpm.EventLogReplay;
import dev.rats.evidence.tpm.VerifiedTpmEvidence;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The verified TPM claims of a result: JSON-friendly, stable names, hex for byte fields. */
final class TpmClaims {

    private TpmClaims() {
    }

    static Map<String, Object> of(VerifiedTpmEvidence e, Map<String, String> references, EventLogFacts.SecureBoot secureBoot) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("akSha256", e.akSpkiSha256().toHex());
        m.put("akTrust", e.akTrust().mechanism().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        m.put("akTrustAnchor", e.akTrust().anchor());
        m.put("nonceChecked", e.nonceChecked());
        m.put("quotes", e.quotes().size());
        ClockInfo clock = e.clockInfo();
        m.put("clockInfo", Map.of("clock", clock.clock(), "resetCount", clock.resetCount(), "restartCount",
                clock.restartCount(), "safe", clock.safe()));
        m.put("firmwareVersion", String.format("0x%016x", e.firmwareVersion()));
        // only PCRs that a signed selection covers: values for unselected PCRs were dropped by the verifier
        Map<String, Object> pcrs = new LinkedHashMap<>();
        e.pcrs().banks().forEach((bank, values) -> {
            Map<String, String> byIndex = new LinkedHashMap<>();
            values.forEach((index, value) -> byIndex.put(Integer.toString(index), value.toHex()));
            pcrs.put(bank.toolName(), byIndex);
        });
        m.put("pcrs", pcrs);
        if (!references.isEmpty()) {
            m.put("measurementReferences", references);
        }
        e.eventLog().ifPresent(replay -> {
            m.put("eventLog", replayStatus(replay));
            m.put("secureBoot", secureBoot.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        });
        return m;
    }

    private static Map<String, Object> replayStatus(EventLogReplay replay) {
        Map<String, Object> out = new LinkedHashMap<>();
        replay.status().forEach((bank, statuses) -> {
            Map<String, String> byIndex = new LinkedHashMap<>();
            statuses.forEach((index, status) -> byIndex.put(Integer.toString(index), status.name().toLowerCase(Locale.ROOT)));
            out.put(bank.toolName(), byIndex);
        });
        return out;
    }
}
