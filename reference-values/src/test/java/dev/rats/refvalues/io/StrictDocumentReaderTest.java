package dev.rats.refvalues.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StrictDocumentReaderTest {

    record Sample(String name, int version, boolean enabled, List<String> tags, Nested nested) {
    }

    record Nested(String id) {
    }

    private static final Validator<Sample, Sample> AS_IS = sample -> sample;

    @TempDir
    Path dir;

    private static Sample yaml(String content) throws DocumentException {
        return StrictDocumentReader.read("s.yaml", content, DocumentFormat.YAML, Sample.class, AS_IS).value();
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertYaml(String content) {
        return assertThatThrownBy(() -> yaml(content)).isInstanceOf(DocumentException.class);
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertJson(String content) {
        return assertThatThrownBy(() -> StrictDocumentReader.read("s.json", content, DocumentFormat.JSON,
                Sample.class, AS_IS)).isInstanceOf(DocumentException.class);
    }

    @Test
    void bindsYamlAndJson() throws DocumentException {
        Sample expected = new Sample("a", 3, true, List.of("x", "y"), new Nested("n"));
        assertThat(yaml("name: a\nversion: 3\nenabled: true\ntags: [x, y]\nnested:\n  id: n\n")).isEqualTo(expected);
        assertThat(StrictDocumentReader.read("s.json",
                "{\"name\": \"a\", \"version\": 3, \"enabled\": true, \"tags\": [\"x\", \"y\"], \"nested\": {\"id\": \"n\"}}",
                DocumentFormat.JSON, Sample.class, AS_IS).value()).isEqualTo(expected);
    }

    @Test
    void rejectsUnknownFieldsListingTheAllowedOnes() {
        assertYaml("name: a\nversion: 1\nenabled: true\nnested:\n  id: n\n  idd: m\n")
                .hasMessage("s.yaml:6:3: nested.idd: unknown field (allowed: id)");
        assertYaml("version: 1\nenabled: true\nunknownField: 1\n")
                .hasMessage("s.yaml:3:1: unknownField: unknown field (allowed: name, version, enabled, tags, nested)");
    }

    @Test
    void rejectsDuplicateKeys() {
        assertYaml("version: 1\nenabled: true\nnested:\n  id: a\n  id: b\n")
                .hasMessage("s.yaml:5:3: nested.id: duplicate field");
        assertJson("{\"version\": 1,\n \"enabled\": true,\n \"version\": 2}")
                .hasMessage("s.json:3:2: version: duplicate field");
    }

    @Test
    void rejectsWrongTypes() {
        assertYaml("version: \"1\"\nenabled: true\n").hasMessage("s.yaml:1:1: version: expected an integer, got a string");
        assertYaml("version: 1.5\nenabled: true\n").hasMessage("s.yaml:1:1: version: expected an integer, got a number");
        assertYaml("version: 1\nenabled: yes\n").hasMessage("s.yaml:2:1: enabled: expected a boolean, got a string");
        assertYaml("version: 1\nenabled: 1\n").hasMessage("s.yaml:2:1: enabled: expected a boolean, got an integer");
        assertYaml("name: 42\nversion: 1\nenabled: true\n")
                .hasMessage("s.yaml:1:1: name: expected a string, got an integer (quote it to make it a string)");
        assertYaml("name: [a]\nversion: 1\nenabled: true\n")
                .hasMessage("s.yaml:1:1: name: expected a string, got a list");
        assertYaml("version: 1\nenabled: true\ntags: x\n").hasMessage("s.yaml:3:1: tags: expected a list, got a string");
        assertYaml("version: 1\nenabled: true\ntags: [x, 2]\n")
                .hasMessage("s.yaml:3:11: tags[1]: expected a string, got an integer (quote it to make it a string)");
        assertYaml("version: 1\nenabled: true\nnested: n\n")
                .hasMessage("s.yaml:3:1: nested: expected an object, got a string");
        assertJson("{\"name\": true, \"version\": 1, \"enabled\": true}")
                .hasMessage("s.json:1:2: name: expected a string, got a boolean (quote it to make it a string)");
    }

    @Test
    void rejectsNullOrMissingPrimitives() {
        assertYaml("version: null\nenabled: true\n").hasMessage("s.yaml:1:1: version: expected an integer, got null");
        assertJson("{\"version\": 1, \"enabled\": null}").hasMessage("s.json:1:16: enabled: expected a boolean, got null");
        assertYaml("name: a\nenabled: true\n").hasMessage("s.yaml:1:1: version: required field is missing");
    }

    @Test
    void rejectsTrailingContent() {
        assertJson("{\"version\": 1, \"enabled\": true} {}")
                .hasMessage("s.json:1:33: unexpected content after the end of the document");
        assertJson("{\"version\": 1, \"enabled\": true}\nx").hasMessageStartingWith("s.json:2:1: invalid JSON: ");
        assertYaml("version: 1\nenabled: true\n---\nversion: 2\n")
                .hasMessage("s.yaml:4:1: unexpected content after the end of the document");
    }

    @Test
    void rejectsEmptyDocuments() {
        assertYaml("").hasMessage("s.yaml:1:1: empty document");
        assertYaml("# nothing here\n").hasMessage("s.yaml:1:1: empty document");
        assertYaml("---\n").hasMessage("s.yaml:1:1: empty document");
        assertJson("  ").hasMessage("s.json:1:1: empty document");
        assertJson("null").hasMessage("s.json:1:1: empty document");
    }

    @Test
    void rejectsSyntaxErrors() {
        assertYaml("version: 1\n\tenabled: true\n").hasMessageStartingWith("s.yaml:2:1: invalid YAML: ")
                .hasMessageContaining("TAB").hasMessageNotContaining("\n");
        assertYaml("version: [1\n").hasMessageStartingWith("s.yaml:2:1: invalid YAML: while parsing a flow sequence: ");
        assertJson("{\"version\": 1,}").hasMessageStartingWith("s.json:1:15: invalid JSON: Unexpected character ('}'");
        assertYaml("just some text").hasMessage("s.yaml:1:1: expected an object, got a string");
    }

    @Test
    void rejectsYamlAliases() {
        assertYaml("name: &n a\nversion: 1\nenabled: true\nnested:\n  id: *n\n")
                .hasMessage("s.yaml:5:7: nested.id: YAML aliases are not supported");
    }

    @Test
    void locatesValidationErrorsAtTheField() {
        Validator<Sample, Sample> needsNestedId = sample -> {
            Fields.requiredText(sample.nested().id(), "nested.id");
            return sample;
        };
        assertThatThrownBy(() -> StrictDocumentReader.read("s.yaml", "version: 1\nenabled: true\nnested:\n  id: ' '\n",
                DocumentFormat.YAML, Sample.class, needsNestedId))
                .isInstanceOfSatisfying(DocumentException.class, e -> {
                    assertThat(e).hasMessage("s.yaml:4:3: nested.id: must not be blank");
                    assertThat(e.location()).contains(new SourceLocation("s.yaml", 4, 3));
                    assertThat(e.path()).isEqualTo("nested.id");
                    assertThat(e.detail()).isEqualTo("must not be blank");
                });
        // An absent field is located at the closest enclosing field that is present.
        assertThatThrownBy(() -> StrictDocumentReader.read("s.yaml", "version: 1\nenabled: true\nnested: {}\n",
                DocumentFormat.YAML, Sample.class, needsNestedId))
                .hasMessage("s.yaml:3:1: nested.id: required field is missing or null");
    }

    @Test
    void documentsLocateFieldsAfterReading() throws DocumentException {
        Document<Sample> document = StrictDocumentReader.read("s.yaml",
                "version: 1\nenabled: true\ntags:\n  - a\n  - b\n", DocumentFormat.YAML, Sample.class, AS_IS);
        assertThat(document.source()).isEqualTo("s.yaml");
        assertThat(document.location("tags[1]")).hasToString("s.yaml:5:5");
        assertThat(document.location("nested.id")).hasToString("s.yaml:1:1");
        assertThat(document.error("tags[1]", "taken")).hasMessage("s.yaml:5:5: tags[1]: taken");
    }

    @Test
    void readsFilesByExtension() throws Exception {
        Path yml = write("s.yml", "version: 2\nenabled: false\n");
        assertThat(StrictDocumentReader.read(yml, Sample.class, AS_IS).value().version()).isEqualTo(2);
        Path json = write("s.JSON", "\uFEFF{\"version\": 3, \"enabled\": false}");
        assertThat(StrictDocumentReader.read(json, Sample.class, AS_IS).value().version()).isEqualTo(3);
        Path yaml = write("bad.yaml", "version: 2\nenabled: nope\n");
        assertThatThrownBy(() -> StrictDocumentReader.read(yaml, Sample.class, AS_IS))
                .hasMessage(yaml + ":2:1: enabled: expected a boolean, got a string");
    }

    @Test
    void rejectsUnreadableFiles() throws IOException {
        Path text = write("s.txt", "version: 1\n");
        assertThatThrownBy(() -> StrictDocumentReader.read(text, Sample.class, AS_IS))
                .hasMessage(text + ": unsupported file extension (expected .yaml, .yml or .json)");
        Path missing = dir.resolve("missing.yaml");
        assertThatThrownBy(() -> StrictDocumentReader.read(missing, Sample.class, AS_IS))
                .hasMessage(missing + ": file not found");
        Path binary = dir.resolve("binary.yaml");
        Files.write(binary, new byte[] {'a', ':', ' ', (byte) 0xC3, (byte) 0x28});
        assertThatThrownBy(() -> StrictDocumentReader.read(binary, Sample.class, AS_IS))
                .hasMessage(binary + ": not UTF-8 text");
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }
}
