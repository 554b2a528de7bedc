package dev.rats.policy.tpm;

import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.FailureCode;
import dev.rats.evidence.binary.Bytes;
import dev.rats.evidence.tpm.AkCertificateChain;
import dev.rats.evidence.tpm.AkTrust;
import dev.rats.evidence.tpm.PinnedAkKeys;
import dev.rats.evidence.tpm.TpmHashAlgorithm;
import dev.rats.evidence.x509.CertificateDecoder;
import dev.rats.policy.PolicyException;
import dev.rats.policy.PolicyValues;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** A {@link TpmPolicy} validated and compiled. Every error names the field path. */
public record TpmPolicyRules(
        TpmPolicy source,
        AkMechanism akMechanism,
        Optional<AkTrust> configuredAkTrust,
        Map<TpmHashAlgorithm, Set<Integer>> requirePcrs,
        boolean rejectEventLogMismatch) {

    /** The AK trust mechanism of a policy (tpm.md §4). */
    public enum AkMechanism {
        /** None configured: no AK is trusted. */
        NONE,
        PINNED_KEYS,
        CERTIFICATE_CHAIN,
        ENROLLED
    }

    /** Trusts no AK: what a policy without an AK trust mechanism does. */
    static final AkTrust NO_AK_TRUSTED = (ak, certificates, at) -> {
        throw new EvidenceException(FailureCode.TPM_AK_UNTRUSTED, "the policy trusts no AK (its akTrust names no mechanism); "
                + "this AK's SubjectPublicKeyInfo SHA-256 is " + ak.spkiSha256().toHex());
    };

    public static TpmPolicyRules compile(TpmPolicy p) throws PolicyException {
        if (!TpmPolicy.PLATFORM.equals(p.platform())) {
            throw new PolicyException("platform", "must be 'tpm' in a TPM policy, got '" + p.platform() + "'");
        }
        if (p.name().isBlank()) {
            throw new PolicyException("name", "must not be blank");
        }
        if (p.version() < 1) {
            throw new PolicyException("version", "must be at least 1");
        }
        boolean rejectMismatch = switch (p.eventLog().mismatch()) {
            case "reject" -> true;
            case "warn" -> false;
            default -> throw new PolicyException("eventLog.mismatch", "must be 'reject' or 'warn', got '" + p.eventLog().mismatch() + "'");
        };
        TpmPolicy.AkTrustRules ak = p.akTrust();
        List<AkMechanism> configured = new ArrayList<>();
        if (!ak.pinnedKeys().isEmpty()) {
            configured.add(AkMechanism.PINNED_KEYS);
        }
        if (!ak.certificateRoots().isEmpty()) {
            configured.add(AkMechanism.CERTIFICATE_CHAIN);
        }
        if (ak.enrolled()) {
            configured.add(AkMechanism.ENROLLED);
        }
        if (configured.size() > 1) {
            throw new PolicyException("akTrust", "names " + configured + ": a policy trusts AKs by exactly one mechanism");
        }
        if (!ak.certificateIntermediates().isEmpty() && !configured.contains(AkMechanism.CERTIFICATE_CHAIN)) {
            throw new PolicyException("akTrust.certificateIntermediates", "needs certificateRoots");
        }
        AkMechanism mechanism = configured.isEmpty() ? AkMechanism.NONE : configured.get(0);
        Optional<AkTrust> trust = switch (mechanism) {
            case PINNED_KEYS -> Optional.of(PinnedAkKeys.ofDigests(
                    PolicyValues.bytesList(ak.pinnedKeys(), 32, "akTrust.pinnedKeys")));
            case CERTIFICATE_CHAIN -> Optional.of(AkCertificateChain.of(
                    certificates(ak.certificateRoots(), "akTrust.certificateRoots"),
                    certificates(ak.certificateIntermediates(), "akTrust.certificateIntermediates")));
            case NONE -> Optional.of(NO_AK_TRUSTED);
            case ENROLLED -> Optional.empty();
        };
        return new TpmPolicyRules(p, mechanism, trust, pcrs(p.requirePcrs()), rejectMismatch);
    }

    /** {@code sha256: [0, 7]} → banks and indexes, each 0..23. */
    private static Map<TpmHashAlgorithm, Set<Integer>> pcrs(Map<String, List<Integer>> in) throws PolicyException {
        Map<TpmHashAlgorithm, Set<Integer>> out = new EnumMap<>(TpmHashAlgorithm.class);
        for (var entry : in.entrySet()) {
            String path = "requirePcrs." + entry.getKey();
            TpmHashAlgorithm bank = TpmHashAlgorithm.fromToolName(entry.getKey()).orElseThrow(() -> new PolicyException(path,
                    "unknown bank '" + entry.getKey() + "' (sha1, sha256, sha384, sha512)"));
            Set<Integer> indexes = new TreeSet<>();
            List<Integer> list = entry.getValue() == null ? List.of() : entry.getValue();
            for (int i = 0; i < list.size(); i++) {
                Integer index = list.get(i);
                if (index == null || index < 0 || index > 23) {
                    throw new PolicyException(path + "[" + i + "]", "must be a PCR index 0..23");
                }
                indexes.add(index);
            }
            out.put(bank, Set.copyOf(indexes));
        }
        return Map.copyOf(out);
    }

    private static List<X509Certificate> certificates(List<String> pems, String path) throws PolicyException {
        List<X509Certificate> out = new ArrayList<>();
        for (int i = 0; i < pems.size(); i++) {
            try {
                List<Bytes> ders = CertificateDecoder.derCertificates(pems.get(i).getBytes(StandardCharsets.US_ASCII));
                for (Bytes der : ders) {
                    out.add(CertificateDecoder.certificate(der));
                }
            } catch (EvidenceException | RuntimeException e) {
                throw new PolicyException(path + "[" + i + "]", "is not a PEM certificate: " + e.getMessage());
            }
        }
        return List.copyOf(out);
    }
}
