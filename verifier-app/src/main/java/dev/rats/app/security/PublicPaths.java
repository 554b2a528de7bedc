package dev.rats.app.security;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;

/** The endpoints anyone may read (DESIGN §11): key publication, the contract, health probes. */
final class PublicPaths {

    static final String[] PATTERNS = {"/.well-known/jwks.json", "/.well-known/openid-configuration", "/openapi.yaml",
        "/actuator/health", "/actuator/health/**"};

    private static final List<String> EXACT = List.of("/.well-known/jwks.json", "/.well-known/openid-configuration",
            "/openapi.yaml", "/actuator/health");

    private PublicPaths() {
    }

    static boolean matches(HttpServletRequest request) {
        if (!"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())) {
            return false;
        }
        String path = request.getRequestURI();
        return EXACT.contains(path) || path.startsWith("/actuator/health/");
    }
}
