package dev.rats.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The load driver counts only 200s with the expected text, follows Connection: close, and keeps its schedule. */
class PlainHttpDriverTest {

    private static final String AFFIRMING = "{\"status\":\"affirming\",\"token\":\"x\"}";

    private HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger bodiesOk = new AtomicInteger();

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** What the server answers to its n-th request (1-based). */
    private record Reply(int status, String body, boolean close, boolean chunked) {
    }

    private PlainHttpDriver start(IntFunction<Reply> replies) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/v1/attest/sev-snp", exchange -> answer(exchange, replies.apply(requests.incrementAndGet())));
        server.start();
        return PlainHttpDriver.post(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1/attest/sev-snp"),
                Map.of("Content-Type", "application/json"), "{\"report\":\"AAAA\"}".getBytes(StandardCharsets.US_ASCII),
                "\"status\":\"affirming\"");
    }

    private void answer(HttpExchange exchange, Reply reply) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        if (new String(body, StandardCharsets.US_ASCII).equals("{\"report\":\"AAAA\"}")) {
            bodiesOk.incrementAndGet();
        }
        if (reply.close()) {
            exchange.getResponseHeaders().add("Connection", "close");
        }
        byte[] out = reply.body().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(reply.status(), reply.chunked() ? 0 : out.length);
        try (OutputStream o = exchange.getResponseBody()) {
            o.write(out);
        }
    }

    @Test
    void onlyOksWithTheExpectedTextCountAndEveryRequestIsAccountedFor() throws Exception {
        PlainHttpDriver driver = start(n -> switch (n % 4) {
            case 1 -> new Reply(500, AFFIRMING, false, false);
            case 2 -> new Reply(200, "{\"status\":\"contraindicated\"}", false, false);
            default -> new Reply(200, AFFIRMING, n % 5 == 0, false);
        });
        HttpLoadRun.Result result = driver.closedLoop(2, Duration.ofMillis(500));

        int sent = requests.get();
        assertThat(sent).isPositive();
        assertThat(bodiesOk).as("the server received the request body intact every time").hasValue(sent);
        long counted = Math.round(result.rate() * 0.5);
        assertThat(counted + result.errors()).as("every answer is counted or an error").isEqualTo(sent);
        assertThat(result.errors()).as("the 500s and the contraindicated answers").isBetween(sent / 2L - 2, sent / 2L + 2);
        assertThat(result.p50()).isPositive();
    }

    @Test
    void anAnswerWithoutContentLengthIsAnError() throws Exception {
        PlainHttpDriver driver = start(n -> new Reply(200, AFFIRMING, false, true));
        HttpLoadRun.Result result = driver.closedLoop(1, Duration.ofMillis(200));
        assertThat(result.rate()).isZero();
        assertThat(result.errors()).isEqualTo(requests.get()).isPositive();
    }

    @Test
    void theOpenLoopSendsExactlyTheScheduledRequests() throws Exception {
        PlainHttpDriver driver = start(n -> new Reply(200, AFFIRMING, n % 7 == 0, false));
        HttpLoadRun.Result result = driver.openLoop(200, 4, Duration.ofSeconds(1));
        assertThat(requests).as("200/s for 1 s").hasValue(200);
        assertThat(result.errors()).isZero();
        assertThat(result.rate()).isEqualTo(200.0);
    }

    @Test
    void onlyTheLoopbackAddressIsDriven() {
        assertThatThrownBy(() -> PlainHttpDriver.post(URI.create("http://192.0.2.1:8080/v1/attest/sev-snp"), Map.of(),
                new byte[0], "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PlainHttpDriver.post(URI.create("https://127.0.0.1:8443/v1/attest/sev-snp"), Map.of(),
                new byte[0], "x")).isInstanceOf(IllegalArgumentException.class);
    }
}
