package dev.rats.app.security;

import dev.rats.app.api.ApiError;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Bounds the API requests in progress (DESIGN §11): at most {@code maxConcurrent} run at once; the
 * others wait, before their body is read, up to {@code queueTimeout}, then get 503 {@code overloaded}
 * with {@code Retry-After}. This bounds the memory that request bodies and verifications hold under
 * a flood whatever the request threads are: with virtual threads Tomcat's thread pool no longer does.
 * Probes, JWKS and the OpenAPI document are not counted, so they answer while the API is saturated.
 */
public final class ConcurrencyLimitFilter extends OncePerRequestFilter {

    static final String RETRY_AFTER_SECONDS = "1";

    private final Semaphore permits;
    private final long queueTimeoutNanos;

    public ConcurrencyLimitFilter(int maxConcurrent, Duration queueTimeout) {
        if (maxConcurrent < 1 || queueTimeout.isNegative()) {
            throw new IllegalArgumentException("verifier.limits.max-concurrent-requests must be positive and"
                    + " verifier.limits.queue-timeout not negative");
        }
        this.permits = new Semaphore(maxConcurrent);
        this.queueTimeoutNanos = queueTimeout.toNanos();
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/v1/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!acquire()) {
            response.setHeader("Retry-After", RETRY_AFTER_SECONDS);
            ProblemResponses.write(response, ApiError.OVERLOADED, "the verifier is at its limit of concurrent requests;"
                    + " retry later");
            return;
        }
        try {
            chain.doFilter(request, response);
        } finally {
            permits.release();
        }
    }

    private boolean acquire() {
        try {
            return permits.tryAcquire(queueTimeoutNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
