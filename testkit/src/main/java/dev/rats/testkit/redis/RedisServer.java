package dev.rats.testkit.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.rats.testkit.Executables;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A real Redis server for tests (Debian package {@code redis-server}): started on a free port of
 * 127.0.0.1 with persistence off, in its own temporary directory, and stopped by {@link #close()}.
 * Every wait is bounded.
 */
public final class RedisServer implements AutoCloseable {

    private static final int START_ATTEMPTS = 5;
    private static final int READY_POLLS = 100;

    private final Path dir;
    private final Process process;
    private final int port;

    private RedisServer(Path dir, Process process, int port) {
        this.dir = dir;
        this.process = process;
        this.port = port;
    }

    /** Whether redis-server is installed ({@code scripts/install-test-packages.sh}). */
    public static boolean available() {
        return Executables.onPath("redis-server");
    }

    /** Aborts the calling test, loudly, when redis-server is missing. */
    public static void assumeAvailable() {
        if (!available()) {
            String message = "SKIPPED: redis-server not installed; run scripts/install-test-packages.sh (CI does)";
            System.err.println(message);
            Assumptions.abort(message);
        }
    }

    public static RedisServer start() throws IOException {
        Path dir = Files.createTempDirectory("redis-");
        IOException last = null;
        for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
            int port = freePort();
            Process p = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--daemonize", "no")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("redis-" + attempt + ".log").toFile()).start();
            if (awaitPong(p, port)) {
                return new RedisServer(dir, p, port);
            }
            p.destroyForcibly();
            last = new IOException("redis-server did not start on port " + port + ": "
                    + Files.readString(dir.resolve("redis-" + attempt + ".log")));
        }
        throw last;
    }

    /** {@code redis://127.0.0.1:<port>}. */
    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Stops the server now (e.g. to test an outage); {@link #close()} afterwards is harmless. */
    public void stop() {
        process.destroyForcibly();
        try {
            process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws IOException {
        stop();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static boolean awaitPong(Process p, int port) {
        for (int i = 0; i < READY_POLLS && p.isAlive(); i++) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                s.setSoTimeout(1000);
                OutputStream out = s.getOutputStream();
                out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
                InputStream in = s.getInputStream();
                byte[] reply = new byte[7];
                int n = in.readNBytes(reply, 0, 7);
                if (new String(reply, 0, n, StandardCharsets.US_ASCII).startsWith("+PONG")) {
                    return true;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }
}
