package dev.rats.refvalues;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Compares an actual measurement with the reference values of its kind. */
public final class MeasurementMatcher {

    private MeasurementMatcher() {
    }

    /**
     * Compares {@code actual} with every candidate, each in constant time and without stopping
     * at the first match. Expired values never match.
     *
     * @param candidates the configured reference values of one kind
     * @param now        the instant to judge expiry at
     */
    public static MatchResult match(List<ReferenceValue> candidates, byte[] actual, Instant now) {
        Objects.requireNonNull(actual, "actual");
        Objects.requireNonNull(now, "now");
        if (candidates.isEmpty()) {
            return new MatchResult.NoReferenceValues();
        }
        ReferenceValue matched = null;
        ReferenceValue expiredMatch = null;
        boolean enforced = false;
        for (ReferenceValue candidate : candidates) {
            boolean equal = candidate.value().matches(actual);
            boolean expired = candidate.isExpiredAt(now);
            if (equal && !expired && matched == null) {
                matched = candidate;
            }
            if (equal && expired && expiredMatch == null) {
                expiredMatch = candidate;
            }
            enforced |= candidate.enforcement() == Enforcement.ENFORCED;
        }
        return matched != null
                ? new MatchResult.Matched(matched)
                : new MatchResult.Mismatch(enforced, Optional.ofNullable(expiredMatch));
    }
}
