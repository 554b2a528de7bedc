package dev.rats.benchmarks.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The service's maximum rate measured with {@code wrk} (Debian package {@code wrk}), a C load
 * generator that takes far less of the shared CPU than a Java client. Only 127.0.0.1 is contacted;
 * the run is bounded by {@code window}.
 */
final class Wrk {

    /**
     * Enough connections to keep both cores of the service busy: with 4, a request was in flight
     * in the kernel or in wrk often enough that the cores idled 5-9% of the run.
     */
    static final int CONNECTIONS = 8;
    private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern PERCENTILE = Pattern.compile("\\s(50|99)%\\s+([0-9.]+)(us|ms|s)");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+([0-9]+)");

    private Wrk() {
    }

    static Optional<HttpLoadRun.Result> maxRate(String base, String key, String body, Path dir, Duration window)
            throws IOException, InterruptedException {
        Path bodyFile = dir.resolve("wrk-body.json");
        Files.writeString(bodyFile, body);
        Path script = dir.resolve("wrk-post.lua");
        Files.writeString(script, "wrk.method = \"POST\"\n"
                + "local f = io.open(\"" + bodyFile + "\", \"r\"); wrk.body = f:read(\"*a\"); f:close()\n"
                + "wrk.headers[\"Content-Type\"] = \"application/json\"\n"
                + "wrk.headers[\"X-API-Key\"] = \"" + key + "\"\n");
        String url = base + "/v1/attest/sev-snp";
        Optional<String> warm = run(List.of("wrk", "-t1", "-c" + CONNECTIONS, "-d10s", "-s", script.toString(), url));
        if (warm.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> out = run(List.of("wrk", "-t1", "-c" + CONNECTIONS, "-d" + window.toSeconds() + "s", "--latency",
                "-s", script.toString(), url));
        return out.map(Wrk::parse);
    }

    private static Optional<String> run(List<String> command) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.empty();
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return p.exitValue() == 0 ? Optional.of(out) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty(); // wrk is not installed
        }
    }

    static HttpLoadRun.Result parse(String out) {
        Matcher rate = RATE.matcher(out);
        double requests = rate.find() ? Double.parseDouble(rate.group(1)) : Double.NaN;
        double p50 = Double.NaN;
        double p99 = Double.NaN;
        Matcher m = PERCENTILE.matcher(out);
        while (m.find()) {
            double value = Double.parseDouble(m.group(2)) * switch (m.group(3)) {
                case "us" -> 0.001;
                case "s" -> 1000;
                default -> 1;
            };
            if (m.group(1).equals("50")) {
                p50 = value;
            } else {
                p99 = value;
            }
        }
        Matcher errors = NON_2XX.matcher(out);
        return new HttpLoadRun.Result(requests, p50, p99, errors.find() ? Long.parseLong(errors.group(1)) : 0);
    }
}
