package dev.rats.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rats.evidence.FailureCode;
import dev.rats.policy.snp.SnpPolicyLoader;
import dev.rats.policy.snp.SnpPolicyRules;
import dev.rats.policy.tdx.TdxPolicyLoader;
import dev.rats.policy.tdx.TdxPolicyRules;
import dev.rats.policy.tpm.TpmPolicyLoader;
import dev.rats.policy.tpm.TpmPolicyRules;
import dev.rats.refvalues.Enforcement;
import dev.rats.refvalues.ReferenceValueStore;
import dev.rats.refvalues.TdxRegister;
import dev.rats.refvalues.TpmBank;
import dev.rats.refvalues.io.DocumentFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keeps README.md true: its example files load, and it documents every failure code. */
class ReadmeExamplesTest {

    private static final Path README = Path.of("..", "README.md");

    private static String readme() throws IOException {
        return Files.readString(README);
    }

    /** The first ```yaml block after a heading. */
    private static String yamlAfter(String heading) throws IOException {
        String text = readme();
        int at = text.indexOf(heading);
        assertThat(at).as("README heading '%s'", heading).isNotNegative();
        Matcher m = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL).matcher(text);
        assertThat(m.find(at)).as("a yaml block after '%s'", heading).isTrue();
        return m.group(1);
    }

    @Test
    void policyExampleLoads() throws Exception {
        SnpPolicyRules rules = SnpPolicyLoader.parse("README policy", yamlAfter("## Appraisal policy files"), DocumentFormat.YAML);
        assertThat(rules.source().id()).isEqualTo("production@3");
        assertThat(rules.minApiVersion()).isEqualTo(1 << 8 | 55);
        assertThat(rules.crlRequired()).isFalse();
    }

    @Test
    void tdxPolicyExampleLoadsAndItsDefaultsAreTheBuiltInOnes() throws Exception {
        TdxPolicyRules rules = TdxPolicyLoader.parse("README TDX policy", yamlAfter("## Appraisal policy files (TDX)"),
                DocumentFormat.YAML);
        assertThat(rules.source().id()).isEqualTo("production-tdx@2");
        TdxPolicyRules defaults = TdxPolicyLoader.defaults();
        assertThat(rules.acceptedTcbStatuses()).isEqualTo(defaults.acceptedTcbStatuses());
        assertThat(rules.tdAttributes()).isEqualTo(defaults.tdAttributes());
        assertThat(rules.xfam()).isEqualTo(defaults.xfam());
        assertThat(rules.crlRequired()).isEqualTo(defaults.crlRequired());
        assertThat(rules.requireReferenceValues()).isEqualTo(defaults.requireReferenceValues());
        assertThat(rules.rejectExpiredCollateral()).isEqualTo(defaults.rejectExpiredCollateral());
        assertThat(rules.rejectTrailingBytes()).isEqualTo(defaults.rejectTrailingBytes());
    }

    @Test
    void tpmPolicyExampleLoads() throws Exception {
        TpmPolicyRules rules = TpmPolicyLoader.parse("README TPM policy", yamlAfter("## Appraisal policy files (TPM 2.0)"),
                DocumentFormat.YAML);
        assertThat(rules.source().id()).isEqualTo("fleet@1");
        assertThat(rules.akMechanism()).isEqualTo(TpmPolicyRules.AkMechanism.PINNED_KEYS);
        assertThat(rules.rejectEventLogMismatch()).isTrue();
        assertThat(rules.source().requireNonce()).isTrue();
    }

    @Test
    void referenceValueExampleLoads(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("rv.yaml");
        Files.writeString(file, yamlAfter("## Reference value files"));
        ReferenceValueStore store = ReferenceValueStore.load(file);
        assertThat(store.snpMeasurements()).hasSize(2);
        assertThat(store.tdx().values(TdxRegister.MR_TD)).hasSize(1);
        assertThat(store.tdx().values(TdxRegister.RTMR2)).singleElement()
                .satisfies(v -> assertThat(v.enforcement()).isEqualTo(Enforcement.WARN_ONLY));
        assertThat(store.tpm().pcrs().get(TpmBank.SHA256)).containsOnlyKeys(7, 14);
        assertThat(store.tpm().eventDigests()).singleElement().satisfies(d -> assertThat(d.eventType()).isEqualTo(0x80000003L));
    }

    @Test
    void everyFailureCodeIsDocumented() throws IOException {
        String text = readme();
        for (FailureCode code : FailureCode.values()) {
            assertThat(text).as("README documents %s", code).contains("| `" + code.wire() + "` |");
        }
    }
}
