package dev.rats.policy;

import dev.rats.evidence.FailureCategory;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The result of appraising one evidence item (DESIGN §3, §7): EAR status, AR4SI trust vector,
 * every failure found, and the verified platform claims.
 *
 * @param platform e.g. {@code sev-snp}
 * @param policyId the name and version of the appraisal policy, e.g. {@code default@1}
 * @param claims verified claims only (never unverified input), JSON-friendly values
 */
public record Appraisal(
        String platform,
        String policyId,
        Status status,
        TrustVector trustVector,
        List<Failure> failures,
        Map<String, Object> claims) {

    public Appraisal {
        Objects.requireNonNull(platform);
        Objects.requireNonNull(policyId);
        Objects.requireNonNull(status);
        trustVector = trustVector.copy();
        failures = List.copyOf(failures);
        claims = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(claims));
        if (status == Status.AFFIRMING && !failures.isEmpty()) {
            throw new IllegalArgumentException("an affirming appraisal has no failures");
        }
    }

    public boolean isAffirming() {
        return status == Status.AFFIRMING;
    }

    /**
     * True when the verdict is "could not check" for lack of an endorsement or collateral, which
     * the service answers with 503 and no token rather than a signed verdict (DESIGN §4).
     */
    public boolean collateralUnavailable() {
        return failures.stream().anyMatch(f -> f.code().category() == FailureCategory.COLLATERAL_UNAVAILABLE);
    }
}
