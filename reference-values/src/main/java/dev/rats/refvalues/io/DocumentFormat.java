package dev.rats.refvalues.io;

import java.nio.file.Path;
import java.util.Locale;

/** The syntaxes a document may use. */
public enum DocumentFormat {
    YAML, JSON;

    /** The format given by the file extension: {@code .yaml}, {@code .yml} or {@code .json}. */
    public static DocumentFormat of(Path file) throws DocumentException {
        String name = String.valueOf(file.getFileName()).toLowerCase(Locale.ROOT);
        if (name.endsWith(".yaml") || name.endsWith(".yml")) {
            return YAML;
        }
        if (name.endsWith(".json")) {
            return JSON;
        }
        throw new DocumentException(new SourceLocation(file.toString(), 0, 0), "",
                "unsupported file extension (expected .yaml, .yml or .json)", null);
    }
}
