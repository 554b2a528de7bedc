package dev.rats.refvalues.io;

import java.util.Objects;
import java.util.Optional;

/**
 * A document that cannot be read or is invalid. The message reads
 * {@code source:line:column: field.path: detail}; parts that are unknown are left out.
 *
 * <p>Validation code throws {@link #at(String, String)} with the field path only; the
 * {@link StrictDocumentReader} then adds the source location recorded for that path.
 */
public final class DocumentException extends Exception {

    private static final long serialVersionUID = 1L;

    private final SourceLocation location;
    private final String path;
    private final String detail;

    DocumentException(SourceLocation location, String path, String detail, Throwable cause) {
        super(null, cause);
        this.location = location;
        this.path = Objects.requireNonNull(path, "path");
        this.detail = Objects.requireNonNull(detail, "detail");
    }

    /**
     * An error at a field, to be located by the reader.
     *
     * @param path   field path such as {@code snp.measurements[1].value}; empty for the whole document
     * @param detail what is wrong, e.g. {@code must not be blank}
     */
    public static DocumentException at(String path, String detail) {
        return new DocumentException(null, path, detail, null);
    }

    /** An error with a whole file, e.g. its signature; {@code source} names the file. */
    public static DocumentException ofFile(String source, String detail) {
        return new DocumentException(new SourceLocation(source, 0, 0), "", detail, null);
    }

    /** Where the error is; empty until a reader has located it. */
    public Optional<SourceLocation> location() {
        return Optional.ofNullable(location);
    }

    /** The field path; empty for the whole document. */
    public String path() {
        return path;
    }

    /** What is wrong, without location or path. */
    public String detail() {
        return detail;
    }

    /** This error located at {@code where} (kept as is when already located). */
    DocumentException locatedAt(SourceLocation where) {
        return location != null ? this : new DocumentException(where, path, detail, this);
    }

    @Override
    public String getMessage() {
        StringBuilder message = new StringBuilder();
        if (location != null) {
            message.append(location).append(": ");
        }
        if (!path.isEmpty()) {
            message.append(path).append(": ");
        }
        return message.append(detail).toString();
    }
}
