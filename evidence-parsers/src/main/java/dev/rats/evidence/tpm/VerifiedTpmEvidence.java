package dev.rats.evidence.tpm;

import dev.rats.evidence.binary.Bytes;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * TPM evidence that passed every check of {@link TpmVerifier}. Only the verifier can create it, so
 * appraisal cannot run on unverified evidence (DESIGN §3). It carries only PCR values that a
 * verified quote selected and whose pcrDigest matched; supplied values for unselected PCRs are gone.
 */
public final class VerifiedTpmEvidence {

    private final List<TpmsAttest> quotes;
    private final PcrValues pcrs;
    private final AttestationKey ak;
    private final AkTrustBasis akTrust;
    private final Optional<EventLogReplay> eventLog;
    private final boolean nonceChecked;
    private final Instant verifiedAt;

    VerifiedTpmEvidence(List<TpmsAttest> quotes, PcrValues pcrs, AttestationKey ak, AkTrustBasis akTrust,
            Optional<EventLogReplay> eventLog, boolean nonceChecked, Instant verifiedAt) {
        this.quotes = List.copyOf(quotes);
        this.pcrs = pcrs;
        this.ak = ak;
        this.akTrust = akTrust;
        this.eventLog = eventLog;
        this.nonceChecked = nonceChecked;
        this.verifiedAt = verifiedAt;
    }

    /** The verified quotes, in evidence order. */
    public List<TpmsAttest> quotes() {
        return quotes;
    }

    /** The verified PCR values by bank and index: exactly the union of the quotes' signed selections. */
    public PcrValues pcrs() {
        return pcrs;
    }

    /** The clock information of the first quote (tpm.md §1 step 9). */
    public ClockInfo clockInfo() {
        return quotes.get(0).clockInfo();
    }

    /** The TPM firmware version of the first quote (obfuscated for owner-hierarchy AKs, tpm.md §6). */
    public long firmwareVersion() {
        return quotes.get(0).firmwareVersion();
    }

    /** The verified nonce (extraData) of the first quote. */
    public Bytes extraData() {
        return quotes.get(0).extraData();
    }

    public AttestationKey ak() {
        return ak;
    }

    /** The AK identity: SHA-256 of its DER SubjectPublicKeyInfo. */
    public Bytes akSpkiSha256() {
        return ak.spkiSha256();
    }

    /** How the AK was trusted. */
    public AkTrustBasis akTrust() {
        return akTrust;
    }

    /** The event log replay per quoted PCR, when the evidence carried a log. */
    public Optional<EventLogReplay> eventLog() {
        return eventLog;
    }

    /** Whether extraData was compared with an expected nonce; false only under {@code withoutNonce()}. */
    public boolean nonceChecked() {
        return nonceChecked;
    }

    public Instant verifiedAt() {
        return verifiedAt;
    }
}
