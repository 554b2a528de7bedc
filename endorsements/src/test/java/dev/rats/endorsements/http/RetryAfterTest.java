package dev.rats.endorsements.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryAfterTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    @Test
    void secondsAreSeconds() {
        // sev-snp.md §4.2: KDS sends seconds, not milliseconds
        assertThat(RetryAfter.parse(Optional.of("2"), NOW)).contains(Duration.ofSeconds(2));
        assertThat(RetryAfter.parse(Optional.of(" 120 "), NOW)).contains(Duration.ofSeconds(120));
        assertThat(RetryAfter.parse(Optional.of("99999999999999999999"), NOW).orElseThrow()).isGreaterThan(Duration.ofDays(365));
    }

    @Test
    void httpDatesAreAccepted() {
        assertThat(RetryAfter.parse(Optional.of("Sun, 01 Mar 2026 12:00:30 GMT"), NOW)).contains(Duration.ofSeconds(30));
        assertThat(RetryAfter.parse(Optional.of("Sun, 01 Mar 2026 11:00:00 GMT"), NOW)).contains(Duration.ZERO);
    }

    @Test
    void absentOrUnreadableIsEmpty() {
        assertThat(RetryAfter.parse(Optional.empty(), NOW)).isEmpty();
        assertThat(RetryAfter.parse(Optional.of("soon"), NOW)).isEmpty();
        assertThat(RetryAfter.parse(Optional.of("-5"), NOW)).isEmpty();
        assertThat(RetryAfter.parse(Optional.of(""), NOW)).isEmpty();
    }
}
