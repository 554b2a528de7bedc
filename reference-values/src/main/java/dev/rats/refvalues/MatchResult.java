package dev.rats.refvalues;

import java.util.Objects;
import java.util.Optional;

/** The outcome of comparing an actual value with the reference values of its kind. */
public sealed interface MatchResult {

    /** A reference value that has not expired equals the actual value. */
    record Matched(ReferenceValue value) implements MatchResult {
        public Matched {
            Objects.requireNonNull(value, "value");
        }
    }

    /** No reference values of this kind are configured. */
    record NoReferenceValues() implements MatchResult {
    }

    /**
     * No reference value that has not expired equals the actual value.
     *
     * @param enforced     whether any configured value of this kind is {@link Enforcement#ENFORCED}
     *                     (then the mismatch contraindicates; else it is only a warning)
     * @param expiredMatch the expired value that equals the actual value, if any
     */
    record Mismatch(boolean enforced, Optional<ReferenceValue> expiredMatch) implements MatchResult {
        public Mismatch {
            Objects.requireNonNull(expiredMatch, "expiredMatch");
        }
    }
}
