package dev.rats.refvalues.io;

import java.util.Objects;

/**
 * A validated model read from a source, which can still locate its fields for errors found
 * later, e.g. a duplicate across files.
 *
 * @param <T> the model type
 */
public final class Document<T> {

    private final T value;
    private final SourceMap sourceMap;

    Document(T value, SourceMap sourceMap) {
        this.value = Objects.requireNonNull(value, "value");
        this.sourceMap = sourceMap;
    }

    public T value() {
        return value;
    }

    /** The file name or other source description. */
    public String source() {
        return sourceMap.source();
    }

    /** Where {@code path} is, or its closest enclosing field that is present. */
    public SourceLocation location(String path) {
        return sourceMap.locate(path);
    }

    /** An error at {@code path}, located in this document. */
    public DocumentException error(String path, String detail) {
        return new DocumentException(location(path), path, detail, null);
    }
}
