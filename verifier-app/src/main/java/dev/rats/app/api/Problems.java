package dev.rats.app.api;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/** RFC 9457 problem+json bodies with this API's stable {@code code} member; never a stack trace. */
public final class Problems {

    private Problems() {
    }

    public static ProblemDetail detail(ApiError error, String detail) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(error.status(), detail);
        p.setType(URI.create("https://github.com/rats-verifier/problems/" + error.code()));
        p.setTitle(error.title());
        p.setProperty("code", error.code());
        return p;
    }

    public static ResponseEntity<ProblemDetail> response(ApiError error, String detail, Optional<Duration> retryAfter) {
        ResponseEntity.BodyBuilder b = ResponseEntity.status(error.status()).contentType(MediaType.APPLICATION_PROBLEM_JSON);
        retryAfter.ifPresent(d -> b.header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, d.toSeconds()))));
        if (error == ApiError.ENDORSEMENT_UNAVAILABLE && retryAfter.isEmpty()) {
            b.header(HttpHeaders.RETRY_AFTER, "30");
        }
        return b.body(detail(error, detail));
    }

    /** The JSON text of a problem, for filters that write responses outside Spring MVC. */
    public static String json(ApiError error, String detail) {
        return "{\"type\":\"https://github.com/rats-verifier/problems/" + error.code() + "\",\"title\":\"" + error.title()
                + "\",\"status\":" + error.status().value() + ",\"detail\":\"" + escape(detail) + "\",\"code\":\""
                + error.code() + "\"}";
    }

    private static String escape(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
