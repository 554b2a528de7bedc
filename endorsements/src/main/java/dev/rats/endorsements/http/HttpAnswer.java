package dev.rats.endorsements.http;

import java.net.http.HttpHeaders;
import java.util.Objects;
import java.util.Optional;

/**
 * A 200 answer handed to a {@link HttpFetcher.Validator}: the body (at most the configured size) and
 * the response headers. Short-lived; the validator owns the body array.
 */
public final class HttpAnswer {

    private final byte[] body;
    private final HttpHeaders headers;

    public HttpAnswer(byte[] body, HttpHeaders headers) {
        this.body = Objects.requireNonNull(body, "body");
        this.headers = Objects.requireNonNull(headers, "headers");
    }

    /** The body as received (not copied). */
    public byte[] body() {
        return body;
    }

    /** The first value of a header (names are case-insensitive), if present. */
    public Optional<String> header(String name) {
        return headers.firstValue(name);
    }
}
