package dev.rats.cli;

import dev.rats.evidence.FailureCode;

/** A problem with the command's inputs (files, arguments), reported as one line with its code. */
final class InputException extends Exception {

    private static final long serialVersionUID = 1L;

    private final FailureCode code;

    InputException(FailureCode code, String message) {
        super(message);
        this.code = code;
    }

    FailureCode code() {
        return code;
    }
}
