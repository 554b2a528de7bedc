package dev.rats.refvalues;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MeasurementMatcherTest {

    static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    static final byte[] A = filled(0xaa);
    static final byte[] B = filled(0xbb);
    static final byte[] C = filled(0xcc);

    @Test
    void matchesAValueThatHasNotExpired() {
        ReferenceValue a = value(A, "a", Enforcement.ENFORCED, NOW.plusSeconds(1));
        ReferenceValue b = value(B, "b", Enforcement.WARN_ONLY, null);

        assertThat(MeasurementMatcher.match(List.of(a, b), A.clone(), NOW)).isEqualTo(new MatchResult.Matched(a));
        assertThat(MeasurementMatcher.match(List.of(a, b), B.clone(), NOW)).isEqualTo(new MatchResult.Matched(b));
    }

    @Test
    void neverMatchesAnExpiredValueButReportsIt() {
        ReferenceValue expired = value(A, "old", Enforcement.WARN_ONLY, NOW);
        ReferenceValue other = value(B, "b", Enforcement.ENFORCED, null);

        assertThat(MeasurementMatcher.match(List.of(other, expired), A, NOW))
                .isEqualTo(new MatchResult.Mismatch(true, Optional.of(expired)));
        assertThat(MeasurementMatcher.match(List.of(expired), A, NOW))
                .isEqualTo(new MatchResult.Mismatch(false, Optional.of(expired)));
    }

    @Test
    void mismatchIsEnforcedWhenAnyValueIsEnforced() {
        List<ReferenceValue> values = List.of(value(A, "a", Enforcement.WARN_ONLY, null),
                value(B, "b", Enforcement.ENFORCED, null));

        assertThat(MeasurementMatcher.match(values, C, NOW)).isEqualTo(new MatchResult.Mismatch(true, Optional.empty()));
    }

    @Test
    void mismatchIsOnlyAWarningWhenAllValuesAreWarnOnly() {
        List<ReferenceValue> values = List.of(value(A, "a", Enforcement.WARN_ONLY, null),
                value(B, "b", Enforcement.WARN_ONLY, null));

        assertThat(MeasurementMatcher.match(values, C, NOW)).isEqualTo(new MatchResult.Mismatch(false, Optional.empty()));
    }

    @Test
    void expiredEnforcedValuesStillMakeAMismatchEnforced() {
        List<ReferenceValue> values = List.of(value(A, "a", Enforcement.ENFORCED, NOW.minusSeconds(1)),
                value(B, "b", Enforcement.WARN_ONLY, null));

        assertThat(MeasurementMatcher.match(values, C, NOW)).isEqualTo(new MatchResult.Mismatch(true, Optional.empty()));
    }

    @Test
    void reportsWhenNoValuesAreConfigured() {
        assertThat(MeasurementMatcher.match(List.of(), A, NOW)).isEqualTo(new MatchResult.NoReferenceValues());
    }

    @Test
    void valuesOfAnotherLengthDoNotMatch() {
        List<ReferenceValue> values = List.of(value(A, "a", Enforcement.ENFORCED, null));

        assertThat(MeasurementMatcher.match(values, Arrays.copyOf(A, 47), NOW))
                .isEqualTo(new MatchResult.Mismatch(true, Optional.empty()));
        assertThat(MeasurementMatcher.match(values, Arrays.copyOf(A, 49), NOW))
                .isEqualTo(new MatchResult.Mismatch(true, Optional.empty()));
    }

    private static ReferenceValue value(byte[] bytes, String label, Enforcement enforcement, Instant expires) {
        return new ReferenceValue(HexValue.of(bytes), label, Optional.ofNullable(expires), enforcement);
    }

    private static byte[] filled(int b) {
        byte[] bytes = new byte[SnpReferenceValues.MEASUREMENT_BYTES];
        Arrays.fill(bytes, (byte) b);
        return bytes;
    }
}
