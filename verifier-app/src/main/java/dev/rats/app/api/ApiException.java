package dev.rats.app.api;

import java.time.Duration;
import java.util.Optional;

/** A request-level failure, rendered as problem+json by {@link ProblemHandler}. */
public class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ApiError error;
    private final transient Optional<Duration> retryAfter;

    public ApiException(ApiError error, String detail) {
        this(error, detail, Optional.empty());
    }

    public ApiException(ApiError error, String detail, Optional<Duration> retryAfter) {
        super(detail);
        this.error = error;
        this.retryAfter = retryAfter;
    }

    public ApiError error() {
        return error;
    }

    public Optional<Duration> retryAfter() {
        return retryAfter;
    }
}
