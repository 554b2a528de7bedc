package dev.rats.endorsements.kds;

/**
 * An answer (from KDS or from a file) that must not be used or cached. {@code otherChip} marks a
 * well-formed VCEK issued for another chip, TCB or product than the one asked for.
 */
final class BadAnswerException extends Exception {

    private static final long serialVersionUID = 1L;

    private final boolean otherChip;

    BadAnswerException(String detail) {
        this(detail, false, null);
    }

    BadAnswerException(String detail, Throwable cause) {
        this(detail, false, cause);
    }

    private BadAnswerException(String detail, boolean otherChip, Throwable cause) {
        super(detail, cause);
        this.otherChip = otherChip;
    }

    static BadAnswerException otherChip(String detail) {
        return new BadAnswerException(detail, true, null);
    }

    boolean otherChip() {
        return otherChip;
    }
}
