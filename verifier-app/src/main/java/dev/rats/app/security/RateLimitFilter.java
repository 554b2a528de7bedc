package dev.rats.app.security;

import dev.rats.app.api.ApiError;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A token bucket per caller (the authenticated name, else the client address) on the API paths:
 * beyond the burst, requests get 429 with {@code Retry-After} (DESIGN §11).
 */
public final class RateLimitFilter extends OncePerRequestFilter {

    private static final int MAX_TRACKED_CALLERS = 100_000;

    private final double tokensPerNano;
    private final double burst;
    private final LongSupplier nanoTime;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public RateLimitFilter(int requestsPerSecond, int burst, LongSupplier nanoTime) {
        if (requestsPerSecond < 1 || burst < 1) {
            throw new IllegalArgumentException("rate limits must be positive");
        }
        this.tokensPerNano = requestsPerSecond / 1e9;
        this.burst = burst;
        this.nanoTime = nanoTime;
    }

    private static final class Bucket {
        double tokens;
        long updated;

        Bucket(double tokens, long updated) {
            this.tokens = tokens;
            this.updated = updated;
        }
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/v1/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long waitNanos = take(caller(request));
        if (waitNanos > 0) {
            response.setHeader("Retry-After", Long.toString(Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L)));
            ProblemResponses.write(response, ApiError.RATE_LIMITED, "too many requests; retry later");
            return;
        }
        chain.doFilter(request, response);
    }

    /** Takes one token; returns 0 when granted, else the nanoseconds until one is available. */
    long take(String caller) {
        long now = nanoTime.getAsLong();
        if (buckets.size() > MAX_TRACKED_CALLERS) {
            buckets.clear();
        }
        Bucket b = buckets.computeIfAbsent(caller, c -> new Bucket(burst, now));
        synchronized (b) {
            b.tokens = Math.min(burst, b.tokens + (now - b.updated) * tokensPerNano);
            b.updated = now;
            if (b.tokens >= 1) {
                b.tokens -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - b.tokens) / tokensPerNano);
        }
    }

    private static String caller(HttpServletRequest request) {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth != null && auth.isAuthenticated() && auth.getName() != null && !"anonymousUser".equals(auth.getName())) {
            return "principal:" + auth.getName();
        }
        return "address:" + request.getRemoteAddr();
    }
}
