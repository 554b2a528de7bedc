package dev.rats.app.api;

import dev.rats.app.challenge.ReplayStoreUnavailableException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/** Maps request failures to problem+json with a stable code (DESIGN §4). Details go to debug logs. */
@RestControllerAdvice
public class ProblemHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ProblemHandler.class);
    static final java.time.Duration REPLAY_STORE_RETRY_AFTER = java.time.Duration.ofSeconds(1);

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ProblemDetail> api(ApiException e) {
        LOG.debug("request rejected: {}: {}", e.error().code(), e.getMessage());
        return Problems.response(e.error(), e.getMessage(), e.retryAfter());
    }

    /** The nonce's single use cannot be checked: no answer, and the caller retries (DESIGN §8, fail closed). */
    @ExceptionHandler(ReplayStoreUnavailableException.class)
    ResponseEntity<ProblemDetail> replayStore(ReplayStoreUnavailableException e) {
        LOG.warn("{}", e.getMessage());
        return Problems.response(ApiError.REPLAY_STORE_UNAVAILABLE, "the nonce store is unreachable; retry later",
                Optional.of(REPLAY_STORE_RETRY_AFTER));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException e) {
        Throwable cause = e.getMostSpecificCause();
        LOG.debug("unreadable body", e);
        if (cause instanceof UnrecognizedPropertyException u) {
            return Problems.response(ApiError.UNKNOWN_FIELD, "unknown field '" + u.getPropertyName() + "'", Optional.empty());
        }
        if (cause instanceof MismatchedInputException m && !m.getPath().isEmpty()) {
            return Problems.response(ApiError.INVALID_FIELD, "field '" + m.getPath().get(m.getPath().size() - 1).getPropertyName()
                    + "' has the wrong type", Optional.empty());
        }
        return Problems.response(ApiError.MALFORMED_JSON, "the body is not a valid JSON object of this API", Optional.empty());
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ProblemDetail> mediaType(HttpMediaTypeNotSupportedException e) {
        return Problems.response(ApiError.UNSUPPORTED_MEDIA_TYPE, "Content-Type must be application/json", Optional.empty());
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ResponseEntity<ProblemDetail> notAcceptable(HttpMediaTypeNotAcceptableException e) {
        return Problems.response(ApiError.NOT_ACCEPTABLE, "this resource cannot produce the media types in Accept",
                Optional.empty());
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ProblemDetail> method(HttpRequestMethodNotSupportedException e) {
        return Problems.response(ApiError.METHOD_NOT_ALLOWED, e.getMethod() + " is not allowed here", Optional.empty());
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<ProblemDetail> notFound(NoResourceFoundException e) {
        return Problems.response(ApiError.NOT_FOUND, "no such resource", Optional.empty());
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> bug(Exception e) {
        LOG.error("internal error", e);
        return Problems.response(ApiError.INTERNAL_ERROR, "the verifier failed internally; the incident is logged",
                Optional.empty());
    }
}
