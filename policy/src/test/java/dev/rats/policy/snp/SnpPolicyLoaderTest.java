package dev.rats.policy.snp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.rats.evidence.binary.Bytes;
import dev.rats.evidence.snp.SnpProduct;
import dev.rats.refvalues.io.DocumentException;
import dev.rats.refvalues.io.DocumentFormat;
import dev.rats.refvalues.io.SourceLocation;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** Loading SEV-SNP policy files: the documented example, the defaults, and errors with file, line and field. */
class SnpPolicyLoaderTest {

    static final String EXAMPLE_YAML = "example-policy.yaml";
    static final String EXAMPLE_JSON = "example-policy.json";

    static Path resource(String name) {
        try {
            return Path.of(SnpPolicyLoaderTest.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Nested
    class Example {

        @Test
        void theExampleUsingEveryFieldLoadsAndCompiles() throws DocumentException {
            SnpPolicyRules r = SnpPolicyLoader.load(resource(EXAMPLE_YAML));
            SnpPolicy p = r.source();

            assertThat(p.id()).isEqualTo("prod-milan@3");
            assertThat(p.platform()).isEqualTo("sev-snp");
            assertThat(r.product()).contains(SnpProduct.MILAN);
            assertThat(r.crlRequired()).isFalse();
            assertThat(p.allowVlek()).isTrue();
            assertThat(r.minAbiMajor()).isEqualTo(1);
            assertThat(r.minAbiMinor()).isEqualTo(51);
            assertThat(p.guestPolicy()).isEqualTo(new SnpPolicy.GuestPolicyRules("1.51", false, false, true, false,
                    false, false, false, false, false));
            assertThat(p.platformInfo()).isEqualTo(new SnpPolicy.PlatformRules(true, true, false, false, false, false,
                    true, false));
            assertThat(p.maxVmpl()).isZero();
            assertThat(p.minGuestSvn()).isEqualTo(1L);
            assertThat(p.minBuild()).isEqualTo(21);
            assertThat(r.minApiVersion()).isEqualTo(1 << 8 | 55);
            assertThat(r.minTcb()).containsOnlyKeys(SnpProduct.MILAN, SnpProduct.GENOA, SnpProduct.TURIN);
            assertThat(r.minTcb(SnpProduct.MILAN)).contains(new SnpPolicy.TcbMinimum(null, 3, 0, 8, 115));
            assertThat(r.minTcb(SnpProduct.TURIN)).contains(new SnpPolicy.TcbMinimum(1, 1, 1, 1, 77));
            assertThat(r.minLaunchTcb(SnpProduct.MILAN)).contains(new SnpPolicy.TcbMinimum(null, null, null, 8, null));
            assertThat(r.minLaunchTcb(SnpProduct.GENOA)).isEmpty();
            assertThat(p.allowProvisionalFirmware()).isFalse();
            byte[] reportData = new byte[64];
            System.arraycopy(new byte[] {1, 2, 3, 4, 5}, 0, reportData, 0, 5);
            assertThat(r.reportData()).contains(Bytes.of(reportData));
            assertThat(r.hostData()).contains(Bytes.fromHex("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"));
            assertThat(r.imageId()).contains(Bytes.fromHex("00112233445566778899aabbccddeeff"));
            assertThat(r.familyId()).contains(Bytes.fromHex("ffeeddccbbaa99887766554433221100"));
            assertThat(r.reportId()).map(Bytes::length).contains(32);
            assertThat(r.reportIdMa()).contains(Bytes.of(SimulatedSnp.filled(32, 0xFF)));
            assertThat(r.chipIds()).hasSize(2).allSatisfy(c -> assertThat(c.length()).isEqualTo(64));
            assertThat(p.identity().requireIdBlock()).isTrue();
            assertThat(p.identity().requireAuthorKey()).isFalse();
            assertThat(r.trustedIdKeyDigests()).hasSize(1).allSatisfy(c -> assertThat(c.length()).isEqualTo(48));
            assertThat(r.trustedAuthorKeyDigests()).hasSize(1).allSatisfy(c -> assertThat(c.length()).isEqualTo(48));
            assertThat(r.minLaunchMitigationVector()).isZero();
            assertThat(r.minCurrentMitigationVector()).isZero();
            assertThat(r.rejectReservedMitigationBytes()).isFalse();
        }

        @Test
        void theJsonFormOfTheExampleCompilesToTheSameRules() throws DocumentException {
            SnpPolicyRules yaml = SnpPolicyLoader.load(resource(EXAMPLE_YAML));
            SnpPolicyRules json = SnpPolicyLoader.load(resource(EXAMPLE_JSON));

            assertThat(json).isEqualTo(yaml);
        }

        /** Keeps the example complete: it names every field of every policy record. */
        @Test
        void theExampleNamesEveryField() throws IOException {
            JsonNode root = YAMLMapper.builder().build().readTree(Files.readString(resource(EXAMPLE_YAML)));

            assertThat(names(root)).isEqualTo(components(SnpPolicy.class));
            assertThat(names(root.get("guestPolicy"))).isEqualTo(components(SnpPolicy.GuestPolicyRules.class));
            assertThat(names(root.get("platformInfo"))).isEqualTo(components(SnpPolicy.PlatformRules.class));
            assertThat(names(root.get("expected"))).isEqualTo(components(SnpPolicy.ExpectedFields.class));
            assertThat(names(root.get("identity"))).isEqualTo(components(SnpPolicy.IdentityRules.class));
            assertThat(names(root.get("minTcb").get("turin"))).isEqualTo(components(SnpPolicy.TcbMinimum.class));
        }

        private static Set<String> names(JsonNode node) {
            Set<String> out = new LinkedHashSet<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator(); it.hasNext();) {
                out.add(it.next().getKey());
            }
            return out;
        }

        private static Set<String> components(Class<? extends Record> type) {
            return Arrays.stream(type.getRecordComponents()).map(c -> c.getName())
                    .collect(Collectors.toCollection(LinkedHashSet::new));
        }

        @Test
        void mitigationVectorsAcceptDecimalAndHex() throws DocumentException {
            SnpPolicyRules r = SnpPolicyLoader.parse("p.yaml",
                    "minLaunchMitigationVector: \"0xFFFFFFFFFFFFFFFF\"\nminCurrentMitigationVector: \"12\"\n",
                    DocumentFormat.YAML);

            assertThat(r.minLaunchMitigationVector()).isEqualTo(-1L);
            assertThat(r.minCurrentMitigationVector()).isEqualTo(12L);
        }

        @Test
        void requiredCrlAndRejectedReservedBytesCompile() throws DocumentException {
            SnpPolicyRules r = SnpPolicyLoader.parse("p.yaml", "crl: required\nreservedMitigationBytes: reject\n",
                    DocumentFormat.YAML);

            assertThat(r.crlRequired()).isTrue();
            assertThat(r.rejectReservedMitigationBytes()).isTrue();
        }

        @Test
        void requireAuthorKeyImpliesRequireIdBlock() throws DocumentException {
            SnpPolicyRules r = SnpPolicyLoader.parse("p.yaml", "identity:\n  requireAuthorKey: true\n", DocumentFormat.YAML);

            assertThat(r.source().identity().requireIdBlock()).isTrue();
        }
    }

    @Nested
    class Defaults {

        @Test
        void theDefaultPolicyIsSecure() {
            SnpPolicyRules r = SnpPolicyLoader.defaults();
            SnpPolicy p = r.source();

            assertThat(p.id()).isEqualTo("default@1");
            assertThat(p.platform()).isEqualTo("sev-snp");
            assertThat(r.product()).isEmpty();
            assertThat(r.crlRequired()).isFalse();
            assertThat(p.allowVlek()).isTrue();
            assertThat(r.minAbiMajor()).isZero();
            assertThat(r.minAbiMinor()).isZero();
            SnpPolicy.GuestPolicyRules g = p.guestPolicy();
            assertThat(g.allowDebug()).isFalse();
            assertThat(g.allowMigrationAgent()).isFalse();
            assertThat(g.allowSmt()).isTrue();
            assertThat(g.allowCxl()).isFalse();
            assertThat(g.requireSingleSocket()).isFalse();
            assertThat(g.requireMemAes256Xts()).isFalse();
            assertThat(g.requireRaplDisabled()).isFalse();
            assertThat(g.requireCiphertextHiding()).isFalse();
            assertThat(g.requirePageSwapDisabled()).isFalse();
            SnpPolicy.PlatformRules pi = p.platformInfo();
            assertThat(pi.allowSmt()).isTrue();
            assertThat(pi.allowTsme()).isTrue();
            assertThat(pi.allowTio()).isFalse();
            assertThat(pi.requireEcc()).isFalse();
            assertThat(pi.requireRaplDisabled()).isFalse();
            assertThat(pi.requireCiphertextHiding()).isFalse();
            assertThat(pi.requireAliasCheckComplete()).isFalse();
            assertThat(pi.rejectUnknownBits()).isFalse();
            assertThat(p.maxVmpl()).isZero();
            assertThat(p.minGuestSvn()).isZero();
            assertThat(p.minBuild()).isZero();
            assertThat(r.minApiVersion()).isZero();
            assertThat(r.minTcb()).isEmpty();
            assertThat(r.minLaunchTcb()).isEmpty();
            assertThat(p.allowProvisionalFirmware()).isFalse();
            assertThat(r.reportData()).isEmpty();
            assertThat(r.hostData()).isEmpty();
            assertThat(r.imageId()).isEmpty();
            assertThat(r.familyId()).isEmpty();
            assertThat(r.reportId()).isEmpty();
            assertThat(r.reportIdMa()).isEmpty();
            assertThat(r.chipIds()).isEmpty();
            assertThat(p.identity().requireIdBlock()).isFalse();
            assertThat(p.identity().requireAuthorKey()).isFalse();
            assertThat(r.trustedIdKeyDigests()).isEmpty();
            assertThat(r.trustedAuthorKeyDigests()).isEmpty();
            assertThat(r.minLaunchMitigationVector()).isZero();
            assertThat(r.minCurrentMitigationVector()).isZero();
            assertThat(r.rejectReservedMitigationBytes()).isFalse();
        }

        @Test
        void anEmptyYamlObjectIsTheDefaultPolicy() throws DocumentException {
            assertThat(SnpPolicyLoader.parse("p.yaml", "{}\n", DocumentFormat.YAML)).isEqualTo(SnpPolicyLoader.defaults());
            assertThat(SnpPolicyLoader.parse("p.json", "{}", DocumentFormat.JSON)).isEqualTo(SnpPolicyLoader.defaults());
        }

        @Test
        void absentFieldsTakeTheirDefaults() throws DocumentException {
            SnpPolicyRules r = SnpPolicyLoader.parse("p.yaml", "name: staging\nguestPolicy:\n  allowDebug: true\n",
                    DocumentFormat.YAML);

            assertThat(r.source().id()).isEqualTo("staging@1");
            assertThat(r.source().guestPolicy().allowDebug()).isTrue();
            assertThat(r.source().guestPolicy().allowSmt()).isTrue();
            assertThat(r.source().guestPolicy().allowMigrationAgent()).isFalse();
            assertThat(r.source().maxVmpl()).isZero();
        }
    }

    @Nested
    class Errors {

        @TempDir
        Path dir;

        /** Loads {@code content} from a file and returns the error, which must name file, line and field. */
        private DocumentException error(String fileName, String content, int line, String path) throws IOException {
            Path file = dir.resolve(fileName);
            Files.writeString(file, content);
            DocumentException e = catchThrowableOfType(DocumentException.class, () -> SnpPolicyLoader.load(file));
            assertThat(e).as("loading %s must fail", content).isNotNull();
            assertThat(e.path()).isEqualTo(path);
            assertThat(e.location()).map(SourceLocation::line).contains(line);
            assertThat(e.location()).map(SourceLocation::source).contains(file.toString());
            assertThat(e.getMessage()).contains(file.toString() + ":" + line).contains(path);
            return e;
        }

        @Test
        void unknownField() throws IOException {
            DocumentException e = error("policy.yaml", "name: p\nguestPolicy:\n  allowDebugg: true\n", 3,
                    "guestPolicy.allowDebugg");
            assertThat(e.detail()).contains("allowDebug");
        }

        @Test
        void unknownTopLevelField() throws IOException {
            error("policy.yaml", "name: p\nversion: 2\nminTCB:\n  milan:\n    snp: 8\n", 3, "minTCB");
        }

        @Test
        void wrongType() throws IOException {
            error("policy.yaml", "name: p\nmaxVmpl: zero\n", 2, "maxVmpl");
            error("policy2.yaml", "name: p\nguestPolicy:\n  allowDebug: \"true\"\n", 3, "guestPolicy.allowDebug");
        }

        @Test
        void unquotedVersionIsANumberNotAString() throws IOException {
            error("policy.yaml", "name: p\nminApiVersion: 1.55\n", 2, "minApiVersion");
        }

        @Test
        void badHexLength() throws IOException {
            error("policy.yaml", "name: p\nexpected:\n  hostData: \"abcd\"\n", 3, "expected.hostData");
        }

        @Test
        void notHex() throws IOException {
            error("policy.yaml", "expected:\n  imageId: \"zz112233445566778899aabbccddeeff\"\n", 2, "expected.imageId");
        }

        @Test
        void badHexInAList() throws IOException {
            error("policy.yaml", "expected:\n  chipIds:\n    - \"" + "00".repeat(64) + "\"\n    - \"00\"\n", 4,
                    "expected.chipIds[1]");
        }

        @Test
        void anEmptyChipAllowListIsAnError() throws IOException {
            error("policy.yaml", "name: p\nexpected:\n  chipIds: []\n", 3, "expected.chipIds");
        }

        @Test
        void unknownProductInMinTcb() throws IOException {
            error("policy.yaml", "name: p\nminTcb:\n  milan:\n    snp: 8\n  venice:\n    snp: 1\n", 5, "minTcb.venice");
        }

        @Test
        void fmcOnMilan() throws IOException {
            error("policy.yaml", "minLaunchTcb:\n  genoa:\n    snp: 1\nminTcb:\n  milan:\n    snp: 8\n    fmc: 1\n", 7,
                    "minTcb.milan.fmc");
        }

        @Test
        void splOutOfRange() throws IOException {
            error("policy.yaml", "minTcb:\n  turin:\n    microcode: 256\n", 3, "minTcb.turin.microcode");
        }

        @Test
        void maxVmplFour() throws IOException {
            error("policy.yaml", "name: p\nmaxVmpl: 4\n", 2, "maxVmpl");
        }

        @Test
        void minApiVersionWithoutMinor() throws IOException {
            error("policy.yaml", "name: p\nminApiVersion: \"1\"\n", 2, "minApiVersion");
        }

        @Test
        void minAbiOutOfRange() throws IOException {
            error("policy.yaml", "guestPolicy:\n  allowDebug: false\n  minAbi: \"1.256\"\n", 3, "guestPolicy.minAbi");
        }

        @Test
        void crlSometimes() throws IOException {
            error("policy.yaml", "name: p\ncrl: sometimes\n", 2, "crl");
        }

        @Test
        void platformTdx() throws IOException {
            error("policy.yaml", "platform: tdx\nname: p\n", 1, "platform");
        }

        @Test
        void reservedMitigationBytesMaybe() throws IOException {
            error("policy.yaml", "name: p\nreservedMitigationBytes: maybe\n", 2, "reservedMitigationBytes");
        }

        @Test
        void badMitigationVector() throws IOException {
            error("policy.yaml", "name: p\nminLaunchMitigationVector: \"0xZZ\"\n", 2, "minLaunchMitigationVector");
        }

        @Test
        void duplicateField() throws IOException {
            error("policy.yaml", "name: p\nmaxVmpl: 0\nmaxVmpl: 3\n", 3, "maxVmpl");
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', value = {
            "unknown field | {\\n  \"name\": \"p\",\\n  \"allowDebug\": true\\n} | 3 | allowDebug",
            "wrong type    | {\\n  \"name\": \"p\",\\n  \"maxVmpl\": \"0\"\\n} | 3 | maxVmpl",
            "bad hex       | {\\n  \"expected\": {\\n    \"reportId\": \"00\"\\n  }\\n} | 3 | expected.reportId",
            "fmc on genoa  | {\\n  \"minTcb\": {\\n    \"genoa\": {\\n      \"fmc\": 0\\n    }\\n  }\\n} | 4 | minTcb.genoa.fmc",
            "maxVmpl 4     | {\\n  \"maxVmpl\": 4\\n} | 2 | maxVmpl"})
        void jsonErrorsNameFileLineAndField(String name, String content, int line, String path) throws IOException {
            error("policy.json", content.replace("\\n", "\n"), line, path);
        }

        @Test
        void aFileWithAnotherExtensionIsRefused() throws IOException {
            Path file = dir.resolve("policy.txt");
            Files.writeString(file, "name: p\n");

            assertThatThrownBy(() -> SnpPolicyLoader.load(file)).isInstanceOf(DocumentException.class)
                    .hasMessageContaining(file.toString());
        }

        @Test
        void aMissingFileIsADocumentException() {
            Path file = dir.resolve("absent.yaml");

            assertThatThrownBy(() -> SnpPolicyLoader.load(file)).isInstanceOf(DocumentException.class)
                    .hasMessageContaining(file.toString());
        }
    }
}
