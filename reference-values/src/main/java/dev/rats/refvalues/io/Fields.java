package dev.rats.refvalues.io;

/** Checks for required fields, for use in {@link Validator}s. */
public final class Fields {

    private Fields() {
    }

    /** {@code value}, or an error at {@code path} when it is absent or null. */
    public static <T> T required(T value, String path) throws DocumentException {
        if (value == null) {
            throw DocumentException.at(path, "required field is missing or null");
        }
        return value;
    }

    /** {@code value}, or an error at {@code path} when it is absent, null or blank. */
    public static String requiredText(String value, String path) throws DocumentException {
        if (required(value, path).isBlank()) {
            throw DocumentException.at(path, "must not be blank");
        }
        return value;
    }
}
