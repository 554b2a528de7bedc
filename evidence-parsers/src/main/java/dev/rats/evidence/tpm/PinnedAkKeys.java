package dev.rats.evidence.tpm;

import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.FailureCode;
import dev.rats.evidence.binary.Bytes;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Trusts exactly the AKs whose SHA-256(DER SubjectPublicKeyInfo) is pinned, as trustee's
 * {@code trusted_ak_keys_dir} and go-tpm-tools' {@code TrustedAKs} do (tpm.md §4.1).
 */
public final class PinnedAkKeys implements AkTrust {

    private final Set<Bytes> spkiSha256;

    private PinnedAkKeys(Set<Bytes> spkiSha256) {
        this.spkiSha256 = spkiSha256;
    }

    /** Pins by digest: each value is SHA-256 of a DER SubjectPublicKeyInfo (32 bytes). */
    public static PinnedAkKeys ofDigests(Collection<Bytes> spkiSha256) {
        for (Bytes d : spkiSha256) {
            if (d.length() != 32) {
                throw new IllegalArgumentException("a pinned AK digest is 32 bytes, got " + d.length());
            }
        }
        return new PinnedAkKeys(Set.copyOf(spkiSha256));
    }

    /** Pins the given keys. */
    public static PinnedAkKeys of(Collection<AttestationKey> keys) {
        return ofDigests(keys.stream().map(AttestationKey::spkiSha256).toList());
    }

    @Override
    public AkTrustBasis establish(AttestationKey ak, List<Bytes> akCertificates, Instant at) throws EvidenceException {
        Bytes digest = ak.spkiSha256();
        // constant-time per candidate; the set's size is configuration, not secret
        boolean pinned = false;
        for (Bytes candidate : spkiSha256) {
            pinned |= candidate.constantTimeEquals(digest);
        }
        if (!pinned) {
            throw new EvidenceException(FailureCode.TPM_AK_UNTRUSTED, "AK " + digest.toHex() + " is not pinned");
        }
        return new AkTrustBasis(AkTrustMechanism.PINNED_KEY, "spki-sha256:" + digest.toHex(), Optional.empty());
    }
}
