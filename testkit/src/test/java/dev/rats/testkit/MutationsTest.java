package dev.rats.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;

import org.junit.jupiter.api.Test;

class MutationsTest {

    private final byte[] base = {0, 1, 2, 3};

    @Test
    void singleMutationsCopyTheInput() {
        assertThat(Mutations.flipBit(base, 1, 7)).containsExactly(0, 0x81, 2, 3);
        assertThat(Mutations.flipByte(base, 0)).containsExactly(0xFF, 1, 2, 3);
        assertThat(Mutations.setByte(base, 3, 9)).containsExactly(0, 1, 2, 9);
        assertThat(Mutations.setRange(base, 1, "aa bb")).containsExactly(0, 0xAA, 0xBB, 3);
        assertThat(Mutations.fill(base, 0, 2, 7)).containsExactly(7, 7, 2, 3);
        assertThat(Mutations.truncate(base, 2)).containsExactly(0, 1);
        assertThat(Mutations.append(base, new byte[] {5})).containsExactly(0, 1, 2, 3, 5);
        assertThat(base).containsExactly(0, 1, 2, 3);
    }

    @Test
    void randomMutationsAreReproducibleFromTheSeed() {
        assertThat(Mutations.randomBytes(new Random(7), 16)).isEqualTo(Mutations.randomBytes(new Random(7), 16));
        assertThat(Mutations.randomTruncation(new Random(7), base)).hasSizeLessThan(4);
        assertThat(Mutations.randomBitFlip(new Random(7), base).bytes()).isNotEqualTo(base);
    }

    @Test
    void iteratesEveryOffsetOfARange() {
        assertThat(Mutations.byteFlips(base, 1, 3)).extracting(Mutations.Mutant::offset).containsExactly(1, 2);
        assertThat(Mutations.lowBitFlips(base, 0, 4)).allSatisfy(m -> assertThat(m.bytes()).isNotEqualTo(base));
        assertThat(Mutations.byteFlips(base, 2, 3).findFirst().orElseThrow()).hasToString("offset 0x002");
    }
}
