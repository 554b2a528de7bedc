package dev.rats.app.security;

import dev.rats.app.api.ApiError;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code X-API-Key: <key>} or {@code Authorization: ApiKey <key>}. A presented but
 * unknown key is rejected with 401 at once; requests without a key continue (a bearer JWT may
 * authenticate them). Public endpoints ignore keys altogether.
 */
public final class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

    static final String HEADER = "X-API-Key";
    private static final String SCHEME = "ApiKey ";

    private final ApiKeyRegistry keys;

    public ApiKeyAuthenticationFilter(ApiKeyRegistry keys) {
        this.keys = keys;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return PublicPaths.matches(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<String> presented = presentedKey(request);
        if (presented.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        Optional<ApiKeyRegistry.Caller> caller = keys.authenticate(presented.get());
        if (caller.isEmpty()) {
            ProblemResponses.write(response, ApiError.UNAUTHENTICATED, "the API key is not valid");
            return;
        }
        var authorities = caller.get().roles().stream().map(r -> new SimpleGrantedAuthority("ROLE_" + r.toUpperCase())).toList();
        var auth = UsernamePasswordAuthenticationToken.authenticated("apikey:" + caller.get().name(), null, authorities);
        SecurityContextHolder.getContext().setAuthentication(auth);
        chain.doFilter(request, response);
    }

    private static Optional<String> presentedKey(HttpServletRequest request) {
        String header = request.getHeader(HEADER);
        if (header != null && !header.isBlank()) {
            return Optional.of(header.strip());
        }
        String authorization = request.getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return Optional.of(authorization.substring(SCHEME.length()).strip());
        }
        return Optional.empty();
    }
}
