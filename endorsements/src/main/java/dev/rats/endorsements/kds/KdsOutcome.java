package dev.rats.endorsements.kds;

import dev.rats.endorsements.http.FetchOutcome;

/**
 * How one HTTP exchange with KDS ended, as reported to {@link KdsEvents#onRequest}: the
 * {@link FetchOutcome}s under the names the service's metrics already bind to.
 */
public enum KdsOutcome {
    /** 200 with a valid answer. */
    OK,
    /** 404: KDS has no such resource (e.g. no VCEK for this chip and TCB); not an outage. */
    NOT_FOUND,
    /** 429 Too Many Requests (sev-snp.md §4.2). */
    RATE_LIMITED,
    /** 5xx. */
    SERVER_ERROR,
    /** No complete answer within the request timeout. */
    TIMEOUT,
    /** Connection refused or reset, DNS or TLS failure, and other I/O errors. */
    IO_ERROR,
    /**
     * An answer that must not be used: undecodable, the certificate of another chip or TCB, an
     * incomplete chain, a stale CRL, an oversized body or an unexpected HTTP status.
     */
    BAD_ANSWER;

    /** The KDS name of a fetch outcome. */
    static KdsOutcome of(FetchOutcome outcome) {
        return switch (outcome) {
            case OK -> OK;
            case NOT_FOUND -> NOT_FOUND;
            case RATE_LIMITED -> RATE_LIMITED;
            case SERVER_ERROR -> SERVER_ERROR;
            case TIMEOUT -> TIMEOUT;
            case IO_ERROR -> IO_ERROR;
            case BAD_ANSWER -> BAD_ANSWER;
        };
    }
}
