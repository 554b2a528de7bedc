package dev.rats.policy.tpm;

import java.util.List;
import java.util.Map;

/**
 * A TPM 2.0 appraisal policy (tpm.md §1, §4, §5), with secure defaults. Absent fields take their
 * defaults; relaxations are named. The file format is documented in README.md.
 *
 * @param platform must be {@code tpm}
 * @param name policy name, part of the policy id in results
 * @param version policy version, part of the policy id
 * @param akTrust how AKs are trusted: exactly one mechanism, or none (then no AK is trusted)
 * @param allowSha1Signatures accept quote signatures with SHA-1 (old TPMs)
 * @param requireNonce require a nonce bound in extraData (default true)
 * @param requirePcrs PCRs that must be quoted, by bank ({@code sha256: [0, 4, 7]})
 * @param eventLog event-log rules
 * @param requireReferenceValues without any PCR or event reference value the result is at best a
 *        warning (default true)
 * @param clockMustNotGoBack for enrolled AKs, whose clock the verifier records: a quote whose
 *        reset count, restart count or clock is behind an earlier one contraindicates (default true)
 */
public record TpmPolicy(
        String platform,
        String name,
        Integer version,
        AkTrustRules akTrust,
        Boolean allowSha1Signatures,
        Boolean requireNonce,
        Map<String, List<Integer>> requirePcrs,
        EventLogRules eventLog,
        Boolean requireReferenceValues,
        Boolean clockMustNotGoBack) {

    public static final String PLATFORM = "tpm";

    public TpmPolicy {
        platform = platform == null ? PLATFORM : platform;
        name = name == null ? "default" : name;
        version = version == null ? 1 : version;
        akTrust = akTrust == null ? new AkTrustRules(null, null, null, null) : akTrust;
        allowSha1Signatures = allowSha1Signatures != null && allowSha1Signatures;
        requireNonce = requireNonce == null || requireNonce;
        requirePcrs = requirePcrs == null ? Map.of() : Map.copyOf(requirePcrs);
        eventLog = eventLog == null ? new EventLogRules(null, null, null, null) : eventLog;
        requireReferenceValues = requireReferenceValues == null || requireReferenceValues;
        clockMustNotGoBack = clockMustNotGoBack == null || clockMustNotGoBack;
    }

    /** The secure default policy: trusts no AK until one mechanism is configured. */
    public static TpmPolicy defaults() {
        return new TpmPolicy(null, null, null, null, null, null, null, null, null, null);
    }

    public String id() {
        return name + "@" + version;
    }

    /**
     * One AK trust mechanism (tpm.md §4; go-tpm-tools insists on exactly one).
     *
     * @param pinnedKeys SHA-256 of the AKs' SubjectPublicKeyInfo DER, hex (§4.1)
     * @param certificateRoots PEM roots an AK certificate must chain to (§4.2)
     * @param certificateIntermediates PEM intermediates that may complete such a chain
     * @param enrolled trust AKs enrolled through EK certificate and credential activation (§4.3; service only)
     */
    public record AkTrustRules(List<String> pinnedKeys, List<String> certificateRoots, List<String> certificateIntermediates,
            Boolean enrolled) {

        public AkTrustRules {
            pinnedKeys = pinnedKeys == null ? List.of() : List.copyOf(pinnedKeys);
            certificateRoots = certificateRoots == null ? List.of() : List.copyOf(certificateRoots);
            certificateIntermediates = certificateIntermediates == null ? List.of() : List.copyOf(certificateIntermediates);
            enrolled = enrolled != null && enrolled;
        }
    }

    /**
     * Event-log rules (TCG PC Client Platform Firmware Profile; tpm.md §2.6). Only events whose PCR
     * replays to its quoted value count.
     *
     * @param required an event log must come with the quote
     * @param mismatch {@code reject} (default) or {@code warn} when a PCR's replay differs from its quoted value
     * @param requireSeparators PCRs 0-7 must each carry their EV_SEPARATOR
     * @param requireSecureBoot the SecureBoot variable measured into PCR 7 must be 1
     */
    public record EventLogRules(Boolean required, String mismatch, Boolean requireSeparators, Boolean requireSecureBoot) {

        public EventLogRules {
            required = required != null && required;
            mismatch = mismatch == null ? "reject" : mismatch;
            requireSeparators = requireSeparators != null && requireSeparators;
            requireSecureBoot = requireSecureBoot != null && requireSecureBoot;
        }
    }
}
