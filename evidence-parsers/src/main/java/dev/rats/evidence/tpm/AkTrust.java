package dev.rats.evidence.tpm;

import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.binary.Bytes;
import java.time.Instant;
import java.util.List;

/**
 * One mechanism that decides whether an AK is trusted (tpm.md §1 step 2, §4): exactly one per
 * verification context, as go-tpm-tools' {@code validateOpts} insists. This module provides
 * {@link PinnedAkKeys} and {@link AkCertificateChain}; enrolment by credential activation (§4.3) and
 * TEE binding (§4.4) plug in as further implementations.
 */
@FunctionalInterface
public interface AkTrust {

    /**
     * Accepts {@code ak} and says how, or throws with a {@code TRUST} failure code.
     *
     * @param akCertificates the DER certificates the evidence carries, AK certificate first, then
     *        untrusted intermediates; mechanisms that do not use certificates ignore them
     * @param at the verification instant (certificate validity)
     */
    AkTrustBasis establish(AttestationKey ak, List<Bytes> akCertificates, Instant at) throws EvidenceException;
}
