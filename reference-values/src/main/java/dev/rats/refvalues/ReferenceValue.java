package dev.rats.refvalues;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One acceptable value, e.g. a launch measurement.
 *
 * @param value       the expected bytes
 * @param label       what the value stands for (image, version, vCPUs ...); not blank
 * @param expires     when the value stops matching, if ever
 * @param enforcement what a mismatch means
 */
public record ReferenceValue(HexValue value, String label, Optional<Instant> expires, Enforcement enforcement) {

    public ReferenceValue {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(expires, "expires");
        Objects.requireNonNull(enforcement, "enforcement");
        if (label.isBlank()) {
            throw new IllegalArgumentException("label must not be blank");
        }
    }

    /** Whether the value has expired at {@code now}: {@code now} is at or after {@link #expires()}. */
    public boolean isExpiredAt(Instant now) {
        Objects.requireNonNull(now, "now");
        return expires.isPresent() && !now.isBefore(expires.get());
    }
}
