package dev.rats.app.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** The per-caller token bucket: burst, refill, separate callers, 429 with Retry-After. */
class RateLimitFilterTest {

    private final AtomicLong now = new AtomicLong();
    private final RateLimitFilter filter = new RateLimitFilter(2, 3, now::get);

    @Test
    void aBurstIsAllowedThenTheRateApplies() {
        for (int i = 0; i < 3; i++) {
            assertThat(filter.take("a")).isZero();
        }
        long wait = filter.take("a");
        assertThat(wait).isBetween(1L, 500_000_000L);
        assertThat(filter.take("b")).as("another caller has its own bucket").isZero();
        now.addAndGet(500_000_000L);
        assertThat(filter.take("a")).isZero();
        assertThat(filter.take("a")).isPositive();
    }

    @Test
    void overTheLimitTheAnswerIs429WithRetryAfter() throws Exception {
        MockHttpServletResponse last = null;
        for (int i = 0; i < 4; i++) {
            MockHttpServletRequest req = new MockHttpServletRequest("POST", "/v1/challenges");
            req.setRemoteAddr("192.0.2.1");
            last = new MockHttpServletResponse();
            filter.doFilter(req, last, new MockFilterChain());
        }
        assertThat(last.getStatus()).isEqualTo(429);
        assertThat(last.getHeader("Retry-After")).isEqualTo("1");
        assertThat(last.getContentType()).startsWith("application/problem+json");
        assertThat(last.getContentAsString()).contains("\"code\":\"rate-limited\"");
    }

    @Test
    void onlyApiPathsAreLimited() throws Exception {
        for (int i = 0; i < 10; i++) {
            MockHttpServletResponse res = new MockHttpServletResponse();
            filter.doFilter(new MockHttpServletRequest("GET", "/.well-known/jwks.json"), res, new MockFilterChain());
            assertThat(res.getStatus()).isEqualTo(200);
        }
    }
}
