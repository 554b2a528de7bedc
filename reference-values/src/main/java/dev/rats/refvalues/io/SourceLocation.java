package dev.rats.refvalues.io;

import java.io.Serializable;
import java.util.Objects;

/**
 * A place in a source document, printed as {@code source:line:column}.
 *
 * @param source the file name or other description of the source
 * @param line   1-based line, 0 when unknown
 * @param column 1-based column, 0 when unknown
 */
public record SourceLocation(String source, int line, int column) implements Serializable {

    public SourceLocation {
        Objects.requireNonNull(source, "source");
        if (line < 0 || column < 0) {
            throw new IllegalArgumentException("line and column must not be negative");
        }
    }

    @Override
    public String toString() {
        if (line == 0) {
            return source;
        }
        return column == 0 ? source + ":" + line : source + ":" + line + ":" + column;
    }
}
