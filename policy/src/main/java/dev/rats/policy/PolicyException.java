package dev.rats.policy;

/**
 * A policy document that is not valid. {@code path} names the field, e.g.
 * {@code minTcb.milan.microcode}, so that loaders can point at the file and line.
 */
public class PolicyException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String path;

    public PolicyException(String path, String message) {
        super(path + ": " + message);
        this.path = path;
    }

    public String path() {
        return path;
    }

    /** The message without the path prefix. */
    public String reason() {
        return getMessage().substring(path.length() + 2);
    }
}
