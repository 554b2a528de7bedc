package dev.rats.testkit.tpm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The swtpm harness itself: start, tool calls, PCR extension as the simulated banks predict, clean shutdown. */
class SoftwareTpmTest {

    @Test
    void extendsAndReadsPcrsLikeTheSimulation() throws Exception {
        SoftwareTpm.assumeAvailable();
        Path dir;
        TcgEventLogBuilder log = new TcgEventLogBuilder(TpmBank.SHA256, TpmBank.SHA384)
                .event(9, TcgEventLogBuilder.EV_IPL, "kernel".getBytes(StandardCharsets.US_ASCII));
        try (SoftwareTpm tpm = SoftwareTpm.start()) {
            dir = tpm.dir();
            for (TcgEventLogBuilder.Extension e : log.extensions()) {
                tpm.extend(e.pcr(), e.digests());
            }
            String yaml = new String(tpm.pcrread("sha256:9+sha384:9"), StandardCharsets.UTF_8);
            PcrBanks expected = log.replay();
            assertThat(yaml).contains("  sha256:\n    9 : 0x" + HexFormat.of().withUpperCase().formatHex(expected.get(TpmBank.SHA256, 9)));
            assertThat(yaml).contains("  sha384:\n    9 : 0x" + HexFormat.of().withUpperCase().formatHex(expected.get(TpmBank.SHA384, 9)));
            // the harness's YAML writer prints the same shape
            String written = new String(PcrFiles.pcrreadYaml(expected, Map.of(TpmBank.SHA256, List.of(9))), StandardCharsets.UTF_8);
            assertThat(yaml).startsWith(written);

            SoftwareTpm.Key ak = tpm.createAk("ak", "ecc", "sha256", "ecdsa");
            assertThat(ak.tpm2bPublicBytes()).hasSize(90);
            assertThat(new String(ak.pemBytes(), StandardCharsets.US_ASCII)).startsWith("-----BEGIN PUBLIC KEY-----");
            SoftwareTpm.Quote q = tpm.quote(ak, "sha256:9", new byte[] {1, 2}, "sha256");
            assertThat(q.signature()).hasSize(72);
            assertThat(q.serializedPcrs()).hasSize(668);
        }
        assertThat(Files.exists(dir)).isFalse();
    }

    @Test
    void serializedWriterMatchesTheDocumentedSizes() {
        PcrBanks values = PcrBanks.reset(TpmBank.SHA256);
        assertThat(PcrFiles.serialized(values, Map.of(TpmBank.SHA256, List.of(0, 1, 2, 3, 4, 5, 6, 7)))).hasSize(668);
        assertThat(PcrFiles.serialized(values, Map.of(TpmBank.SHA256, List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9)))).hasSize(1200);
    }
}
