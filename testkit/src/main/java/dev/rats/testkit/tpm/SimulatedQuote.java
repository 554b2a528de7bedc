package dev.rats.testkit.tpm;

/**
 * A simulated quote: the TPMS_ATTEST bytes ({@code tpm2_quote -m}) and the TPMT_SIGNATURE over
 * them ({@code tpm2_quote -s}).
 */
public record SimulatedQuote(byte[] attest, byte[] signature) {
}
