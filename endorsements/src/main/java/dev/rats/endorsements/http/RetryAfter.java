package dev.rats.endorsements.http;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Parses HTTP {@code Retry-After} (RFC 9110 §10.2.3): delay-seconds or an HTTP-date. AMD KDS and
 * Intel PCS send seconds, not milliseconds (sev-snp.md §4.2; LIT-Protocol/sev-snp-utils PR #15;
 * tdx.md §3.3).
 */
public final class RetryAfter {

    private static final int MAX_SECONDS_DIGITS = 9;

    private RetryAfter() {
    }

    /** The wait the header asks for, never negative; empty when absent or unreadable. */
    public static Optional<Duration> parse(Optional<String> header, Instant now) {
        if (header.isEmpty()) {
            return Optional.empty();
        }
        String value = header.get().trim();
        if (!value.isEmpty() && value.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
            // a number too long for a long is still "a very long time"
            return Optional.of(value.length() > MAX_SECONDS_DIGITS
                    ? Duration.ofSeconds(999_999_999L)
                    : Duration.ofSeconds(Long.parseLong(value)));
        }
        try {
            Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration wait = Duration.between(now, at);
            return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
