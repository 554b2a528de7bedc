package dev.rats.app.api;

import java.util.Map;

/**
 * {@code POST /v1/attest/tpm}. Binary fields are standard base64 of the files tpm2-tools writes.
 *
 * @param quote TPMS_ATTEST ({@code tpm2_quote -m})
 * @param signature TPMT_SIGNATURE ({@code tpm2_quote -s})
 * @param akPublic the AK: TPM2B_PUBLIC ({@code tpm2_createak -u}) or a DER/PEM public key
 * @param pcrs PCR values by bank and index: {@code {"sha256": {"0": "hex", ...}}}
 * @param eventLog the TCG PC Client crypto-agile event log
 * @param akCertChain the AK certificate and intermediates, DER or PEM
 * @param nonce the quote's qualifying data ({@code tpm2_quote -q}): a nonce from
 *        {@code POST /v1/challenges} or the caller's own (8..64 bytes)
 * @param policyId the TPM appraisal policy name; default: the configured default policy
 */
public record TpmAttestationRequest(
        String quote,
        String signature,
        String akPublic,
        Map<String, Map<String, String>> pcrs,
        String eventLog,
        String akCertChain,
        String nonce,
        String policyId) {
}
