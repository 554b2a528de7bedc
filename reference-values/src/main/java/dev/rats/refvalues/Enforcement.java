package dev.rats.refvalues;

import java.util.Arrays;
import java.util.Optional;

/** What a mismatch against a reference value means. */
public enum Enforcement {
    /** A mismatch makes the evidence contraindicated. */
    ENFORCED("enforced"),
    /** A mismatch is only a warning, e.g. for values a cloud provider controls. */
    WARN_ONLY("warn-only");

    private final String spelling;

    Enforcement(String spelling) {
        this.spelling = spelling;
    }

    /** How files spell it: {@code enforced} or {@code warn-only}. */
    public String spelling() {
        return spelling;
    }

    /** The constant spelled {@code spelling} in files, if any. */
    public static Optional<Enforcement> fromSpelling(String spelling) {
        return Arrays.stream(values()).filter(e -> e.spelling.equals(spelling)).findFirst();
    }
}
