package dev.rats.endorsements.http;

/** How one HTTP exchange ended, as reported to a {@link FetchListener}. */
public enum FetchOutcome {
    /** 200 with a valid answer. */
    OK,
    /** 404: the service has no such resource; not an outage. */
    NOT_FOUND,
    /** 429 Too Many Requests. */
    RATE_LIMITED,
    /** 5xx. */
    SERVER_ERROR,
    /** No complete answer within the request timeout. */
    TIMEOUT,
    /** Connection refused or reset, DNS or TLS failure, and other I/O errors. */
    IO_ERROR,
    /**
     * An answer that must not be used: undecodable, about something else than what was asked,
     * incomplete, stale, oversized, or an unexpected HTTP status.
     */
    BAD_ANSWER
}
