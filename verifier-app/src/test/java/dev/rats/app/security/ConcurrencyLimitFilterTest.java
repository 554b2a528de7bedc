package dev.rats.app.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.servlet.FilterChain;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** At most N API requests in progress: the next waits, then gets 503 overloaded; permits come back. */
class ConcurrencyLimitFilterTest {

    private final ConcurrencyLimitFilter filter = new ConcurrencyLimitFilter(1, Duration.ofMillis(100));

    @Test
    void overTheLimitARequestWaitsThenGets503OverloadedWithRetryAfter() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        MockHttpServletResponse first = new MockHttpServletResponse();
        Thread holder = Thread.ofPlatform().start(() -> run(api(), first, (req, res) -> {
            inside.countDown();
            await(release);
        }));
        assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();

        AtomicInteger reachedChain = new AtomicInteger();
        MockHttpServletResponse second = new MockHttpServletResponse();
        filter.doFilter(api(), second, (req, res) -> reachedChain.incrementAndGet());
        assertThat(reachedChain).as("the second request never reached the handler").hasValue(0);
        assertThat(second.getStatus()).isEqualTo(503);
        assertThat(second.getHeader("Retry-After")).isEqualTo("1");
        assertThat(second.getContentType()).startsWith("application/problem+json");
        assertThat(second.getContentAsString()).contains("\"code\":\"overloaded\"");

        release.countDown();
        holder.join(10_000);
        assertThat(first.getStatus()).isEqualTo(200);
        MockHttpServletResponse third = new MockHttpServletResponse();
        filter.doFilter(api(), third, (req, res) -> reachedChain.incrementAndGet());
        assertThat(reachedChain).as("the permit came back when the first request finished").hasValue(1);
        assertThat(third.getStatus()).isEqualTo(200);
    }

    @Test
    void aWaitingRequestProceedsWhenAPermitFreesWithinTheQueueTimeout() throws Exception {
        ConcurrencyLimitFilter patient = new ConcurrencyLimitFilter(1, Duration.ofSeconds(10));
        CountDownLatch inside = new CountDownLatch(1);
        Thread holder = Thread.ofPlatform().start(() -> {
            try {
                patient.doFilter(api(), new MockHttpServletResponse(), (req, res) -> {
                    inside.countDown();
                    sleep(200);
                });
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
        MockHttpServletResponse waited = new MockHttpServletResponse();
        AtomicInteger reachedChain = new AtomicInteger();
        patient.doFilter(api(), waited, (req, res) -> reachedChain.incrementAndGet());
        holder.join(10_000);
        assertThat(reachedChain).hasValue(1);
        assertThat(waited.getStatus()).isEqualTo(200);
    }

    @Test
    void aFailingRequestGivesItsPermitBack() throws Exception {
        assertThatThrownBy(() -> filter.doFilter(api(), new MockHttpServletResponse(), (req, res) -> {
            throw new IllegalStateException("handler failed");
        })).hasMessage("handler failed");
        MockHttpServletResponse next = new MockHttpServletResponse();
        filter.doFilter(api(), next, new MockFilterChain());
        assertThat(next.getStatus()).isEqualTo(200);
    }

    @Test
    void probesAndKeysAreNotCountedSoTheyAnswerWhileTheApiIsSaturated() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = Thread.ofPlatform().start(() -> run(api(), new MockHttpServletResponse(), (req, res) -> {
            inside.countDown();
            await(release);
        }));
        assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
        try {
            for (String path : new String[] {"/actuator/health/liveness", "/.well-known/jwks.json", "/openapi.yaml"}) {
                MockHttpServletResponse res = new MockHttpServletResponse();
                filter.doFilter(new MockHttpServletRequest("GET", path), res, new MockFilterChain());
                assertThat(res.getStatus()).as(path).isEqualTo(200);
            }
        } finally {
            release.countDown();
            holder.join(10_000);
        }
    }

    @Test
    void limitsMustBePositive() {
        assertThatThrownBy(() -> new ConcurrencyLimitFilter(0, Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ConcurrencyLimitFilter(1, Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    }

    private static MockHttpServletRequest api() {
        return new MockHttpServletRequest("POST", "/v1/attest/sev-snp");
    }

    private void run(MockHttpServletRequest request, MockHttpServletResponse response, FilterChain chain) {
        try {
            filter.doFilter(request, response, chain);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
