package dev.rats.benchmarks.load;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A lean HTTP/1.1 load driver: one blocking socket per connection, the request's bytes built once,
 * each answer read by its Content-Length and counted only when it is a 200 containing the expected
 * text. {@code java.net.http.HttpClient} needs about 1 ms of CPU per request, as much as the service
 * itself, and shares the machine's cores with it; this driver needs a small fraction of that, so
 * it shows the service's capacity. Only 127.0.0.1 is contacted; every loop stops at its deadline.
 */
final class PlainHttpDriver {

    private static final byte[] HEADER_END = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    private static final int READ_TIMEOUT_MILLIS = 10_000;

    private final InetSocketAddress address;
    private final byte[] request;
    private final byte[] expected;

    private PlainHttpDriver(InetSocketAddress address, byte[] request, byte[] expected) {
        this.address = address;
        this.request = request;
        this.expected = expected;
    }

    /** POSTs {@code body} to {@code uri} (http, loopback only); an answer counts when it is a 200 containing {@code expected}. */
    static PlainHttpDriver post(URI uri, Map<String, String> headers, byte[] body, String expected) {
        if (!"http".equals(uri.getScheme()) || !("127.0.0.1".equals(uri.getHost()) || "localhost".equals(uri.getHost()))) {
            throw new IllegalArgumentException("the load driver only talks plain HTTP to the loopback address: " + uri);
        }
        StringBuilder head = new StringBuilder("POST ").append(uri.getRawPath()).append(" HTTP/1.1\r\n")
                .append("Host: ").append(uri.getHost()).append(':').append(uri.getPort()).append("\r\n")
                .append("Content-Length: ").append(body.length).append("\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        byte[] start = head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
        byte[] request = Arrays.copyOf(start, start.length + body.length);
        System.arraycopy(body, 0, request, start.length, body.length);
        return new PlainHttpDriver(new InetSocketAddress(uri.getHost(), uri.getPort()), request,
                expected.getBytes(StandardCharsets.UTF_8));
    }

    /** Closed loop: each of {@code connections} sends its next request when its previous answer arrived. */
    HttpLoadRun.Result closedLoop(int connections, Duration window) throws InterruptedException {
        long end = System.nanoTime() + window.toNanos();
        return run(connections, window, () -> {
            long now = System.nanoTime();
            return now < end ? now : -1;
        });
    }

    /**
     * Open loop at {@code rate} per second: requests are due at fixed intervals and each latency
     * counts from the moment its request was due, so a slow answer that delays the next ones shows in
     * their latencies too (no coordinated omission). {@code connections} bounds the requests in flight.
     */
    HttpLoadRun.Result openLoop(double rate, int connections, Duration window) throws InterruptedException {
        long start = System.nanoTime();
        long end = start + window.toNanos();
        long interval = (long) (1e9 / rate);
        AtomicLong next = new AtomicLong(start);
        return run(connections, window, () -> {
            long due = next.getAndAdd(interval);
            if (due >= end) {
                return -1;
            }
            for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            return due;
        });
    }

    /** When the next request is due (System.nanoTime), or -1 when the run is over. */
    private interface Schedule {
        long nextDue();
    }

    private HttpLoadRun.Result run(int connections, Duration window, Schedule schedule) throws InterruptedException {
        HttpLoadRun.Latencies latencies = new HttpLoadRun.Latencies();
        AtomicLong errors = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            threads.add(Thread.ofPlatform().name("load-" + i).start(() -> {
                Connection connection = null;
                for (long due = schedule.nextDue(); due >= 0; due = schedule.nextDue()) {
                    try {
                        if (connection == null) {
                            connection = new Connection();
                        }
                        Answer answer = connection.exchange();
                        if (answer.counted()) {
                            latencies.add(System.nanoTime() - due);
                        } else {
                            errors.incrementAndGet();
                        }
                        if (answer.closed()) {
                            connection.close();
                            connection = null;
                        }
                    } catch (IOException e) {
                        errors.incrementAndGet();
                        if (connection != null) {
                            connection.close();
                            connection = null;
                        }
                    }
                }
                if (connection != null) {
                    connection.close();
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        return latencies.result(window, errors.get());
    }

    private record Answer(boolean counted, boolean closed) {
    }

    /** One keep-alive connection; the server closes it after some requests (Tomcat: 100), then a new one is opened. */
    private final class Connection {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private byte[] buffer = new byte[16 * 1024];

        Connection() throws IOException {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(address, CONNECT_TIMEOUT_MILLIS);
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            in = socket.getInputStream();
            out = socket.getOutputStream();
        }

        Answer exchange() throws IOException {
            out.write(request);
            int filled = 0;
            int headerEnd = -1;
            while (headerEnd < 0) {
                filled = read(filled);
                headerEnd = indexOf(buffer, 0, filled, HEADER_END);
            }
            String head = new String(buffer, 0, headerEnd, StandardCharsets.ISO_8859_1);
            int status = Integer.parseInt(head.substring(9, 12));
            String lower = head.toLowerCase(Locale.ROOT);
            int length = contentLength(lower);
            int total = headerEnd + HEADER_END.length + length;
            if (total > buffer.length) {
                buffer = Arrays.copyOf(buffer, total);
            }
            while (filled < total) {
                filled = read(filled);
            }
            boolean counted = status == 200 && indexOf(buffer, headerEnd, total, expected) >= 0;
            return new Answer(counted, lower.contains("\r\nconnection: close"));
        }

        private int read(int filled) throws IOException {
            if (filled == buffer.length) {
                buffer = Arrays.copyOf(buffer, buffer.length * 2);
            }
            int n = in.read(buffer, filled, buffer.length - filled);
            if (n < 0) {
                throw new EOFException("the server closed the connection");
            }
            return filled + n;
        }

        private static int contentLength(String lowerCaseHead) throws IOException {
            int at = lowerCaseHead.indexOf("\r\ncontent-length:");
            if (at < 0) {
                throw new IOException("an answer without Content-Length: " + lowerCaseHead.lines().findFirst().orElse(""));
            }
            int from = at + "\r\ncontent-length:".length();
            int to = lowerCaseHead.indexOf("\r\n", from);
            return Integer.parseInt(lowerCaseHead.substring(from, to < 0 ? lowerCaseHead.length() : to).strip());
        }

        void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    static int indexOf(byte[] haystack, int from, int to, byte[] needle) {
        outer:
        for (int i = from; i <= to - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
