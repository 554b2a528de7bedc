package dev.rats.refvalues.io;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FieldPathTest {

    @Test
    void buildsPaths() {
        assertThat(FieldPath.field("", "snp")).isEqualTo("snp");
        assertThat(FieldPath.field(FieldPath.index(FieldPath.field("snp", "measurements"), 1), "value"))
                .isEqualTo("snp.measurements[1].value");
        assertThat(FieldPath.index("", 0)).isEqualTo("[0]");
    }

    @Test
    void walksUpToTheDocument() {
        assertThat(FieldPath.parent("snp.measurements[1].value")).isEqualTo("snp.measurements[1]");
        assertThat(FieldPath.parent("snp.measurements[1]")).isEqualTo("snp.measurements");
        assertThat(FieldPath.parent("snp.measurements")).isEqualTo("snp");
        assertThat(FieldPath.parent("snp")).isEmpty();
        assertThat(FieldPath.parent("[0]")).isEmpty();
        assertThat(FieldPath.parent("")).isNull();
    }
}
