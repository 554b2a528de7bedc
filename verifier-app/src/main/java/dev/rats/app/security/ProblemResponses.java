package dev.rats.app.security;

import dev.rats.app.api.ApiError;
import dev.rats.app.api.Problems;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Writes problem+json from servlet filters, which run outside Spring MVC's exception handling. */
final class ProblemResponses {

    private ProblemResponses() {
    }

    static void write(HttpServletResponse response, ApiError error, String detail) throws IOException {
        response.setStatus(error.status().value());
        response.setContentType("application/problem+json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        if (error == ApiError.UNAUTHENTICATED) {
            response.setHeader("WWW-Authenticate", "ApiKey, Bearer");
        }
        response.getWriter().write(Problems.json(error, detail));
    }
}
