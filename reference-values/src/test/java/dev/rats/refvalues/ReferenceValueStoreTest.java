package dev.rats.refvalues;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rats.refvalues.io.DocumentException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReferenceValueStoreTest {

    static final String V1 =
            "7a1e5c266c0108dbc9bb94fa926951320940915d0aafb42464bd88b579ea158d3e1a0dc39b2c60bd95b9c480cd81841f";
    static final String V2 =
            "b07af9620f3b839b47996422ddec6058338951d984e312115131ea82705eaf5b6bdf8a9ece31a5a608eb0cf2e4872b01";
    static final String YAML = fixture("prod-images.yaml");
    static final String JSON = fixture("prod-images.json");

    @TempDir
    Path dir;

    @Test
    void loadsTheYamlExample() throws Exception {
        ReferenceValueStore store = ReferenceValueStore.load(write("rv.yaml", YAML));

        assertThat(store.sets()).extracting(ReferenceValueSet::name).containsExactly("prod-images");
        List<ReferenceValue> measurements = store.set("prod-images").orElseThrow().snp().measurements();
        assertThat(measurements).hasSize(2);
        assertThat(measurements.get(0).value().hex()).isEqualTo(V1);
        assertThat(measurements.get(0).label()).isEqualTo("ubuntu-24.04 OVMF 2025.02, 4 vCPU, EPYC-v4");
        assertThat(measurements.get(0).expires()).contains(Instant.parse("2027-06-30T00:00:00Z"));
        assertThat(measurements.get(0).enforcement()).isEqualTo(Enforcement.ENFORCED);
        assertThat(measurements.get(1).value().hex()).isEqualTo(V2);
        assertThat(measurements.get(1).label()).isEqualTo("staging image");
        assertThat(measurements.get(1).expires()).isEmpty();
        assertThat(measurements.get(1).enforcement()).isEqualTo(Enforcement.WARN_ONLY);
        assertThat(store.snpMeasurements()).isEqualTo(measurements);
    }

    @Test
    void loadsTheJsonExampleIdentically() throws Exception {
        ReferenceValueStore yaml = ReferenceValueStore.load(write("rv.yaml", YAML));
        ReferenceValueStore json = ReferenceValueStore.load(write("rv.json", JSON));

        assertThat(json.sets()).isEqualTo(yaml.sets());
    }

    @Test
    void normalisesUpperCaseHex() throws Exception {
        ReferenceValueStore store = ReferenceValueStore.load(write("rv.yaml",
                YAML.replace(V1, V1.toUpperCase(Locale.ROOT))));

        assertThat(store.snpMeasurements().get(0).value().hex()).isEqualTo(V1);
    }

    @Test
    void acceptsSetsWithoutValues() throws Exception {
        ReferenceValueStore store = ReferenceValueStore.load(write("a.yaml", "name: a\n"),
                write("b.yaml", "name: b\nsnp:\n  measurements: []\n"));

        assertThat(store.sets()).extracting(ReferenceValueSet::snp)
                .containsExactly(SnpReferenceValues.NONE, SnpReferenceValues.NONE);
        assertThat(store.snpMeasurements()).isEmpty();
    }

    @Test
    void rejectsBadHex() throws IOException {
        String badChar = V1.substring(0, 5) + "g" + V1.substring(6);
        assertRejected(YAML.replace(V1, badChar), ":4:7: snp.measurements[0].value: invalid hex character 'g' at index 5");
        assertRejected(YAML.replace(V2, V2.substring(2)),
                ":7:7: snp.measurements[1].value: expected 96 hex characters (48 bytes), got 94");
        assertRejected(YAML.replace(V2, V2 + "0"),
                ":7:7: snp.measurements[1].value: expected 96 hex characters (48 bytes), got 97");
        assertRejected(YAML.replace(V1, "0x" + V1),
                ":4:7: snp.measurements[0].value: expected 96 hex characters (48 bytes) without a 0x prefix");
        assertRejected(YAML.replace("- value: " + V2 + "\n      label", "- label"),
                ":7:7: snp.measurements[1].value: required field is missing or null");
    }

    @Test
    void rejectsMissingOrBlankLabels() throws IOException {
        assertRejected(YAML.replace("      label: \"staging image\"\n", ""),
                ":7:7: snp.measurements[1].label: required field is missing or null");
        assertRejected(YAML.replace("\"staging image\"", "\"   \""), ":8:7: snp.measurements[1].label: must not be blank");
        assertRejected(YAML.replace("\"staging image\"", ""),
                ":8:7: snp.measurements[1].label: required field is missing or null");
    }

    @Test
    void rejectsBadTimestamps() throws IOException {
        String expected = ":6:7: snp.measurements[0].expires: expected an RFC 3339 timestamp with offset such as "
                + "2027-06-30T00:00:00Z, got '%s'";
        for (String bad : List.of("tomorrow", "2027-06-30", "2027-06-30T00:00:00", "2027-13-01T00:00:00Z")) {
            assertRejected(YAML.replace("2027-06-30T00:00:00Z", bad), expected.formatted(bad));
        }
    }

    @Test
    void rejectsBadEnforcement() throws IOException {
        assertRejected(YAML.replace("warn-only", "warn_only"),
                ":9:7: snp.measurements[1].enforcement: expected enforced or warn-only, got 'warn_only'");
    }

    @Test
    void rejectsUnknownFields() throws IOException {
        assertRejected(YAML + "sgx: {}\n", ":10:1: sgx: unknown field (allowed: name, snp, tdx, tpm)");
        assertRejected(YAML + "tdx:\n  mrtd: []\n", ":11:3: tdx.mrtd: unknown field (allowed: mrTd, rtmr0, rtmr1, rtmr2, "
                + "rtmr3, mrConfigId, mrOwner, mrOwnerConfig, mrSeam)");
        assertRejected(YAML.replace("enforcement:", "enforcment:"),
                ":9:7: snp.measurements[1].enforcment: unknown field (allowed: value, label, expires, enforcement)");
        assertRejected(YAML.replace("  measurements:", "  measurement:"),
                ":3:3: snp.measurement: unknown field (allowed: measurements)");
    }

    @Test
    void rejectsMissingName() throws IOException {
        assertRejected(YAML.replace("name: prod-images\n", ""), ":1:1: name: required field is missing or null");
    }

    @Test
    void rejectsDuplicateKeys() throws IOException {
        assertRejected(YAML.replace("      label: \"staging image\"\n", "      label: \"staging image\"\n      label: x\n"),
                ":9:7: snp.measurements[1].label: duplicate field");
        assertRejected(YAML + "name: again\n", ":10:1: name: duplicate field");
    }

    @Test
    void rejectsWrongTypes() throws IOException {
        assertRejected(YAML.replace("\"staging image\"", "[a, b]"),
                ":8:7: snp.measurements[1].label: expected a string, got a list");
        assertRejected(YAML.replace("warn-only", "true"),
                ":9:7: snp.measurements[1].enforcement: expected a string, got a boolean (quote it to make it a string)");
        assertRejected("name: x\nsnp:\n  measurements: 42\n", ":3:3: snp.measurements: expected a list, got an integer");
        assertRejected("name: x\nsnp: [a]\n", ":2:1: snp: expected an object, got a list");
        assertRejected("name: x\nsnp:\n  measurements:\n    -\n",
                ":4:6: snp.measurements[0]: expected an object, got null");
    }

    @Test
    void rejectsEmptyFiles() throws IOException {
        assertRejected("", ":1:1: empty document");
        assertRejected("# only a comment\n", ":1:1: empty document");
    }

    @Test
    void rejectsFilesThatAreNotYaml() throws IOException {
        Path file = write("rv.yaml", "name: prod-images\nsnp: [\n  measurements:\n");
        assertThatThrownBy(() -> ReferenceValueStore.load(file))
                .isInstanceOf(DocumentException.class)
                .hasMessageStartingWith(file + ":4:1: invalid YAML: while parsing a flow ");
        assertRejected("This is not a reference value file.", ":1:1: expected an object, got a string");
    }

    @Test
    void reportsJsonErrorsWithLines() throws IOException {
        Path file = write("rv.json", JSON.replace("\"staging image\"", "42"));
        assertThatThrownBy(() -> ReferenceValueStore.load(file)).hasMessage(file
                + ":12:9: snp.measurements[1].label: expected a string, got an integer (quote it to make it a string)");
        Path shortValue = write("short.json", JSON.replace(V2, V2.substring(2)));
        assertThatThrownBy(() -> ReferenceValueStore.load(shortValue)).hasMessage(shortValue
                + ":11:9: snp.measurements[1].value: expected 96 hex characters (48 bytes), got 94");
    }

    @Test
    void mergesSetsInLoadOrder() throws Exception {
        Path a = write("a.yaml", YAML.replace("\n    - value: " + V2 + "\n      label: \"staging image\"\n"
                + "      enforcement: warn-only\n", "\n"));
        Path b = write("b.json", "{\"name\": \"other\", \"snp\": {\"measurements\": [{\"value\": \"" + V2
                + "\", \"label\": \"other\"}]}}");

        ReferenceValueStore store = ReferenceValueStore.load(a, b);

        assertThat(store.sets()).extracting(ReferenceValueSet::name).containsExactly("prod-images", "other");
        assertThat(store.snpMeasurements()).extracting(value -> value.value().hex()).containsExactly(V1, V2);
        assertThat(store.set("other")).map(set -> set.snp().measurements().get(0).label()).contains("other");
        assertThat(store.set("missing")).isEmpty();
    }

    @Test
    void rejectsDuplicateValuesAcrossFiles() throws IOException {
        Path a = write("a.yaml", YAML);
        Path b = write("b.yaml", "name: other\nsnp:\n  measurements:\n    - value: " + V2 + "\n      label: copy\n");

        assertThatThrownBy(() -> ReferenceValueStore.load(a, b)).isInstanceOf(DocumentException.class)
                .hasMessage(b + ":4:7: snp.measurements[0].value: duplicate SNP measurement, first defined at "
                        + a + ":7:7");
    }

    @Test
    void rejectsDuplicateValuesWithinAFile() throws IOException {
        Path file = write("rv.yaml", YAML.replace(V2, V1.toUpperCase(Locale.ROOT)));

        assertThatThrownBy(() -> ReferenceValueStore.load(file))
                .hasMessage(file + ":7:7: snp.measurements[1].value: duplicate SNP measurement, first defined at "
                        + file + ":4:7");
    }

    @Test
    void rejectsDuplicateSetNames() throws IOException {
        Path a = write("a.yaml", YAML);
        Path b = write("b.yaml", "snp:\n  measurements: []\nname: prod-images\n");

        assertThatThrownBy(() -> ReferenceValueStore.load(a, b))
                .hasMessage(b + ":3:1: name: duplicate set name 'prod-images', first defined at " + a + ":1:1");
        assertThatThrownBy(() -> ReferenceValueStore.load(a, a))
                .hasMessage(a + ":1:1: name: duplicate set name 'prod-images', first defined at " + a + ":1:1");
    }

    @Test
    void loadsNothingFromNoFiles() throws DocumentException {
        ReferenceValueStore store = ReferenceValueStore.load();

        assertThat(store.sets()).isEmpty();
        assertThat(MeasurementMatcher.match(store.snpMeasurements(), new byte[48], Instant.EPOCH))
                .isEqualTo(new MatchResult.NoReferenceValues());
    }

    @Test
    void matchesTheExampleAgainstTheClock() throws Exception {
        List<ReferenceValue> values = ReferenceValueStore.load(write("rv.yaml", YAML)).snpMeasurements();
        byte[] actual = values.get(0).value().bytes();

        assertThat(MeasurementMatcher.match(values, actual, Instant.parse("2027-06-29T23:59:59Z")))
                .isEqualTo(new MatchResult.Matched(values.get(0)));
        assertThat(MeasurementMatcher.match(values, actual, Instant.parse("2027-06-30T00:00:00Z")))
                .isEqualTo(new MatchResult.Mismatch(true, Optional.of(values.get(0))));
    }

    static final String TDX = """
            name: tdx-images
            tdx:
              mrTd:
                - value: %s
                  label: "td-shim, 4 vCPU"
              rtmr1:
                - value: %s
                  label: "kernel 6.8"
                  enforcement: warn-only
                  expires: 2027-01-01T00:00:00Z
            """.formatted(V1, V2);

    @Test
    void loadsTdxValuesPerRegister() throws Exception {
        ReferenceValueStore store = ReferenceValueStore.load(write("rv.yaml", YAML), write("tdx.yaml", TDX));
        TdxReferenceValues tdx = store.tdx();
        assertThat(tdx.values(TdxRegister.MR_TD)).extracting(v -> v.value().hex()).containsExactly(V1);
        assertThat(tdx.values(TdxRegister.RTMR1)).singleElement().satisfies(v -> {
            assertThat(v.enforcement()).isEqualTo(Enforcement.WARN_ONLY);
            assertThat(v.expires()).contains(Instant.parse("2027-01-01T00:00:00Z"));
            assertThat(v.label()).isEqualTo("kernel 6.8");
        });
        assertThat(tdx.values(TdxRegister.RTMR2)).isEmpty();
        assertThat(tdx.size()).isEqualTo(2);
        assertThat(store.set("prod-images").orElseThrow().tdx()).isEqualTo(TdxReferenceValues.NONE);
        // the same value may appear for different registers, and as an SNP measurement
        assertThat(store.snpMeasurements()).hasSize(2);
    }

    @Test
    void rejectsBadTdxValues() throws IOException {
        assertRejected(TDX.replace(V1, V1.substring(2)), ":4:7: tdx.mrTd[0].value: expected 96 hex characters (48 bytes), got 94");
        Path duplicate = write("dup.yaml", TDX + "  rtmr0: [{value: " + V1 + ", label: a}, {value: " + V1 + ", label: b}]\n");
        assertThatThrownBy(() -> ReferenceValueStore.load(duplicate)).isInstanceOf(DocumentException.class)
                .hasMessage(duplicate + ":11:129: tdx.rtmr0[1].value: duplicate TDX RTMR0 value, first defined at "
                        + duplicate + ":11:12");
    }

    static final String P32 = "ab".repeat(32);
    static final String TPM = """
            name: tpm-boot
            tpm:
              pcrs:
                sha256:
                  "7":
                    - value: %s
                      label: "secure boot policy"
                  "0":
                    - value: %s
                      label: "firmware 1.2"
                      enforcement: warn-only
                sha384:
                  "7":
                    - value: %s
                      label: "secure boot policy (sha384)"
              eventDigests:
                - bank: sha256
                  pcr: 4
                  eventType: "0x80000003"
                  value: %s
                  label: "shim 15.8"
            """.formatted(P32, "cd".repeat(32), "ef".repeat(48), P32);

    @Test
    void loadsTpmPcrAndEventValues() throws Exception {
        TpmReferenceValues tpm = ReferenceValueStore.load(write("tpm.yaml", TPM)).tpm();
        assertThat(tpm.pcrs().get(TpmBank.SHA256)).containsOnlyKeys(0, 7);
        assertThat(tpm.pcrs().get(TpmBank.SHA256).get(0)).singleElement()
                .satisfies(v -> assertThat(v.enforcement()).isEqualTo(Enforcement.WARN_ONLY));
        assertThat(tpm.pcrs().get(TpmBank.SHA384).get(7)).singleElement()
                .satisfies(v -> assertThat(v.value().length()).isEqualTo(48));
        assertThat(tpm.eventDigests()).singleElement().satisfies(d -> {
            assertThat(d.pcr()).isEqualTo(4);
            assertThat(d.eventType()).isEqualTo(0x80000003L);
            assertThat(d.value().label()).isEqualTo("shim 15.8");
        });
        assertThat(tpm.size()).isEqualTo(4);
    }

    @Test
    void rejectsBadTpmValues() throws IOException {
        assertRejected(TPM.replace("sha384:", "md5:"), ":12:5: tpm.pcrs.md5: unknown bank 'md5' (sha1, sha256, sha384, sha512)");
        assertRejected(TPM.replace("\"0\":", "\"24\":"), ":8:7: tpm.pcrs.sha256.24: expected a PCR index 0..23, got '24'");
        assertRejected(TPM.replace("ef".repeat(48), "ef".repeat(32)),
                ":14:11: tpm.pcrs.sha384.7[0].value: expected 96 hex characters (48 bytes), got 64");
        assertRejected(TPM.replace("\"0x80000003\"", "\"boot app\""),
                ":19:7: tpm.eventDigests[0].eventType: expected an event type such as \"0x80000003\", got 'boot app'");
        assertRejected(TPM.replace("pcr: 4", "pcr: 40"), ":18:7: tpm.eventDigests[0].pcr: must be 0..23, got 40");
    }

    private void assertRejected(String content, String expectedAfterFileName) throws IOException {
        Path file = write("rv.yaml", content);
        assertThatThrownBy(() -> ReferenceValueStore.load(file))
                .isInstanceOf(DocumentException.class)
                .hasMessage(file + expectedAfterFileName);
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    private static String fixture(String name) {
        try (InputStream in = ReferenceValueStoreTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
