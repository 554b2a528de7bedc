package dev.rats.evidence.tpm;

import dev.rats.evidence.binary.Bytes;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Everything a TPM verification depends on besides the evidence, injected (DESIGN §15 rule 6).
 * Secure by default: a nonce is required, signature hashes are SHA-256/384/512 (go-tpm-tools
 * {@code SignatureHashAlgs}), an event-log mismatch fails. Relaxations are named.
 *
 * @param at the verification instant (AK certificate validity)
 * @param akTrust the one AK trust mechanism of this policy (tpm.md §1 step 2)
 * @param expectedNonce the value every quote's extraData must equal; empty only via {@link #withoutNonce()}
 * @param signatureHashes the hashes a quote signature may use
 * @param eventLogMismatchFails when false, a PCR whose replay mismatches is reported, not fatal
 */
public record TpmVerificationContext(Instant at, AkTrust akTrust, Optional<Bytes> expectedNonce,
        Set<TpmHashAlgorithm> signatureHashes, boolean eventLogMismatchFails) {

    public TpmVerificationContext {
        Objects.requireNonNull(at);
        Objects.requireNonNull(akTrust);
        Objects.requireNonNull(expectedNonce);
        signatureHashes = Set.copyOf(signatureHashes);
    }

    /** The secure default: nonce required, SHA-256/384/512 signatures, event-log mismatches fail. */
    public static TpmVerificationContext of(Instant at, AkTrust akTrust, Bytes nonce) {
        return new TpmVerificationContext(at, akTrust, Optional.of(nonce),
                EnumSet.of(TpmHashAlgorithm.SHA256, TpmHashAlgorithm.SHA384, TpmHashAlgorithm.SHA512), true);
    }

    /** Relaxation: also accept SHA-1 signatures (old TPMs). */
    public TpmVerificationContext allowingSha1Signatures() {
        Set<TpmHashAlgorithm> hashes = EnumSet.of(TpmHashAlgorithm.SHA1);
        hashes.addAll(signatureHashes);
        return new TpmVerificationContext(at, akTrust, expectedNonce, hashes, eventLogMismatchFails);
    }

    /** Relaxation: no nonce check; the result records that freshness was not established. */
    public TpmVerificationContext withoutNonce() {
        return new TpmVerificationContext(at, akTrust, Optional.empty(), signatureHashes, eventLogMismatchFails);
    }

    /** Relaxation: report PCRs whose replay mismatches as {@link PcrReplayStatus#MISMATCH} instead of failing. */
    public TpmVerificationContext reportingEventLogMismatches() {
        return new TpmVerificationContext(at, akTrust, expectedNonce, signatureHashes, false);
    }

    public TpmVerificationContext at(Instant instant) {
        return new TpmVerificationContext(instant, akTrust, expectedNonce, signatureHashes, eventLogMismatchFails);
    }
}
