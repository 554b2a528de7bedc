package dev.rats.refvalues.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HexTest {

    @Test
    void decodesLowerAndUpperCase() throws DocumentException {
        assertThat(Hex.parse("00ff7A", 3, "v")).containsExactly(0x00, 0xff, 0x7a);
    }

    @Test
    void reportsWrongLengthInCharactersAndBytes() {
        assertThatThrownBy(() -> Hex.parse("abcdef", 4, "snp.x"))
                .isInstanceOfSatisfying(DocumentException.class, e -> {
                    assertThat(e.path()).isEqualTo("snp.x");
                    assertThat(e.detail()).isEqualTo("expected 8 hex characters (4 bytes), got 6");
                    assertThat(e.location()).isEmpty();
                });
        assertThatThrownBy(() -> Hex.parse("abcdef012", 4, "snp.x"))
                .hasMessage("snp.x: expected 8 hex characters (4 bytes), got 9");
    }

    @Test
    void rejectsPrefix() {
        assertThatThrownBy(() -> Hex.parse("0xabcdef", 3, "v"))
                .hasMessage("v: expected 6 hex characters (3 bytes) without a 0x prefix");
        assertThatThrownBy(() -> Hex.parse("0Xabcdef", 3, "v"))
                .hasMessage("v: expected 6 hex characters (3 bytes) without a 0x prefix");
    }

    @Test
    void rejectsNonHexCharacters() {
        assertThatThrownBy(() -> Hex.parse("abcg", 2, "v")).hasMessage("v: invalid hex character 'g' at index 3");
        assertThatThrownBy(() -> Hex.parse("ab c", 2, "v")).hasMessage("v: invalid hex character U+0020 at index 2");
        // Non-ASCII digits, which Character.digit would accept.
        assertThatThrownBy(() -> Hex.parse("ab\uFF11\uFF12", 2, "v"))
                .hasMessage("v: invalid hex character '\uFF11' at index 2");
    }

    @Test
    void rejectsNull() {
        assertThatThrownBy(() -> Hex.parse(null, 2, "v")).hasMessage("v: required field is missing or null");
    }
}
