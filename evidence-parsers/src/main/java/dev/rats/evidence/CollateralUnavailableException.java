package dev.rats.evidence;

import java.time.Duration;
import java.util.Optional;

/**
 * "Could not check": an endorsement or collateral could not be obtained, e.g. AMD KDS is down or
 * rate-limits us. Distinct from "bad" (DESIGN §15 rule 9): the service answers 503 with
 * {@code Retry-After} and issues no token.
 */
public class CollateralUnavailableException extends EvidenceException {

    private static final long serialVersionUID = 1L;

    private final transient Optional<Duration> retryAfter;

    public CollateralUnavailableException(FailureCode code, String detail, Optional<Duration> retryAfter, Throwable cause) {
        super(code, detail, cause);
        if (code.category() != FailureCategory.COLLATERAL_UNAVAILABLE) {
            throw new IllegalArgumentException(code + " is not a collateral-unavailable code");
        }
        this.retryAfter = retryAfter;
    }

    /** When the source suggests trying again, if it said. */
    public Optional<Duration> retryAfter() {
        return retryAfter;
    }
}
