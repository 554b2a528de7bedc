package dev.rats.endorsements.http;

/**
 * An answer (from a service or from a file) that must not be used or cached: undecodable, incomplete,
 * or well-formed but about something else than what was asked ({@link #otherSubject}: the VCEK of
 * another chip, the TCB Info of another FMSPC, the CRL of another CA).
 */
public final class BadAnswerException extends Exception {

    private static final long serialVersionUID = 1L;

    /** null for a plain bad answer; otherwise what the answer was instead, e.g. "TCB Info for another FMSPC". */
    private final String otherSubject;

    public BadAnswerException(String detail) {
        this(detail, null, null);
    }

    public BadAnswerException(String detail, Throwable cause) {
        this(detail, null, cause);
    }

    private BadAnswerException(String detail, String otherSubject, Throwable cause) {
        super(detail, cause);
        this.otherSubject = otherSubject;
    }

    /**
     * A well-formed answer about something else than what was asked.
     *
     * @param what what the answer was, e.g. "a certificate for another chip/TCB"
     */
    public static BadAnswerException otherSubject(String what, String detail) {
        return new BadAnswerException(detail, what, null);
    }

    /** Whether the answer was well-formed but about something else than what was asked. */
    public boolean isOtherSubject() {
        return otherSubject != null;
    }

    /** A short description for messages: "a bad answer" or, e.g., "a certificate for another chip/TCB". */
    public String summary() {
        return otherSubject != null ? otherSubject : "a bad answer";
    }
}
