package dev.rats.policy.pipeline;

import dev.rats.evidence.binary.Bytes;
import dev.rats.policy.tdx.TdxPolicyRules;
import dev.rats.refvalues.TdxReferenceValues;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One Intel TDX verification request, as raw as it arrived.
 *
 * @param quote the DCAP quote (v4 or v5) bytes
 * @param collateral dcap-qvl {@code QuoteCollateralV3} JSON, if the caller supplies the collateral;
 *        otherwise the pipeline's collateral source (Intel PCS, a PCCS, an offline directory) supplies it
 * @param expectedReportData the 64-byte REPORTDATA the caller expects, if any
 * @param at the verification instant; empty means now. Re-verifying old evidence against its own
 *        collateral needs an instant inside the collateral's validity
 */
public record TdxRequest(
        byte[] quote,
        Optional<byte[]> collateral,
        TdxPolicyRules policy,
        TdxReferenceValues referenceValues,
        Optional<Bytes> expectedReportData,
        Optional<Instant> at) {

    public TdxRequest {
        Objects.requireNonNull(quote);
        Objects.requireNonNull(collateral);
        Objects.requireNonNull(policy);
        Objects.requireNonNull(referenceValues);
        Objects.requireNonNull(expectedReportData);
        Objects.requireNonNull(at);
    }
}
