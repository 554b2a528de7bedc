package dev.rats.app.api;

import tools.jackson.databind.JsonNode;

/**
 * {@code POST /v1/attest/tdx}. Binary fields are standard base64.
 *
 * @param quote the DCAP quote, v4 or v5
 * @param collateral dcap-qvl {@code QuoteCollateralV3} as a JSON object; without it the service
 *        obtains collateral from Intel PCS (or the configured PCCS, proxy or offline directory)
 * @param nonce a nonce from {@code POST /v1/challenges}, or the caller's own (8..64 bytes)
 * @param runtimeData data whose SHA-512 is REPORTDATA; must contain the nonce's base64 text
 * @param policyId the TDX appraisal policy name; default: the configured default policy
 */
public record TdxAttestationRequest(
        String quote,
        JsonNode collateral,
        String nonce,
        String runtimeData,
        String policyId) {
}
