package dev.rats.evidence.tpm;

import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.binary.Bytes;
import java.util.Objects;

/** One quote: the TPMS_ATTEST as received and its TPMT_SIGNATURE ({@code tpm2_quote -m} and {@code -s}). */
public record TpmQuote(TpmsAttest attest, TpmtSignature signature) {

    public TpmQuote {
        Objects.requireNonNull(attest);
        Objects.requireNonNull(signature);
    }

    /** Parses the two files {@code tpm2_quote -m quote.msg -s quote.sig} writes. */
    public static TpmQuote parse(Bytes tpmsAttest, Bytes tpmtSignature) throws EvidenceException {
        return new TpmQuote(TpmsAttest.parse(tpmsAttest), TpmtSignature.parse(tpmtSignature));
    }
}
