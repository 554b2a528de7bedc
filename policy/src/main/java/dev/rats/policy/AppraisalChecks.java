package dev.rats.policy;

import dev.rats.evidence.FailureCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Accumulates the failures and the AR4SI trust vector of one appraisal: every check is evaluated
 * and reported, none stops the others. Not thread-safe; one per appraisal.
 */
public final class AppraisalChecks {

    private final TrustVector vector = new TrustVector();
    private final List<Failure> failures = new ArrayList<>();

    /** The vector being built; appraisers set the claims their checks establish. */
    public TrustVector vector() {
        return vector;
    }

    /** A contraindicating failure, worsening the claim it concerns to its contraindicated value. */
    public void fail(TrustClaim claim, FailureCode code, String detail) {
        vector.worsen(claim, switch (claim) {
            case INSTANCE_IDENTITY -> TrustClaim.UNTRUSTWORTHY_INSTANCE;
            case HARDWARE -> TrustClaim.CONTRAINDICATED_HARDWARE;
            case EXECUTABLES -> TrustClaim.CONTRAINDICATED_RUNTIME;
            default -> TrustClaim.UNSUPPORTABLE_CONFIG;
        });
        failures.add(Failure.contraindicated(code, detail));
    }

    /** A contraindicating failure that worsens {@code claim} to {@code value}. */
    public void fail(TrustClaim claim, int value, FailureCode code, String detail) {
        vector.worsen(claim, value);
        failures.add(Failure.contraindicated(code, detail));
    }

    /** A warning, worsening {@code claim} to {@code value} (a warning-tier code point). */
    public void warn(TrustClaim claim, int value, FailureCode code, String detail) {
        vector.worsen(claim, value);
        failures.add(Failure.warning(code, detail));
    }

    /** The appraisal: the vector's tier, and at least a warning when anything failed. */
    public Appraisal result(String platform, String policyId, Map<String, Object> claims) {
        Status status = failures.isEmpty() ? vector.status() : vector.status().worse(Status.WARNING);
        return new Appraisal(platform, policyId, status, vector, failures, claims);
    }
}
