package dev.rats.refvalues;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ModelTest {

    static final Instant EXPIRES = Instant.parse("2027-06-30T00:00:00Z");

    @Test
    void hexValueIsImmutableAndNormalised() {
        byte[] source = {(byte) 0xAB, 0x01};
        HexValue value = HexValue.of(source);
        source[0] = 0;
        value.bytes()[1] = 0;

        assertThat(value.bytes()).containsExactly(0xab, 0x01);
        assertThat(value.hex()).isEqualTo("ab01").isEqualTo(value.toString());
        assertThat(value.length()).isEqualTo(2);
    }

    @Test
    void hexValueComparesByContent() {
        HexValue value = HexValue.of(new byte[] {1, 2});

        assertThat(value).isEqualTo(HexValue.of(new byte[] {1, 2})).hasSameHashCodeAs(HexValue.of(new byte[] {1, 2}))
                .isNotEqualTo(HexValue.of(new byte[] {1, 3}));
        assertThat(value.matches(new byte[] {1, 2})).isTrue();
        assertThat(value.matches(new byte[] {1, 3})).isFalse();
        assertThat(value.matches(new byte[] {1})).isFalse();
        assertThat(value.matches(new byte[] {1, 2, 0})).isFalse();
    }

    @Test
    void referenceValueExpiresAtItsInstant() {
        ReferenceValue value = new ReferenceValue(HexValue.of(new byte[1]), "x", Optional.of(EXPIRES),
                Enforcement.ENFORCED);
        ReferenceValue forever = new ReferenceValue(HexValue.of(new byte[1]), "x", Optional.empty(),
                Enforcement.ENFORCED);

        assertThat(value.isExpiredAt(EXPIRES.minusNanos(1))).isFalse();
        assertThat(value.isExpiredAt(EXPIRES)).isTrue();
        assertThat(value.isExpiredAt(EXPIRES.plusSeconds(1))).isTrue();
        assertThat(forever.isExpiredAt(Instant.MAX)).isFalse();
    }

    @Test
    void referenceValueNeedsALabel() {
        assertThatThrownBy(() -> new ReferenceValue(HexValue.of(new byte[1]), " ", Optional.empty(),
                Enforcement.ENFORCED)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void enforcementSpellings() {
        assertThat(Enforcement.fromSpelling("enforced")).contains(Enforcement.ENFORCED);
        assertThat(Enforcement.fromSpelling("warn-only")).contains(Enforcement.WARN_ONLY);
        assertThat(Enforcement.fromSpelling("WARN_ONLY")).isEmpty();
        assertThat(Enforcement.WARN_ONLY.spelling()).isEqualTo("warn-only");
    }

    @Test
    void snpMeasurementsAre48Bytes() {
        ReferenceValue short47 = new ReferenceValue(HexValue.of(new byte[47]), "x", Optional.empty(),
                Enforcement.ENFORCED);

        assertThatThrownBy(() -> new SnpReferenceValues(List.of(short47)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("47 bytes, expected 48");
    }

    @Test
    void setNeedsAName() {
        assertThatThrownBy(() -> new ReferenceValueSet("", SnpReferenceValues.NONE))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
