package dev.rats.evidence;

import dev.rats.evidence.binary.Bytes;
import dev.rats.evidence.tpm.AttestationKey;
import dev.rats.evidence.tpm.PcrValues;
import dev.rats.evidence.tpm.TcgEventLog;
import dev.rats.evidence.tpm.TpmQuote;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * TPM 2.0 evidence: one or more quotes by one AK (go-tpm-tools sends one per bank, tpm.md §3), the
 * PCR values they are claimed to cover, optionally the crypto-agile event log, and optionally AK
 * certificates (AK certificate first, then intermediates, DER). None of it is trusted: the
 * verifier establishes AK trust, verifies each quote and keeps only the PCR values the signed
 * selections cover.
 */
public record TpmEvidence(AttestationKey ak, List<TpmQuote> quotes, PcrValues pcrs, Optional<TcgEventLog> eventLog,
        List<Bytes> akCertificates) implements Evidence {

    public static final String PLATFORM = "tpm";

    public TpmEvidence {
        Objects.requireNonNull(ak);
        quotes = List.copyOf(quotes);
        Objects.requireNonNull(pcrs);
        Objects.requireNonNull(eventLog);
        akCertificates = List.copyOf(akCertificates);
    }

    /** A single quote without event log or certificates. */
    public static TpmEvidence of(AttestationKey ak, TpmQuote quote, PcrValues pcrs) {
        return new TpmEvidence(ak, List.of(quote), pcrs, Optional.empty(), List.of());
    }

    public TpmEvidence withEventLog(TcgEventLog log) {
        return new TpmEvidence(ak, quotes, pcrs, Optional.of(log), akCertificates);
    }

    public TpmEvidence withAkCertificates(List<Bytes> certificates) {
        return new TpmEvidence(ak, quotes, pcrs, eventLog, certificates);
    }

    @Override
    public String platform() {
        return PLATFORM;
    }
}
