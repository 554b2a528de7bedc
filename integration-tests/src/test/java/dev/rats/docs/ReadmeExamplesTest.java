package dev.rats.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rats.evidence.FailureCode;
import dev.rats.policy.snp.SnpPolicyLoader;
import dev.rats.policy.snp.SnpPolicyRules;
import dev.rats.refvalues.ReferenceValueStore;
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
    void referenceValueExampleLoads(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("rv.yaml");
        Files.writeString(file, yamlAfter("## Reference value files"));
        assertThat(ReferenceValueStore.load(file).snpMeasurements()).hasSize(2);
    }

    @Test
    void everyFailureCodeIsDocumented() throws IOException {
        String text = readme();
        for (FailureCode code : FailureCode.values()) {
            assertThat(text).as("README documents %s", code).contains("| `" + code.wire() + "` |");
        }
    }
}
