package dev.rats.app.api;

/**
 * {@code POST /v1/attest/sev-snp}. Binary fields are standard base64.
 *
 * @param report the 1184-byte attestation report
 * @param vcek the VCEK or VLEK, DER or PEM
 * @param certChain the ASK/ASVK and ARK, DER or PEM (an ARK must equal the pinned one)
 * @param certTable the extended-report certificate table (GHCB 56421)
 * @param nonce a nonce from {@code POST /v1/challenges}, or the caller's own (8..64 bytes)
 * @param runtimeData data whose SHA-512 is REPORT_DATA; must contain the nonce's base64 text
 * @param policyId the appraisal policy name; default: the configured default policy
 */
public record SnpAttestationRequest(
        String report,
        String vcek,
        String certChain,
        String certTable,
        String nonce,
        String runtimeData,
        String policyId) {
}
