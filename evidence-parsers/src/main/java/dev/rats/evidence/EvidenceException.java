package dev.rats.evidence;

import java.util.Objects;

/**
 * The one exception that parsers and verifiers throw: every rejection carries a stable
 * {@link FailureCode}. The message is detail for logs and humans; clients rely on the code.
 */
public class EvidenceException extends Exception {

    private static final long serialVersionUID = 1L;

    private final FailureCode code;

    public EvidenceException(FailureCode code, String detail) {
        super(detail);
        this.code = Objects.requireNonNull(code);
    }

    public EvidenceException(FailureCode code, String detail, Throwable cause) {
        super(detail, cause);
        this.code = Objects.requireNonNull(code);
    }

    public FailureCode code() {
        return code;
    }

    @Override
    public String toString() {
        return code.wire() + ": " + getMessage();
    }
}
