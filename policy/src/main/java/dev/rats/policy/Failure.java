package dev.rats.policy;

import dev.rats.evidence.FailureCode;
import java.util.Objects;

/**
 * One reason an appraisal is not affirming.
 *
 * @param severity {@link Status#WARNING} or {@link Status#CONTRAINDICATED}
 * @param detail a human explanation; clients rely on {@code code}, never on this text
 */
public record Failure(FailureCode code, Status severity, String detail) {

    public Failure {
        Objects.requireNonNull(code);
        Objects.requireNonNull(detail);
        if (severity != Status.WARNING && severity != Status.CONTRAINDICATED) {
            throw new IllegalArgumentException("a failure is a warning or contraindicated");
        }
    }

    public static Failure contraindicated(FailureCode code, String detail) {
        return new Failure(code, Status.CONTRAINDICATED, detail);
    }

    public static Failure warning(FailureCode code, String detail) {
        return new Failure(code, Status.WARNING, detail);
    }
}
