package dev.rats.policy;

import dev.rats.refvalues.io.DocumentException;
import dev.rats.refvalues.io.DocumentFormat;
import dev.rats.refvalues.io.StrictDocumentReader;
import java.nio.file.Path;

/**
 * Reads policy files (YAML or JSON) strictly into a platform's document type and compiles them,
 * with errors naming file, line and field (the format rules of {@link StrictDocumentReader}).
 */
public final class PolicyDocuments {

    /** Validates and compiles a policy document. */
    @FunctionalInterface
    public interface Compiler<D, R> {
        R compile(D document) throws PolicyException;
    }

    private PolicyDocuments() {
    }

    public static <D, R> R load(Path file, Class<D> type, Compiler<D, R> compiler) throws DocumentException {
        return StrictDocumentReader.read(file, type, d -> compile(compiler, d)).value();
    }

    public static <D, R> R parse(String source, String content, DocumentFormat format, Class<D> type,
            Compiler<D, R> compiler) throws DocumentException {
        return StrictDocumentReader.read(source, content, format, type, d -> compile(compiler, d)).value();
    }

    /** The {@code platform} a policy file declares, if it declares one. */
    public static java.util.Optional<String> platformOf(Path file) {
        return StrictDocumentReader.peekTopLevelText(file, "platform");
    }

    private static <D, R> R compile(Compiler<D, R> compiler, D document) throws DocumentException {
        try {
            return compiler.compile(document);
        } catch (PolicyException e) {
            throw DocumentException.at(e.path(), e.reason());
        }
    }
}
