package dev.rats.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;

import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

class VectorsTest {

    @Test
    void missingVectorAbortsLoudly() {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true));
        try {
            assertThatThrownBy(() -> Vectors.require("snp/does-not-exist.bin"))
                    .isInstanceOf(TestAbortedException.class)
                    .hasMessageContaining("SKIPPED: shared test vectors not found at");
        } finally {
            System.setErr(err);
        }
        assertThat(captured.toString()).contains("SKIPPED: shared test vectors not found at")
                .contains("does-not-exist.bin");
    }

    @Test
    void readsBinaryHexAndPem() {
        assertThat(Vectors.bytes("snp/go-sev-guest/testdata/attestation.bin")).hasSize(1184);
        assertThat(Vectors.hex("snp/virtee-sev/report_milan.hex")).hasSize(1184);
        assertThat(Vectors.certificates("snp/virtee-sev/cert_chain_milan"))
                .extracting(c -> c.getSubjectX500Principal().getName())
                .satisfiesExactly(ask -> assertThat(ask).startsWith("CN=SEV-Milan"),
                        ark -> assertThat(ark).startsWith("CN=ARK-Milan"));
    }
}
