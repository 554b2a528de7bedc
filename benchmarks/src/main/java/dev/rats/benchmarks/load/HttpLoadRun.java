package dev.rats.benchmarks.load;

import dev.rats.endorsements.amd.PinnedAmdRoots;
import dev.rats.evidence.snp.SnpVerificationContext;
import dev.rats.evidence.snp.SnpVerifier;
import dev.rats.policy.pipeline.SnpRequest;
import dev.rats.policy.pipeline.VerificationPipeline;
import dev.rats.policy.snp.SnpPolicyLoader;
import dev.rats.refvalues.Enforcement;
import dev.rats.refvalues.HexValue;
import dev.rats.refvalues.ReferenceValue;
import dev.rats.refvalues.SnpReferenceValues;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HTTP load run of BENCHMARKS.md: starts the service jar on 127.0.0.1, measures the in-process
 * ceiling (the same pipeline, same evidence, same threads) in the same run, then the service's
 * maximum rate (closed loop, with {@link PlainHttpDriver} and, when installed, {@code wrk}), then
 * latency at half that rate (open loop) while sampling heap and RSS.
 * Every loop is bounded in time and stops by itself; only 127.0.0.1 is contacted.
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.rats.benchmarks.load.HttpLoadRun \
 *      verifier-app/target/verifier-app.jar ../shared/vectors [steady-seconds=300] [server JVM options, e.g. "-Xmx256m"]
 * </pre>
 */
public final class HttpLoadRun {

    private static final String MEASUREMENT =
            "7a1e5c266c0108dbc9bb94fa926951320940915d0aafb42464bd88b579ea158d3e1a0dc39b2c60bd95b9c480cd81841f";
    private static final Duration WARMUP = Duration.ofSeconds(20);
    private static final Duration MAX_RATE_WINDOW = Duration.ofSeconds(30);
    /** Enough to keep both cores of the service busy (see Wrk#CONNECTIONS). */
    private static final int CONNECTIONS = 8;
    /** Bounds the requests in flight in the open loop; far more than half the maximum rate needs. */
    private static final int OPEN_LOOP_CONNECTIONS = 32;
    private static final int CEILING_THREADS = 2;

    private HttpLoadRun() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: HttpLoadRun <verifier-app.jar> <vectors dir> [steady-seconds]");
            System.exit(2);
        }
        Path jar = Path.of(args[0]);
        Path vectors = Path.of(args[1]);
        Duration steady = Duration.ofSeconds(args.length > 2 ? Long.parseLong(args[2]) : 300);
        List<String> serverJvmOptions = args.length > 3 && !args[3].isBlank() ? List.of(args[3].trim().split("\\s+")) : List.of();
        byte[] report = HexFormat.of().parseHex(Files.readString(vectors.resolve("snp/virtee-sev/report_milan.hex")).strip());
        byte[] vcek = Files.readAllBytes(vectors.resolve("snp/virtee-sev/vcek_milan.der"));
        byte[] chain = Files.readAllBytes(vectors.resolve("snp/virtee-sev/cert_chain_milan"));

        double ceiling = inProcessCeiling(report, vcek, chain);
        System.out.printf("in-process ceiling (%d threads, parse+verify+appraise+ES256 EAR): %.0f verifications/s%n",
                CEILING_THREADS, ceiling);

        Path dir = Files.createTempDirectory("load-run");
        Path rv = dir.resolve("rv.yaml");
        Files.writeString(rv, "name: load\nsnp:\n  measurements:\n    - value: " + MEASUREMENT + "\n      label: load\n");
        int port = freePort();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(serverJvmOptions);
        command.addAll(List.of("-jar", jar.toString(), "--server.address=127.0.0.1", "--server.port=" + port,
                "--verifier.data-dir=" + dir.resolve("data"), "--verifier.reference-values.files=" + rv,
                "--verifier.limits.requests-per-second=1000000", "--verifier.limits.burst=1000000",
                "--logging.level.root=WARN"));
        System.out.printf("service JVM options: %s%n", serverJvmOptions.isEmpty() ? "(defaults)" : String.join(" ", serverJvmOptions));
        Process server = new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(dir.resolve("server.log").toFile()).start();
        try {
            String base = "http://127.0.0.1:" + port;
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            waitReady(http, base);
            String key = Files.readString(dir.resolve("data").resolve("bootstrap-api-key")).strip();
            String body = "{\"report\":\"" + b64(report) + "\",\"vcek\":\"" + b64(vcek) + "\",\"certChain\":\"" + b64(chain) + "\"}";
            HttpRequest check = HttpRequest.newBuilder(URI.create(base + "/v1/attest/sev-snp"))
                    .header("X-API-Key", key).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).timeout(Duration.ofSeconds(10)).build();
            HttpResponse<String> first = http.send(check, HttpResponse.BodyHandlers.ofString());
            if (first.statusCode() != 200 || !first.body().contains("\"affirming\"")) {
                throw new IllegalStateException("the service did not affirm the evidence: " + first.body());
            }

            PlainHttpDriver driver = PlainHttpDriver.post(URI.create(base + "/v1/attest/sev-snp"),
                    Map.of("X-API-Key", key, "Content-Type", "application/json"), body.getBytes(StandardCharsets.US_ASCII),
                    "\"status\":\"affirming\"");
            driver.closedLoop(CONNECTIONS, WARMUP);
            Result max = driver.closedLoop(CONNECTIONS, MAX_RATE_WINDOW);
            System.out.printf("HTTP max rate (Java driver, closed loop, %d connections): %.0f/s, p50 %.2f ms, p99 %.2f ms,"
                    + " errors %d%n", CONNECTIONS, max.rate(), max.p50(), max.p99(), max.errors());
            System.out.printf("ratio HTTP max rate (Java driver) / in-process ceiling: %.2f%n", max.rate() / ceiling);
            Optional<Result> wrk = Wrk.maxRate(base, key, body, dir, MAX_RATE_WINDOW);
            if (wrk.isPresent()) {
                System.out.printf("HTTP max rate (wrk, 1 thread, %d connections): %.0f/s, p50 %.2f ms, p99 %.2f ms, errors %d%n",
                        Wrk.CONNECTIONS, wrk.get().rate(), wrk.get().p50(), wrk.get().p99(), wrk.get().errors());
                System.out.printf("ratio HTTP max rate (wrk) / in-process ceiling: %.2f%n", wrk.get().rate() / ceiling);
            } else {
                System.out.println("wrk not found on PATH: only the Java driver's rate is measured");
            }

            double half = max.rate() / 2;
            MemorySampler memory = new MemorySampler(http, base, key, server.pid());
            Result steadyResult = sampling(memory, steady, () -> driver.openLoop(half, OPEN_LOOP_CONNECTIONS, steady));
            System.out.printf("HTTP at half the max rate (open loop, %.0f/s for %ds): achieved %.0f/s, p50 %.2f ms, p99 %.2f ms,"
                    + " errors %d%n", half, steady.toSeconds(), steadyResult.rate(), steadyResult.p50(), steadyResult.p99(),
                    steadyResult.errors());
            System.out.printf("service memory during the steady run: heap used max %.1f MB, RSS max %.1f MB%n",
                    memory.maxHeapBytes() / 1e6, memory.maxRssBytes() / 1e6);
        } finally {
            server.destroy();
            if (!server.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    /** The same verification in this process, with as many threads as the machine has cores. */
    static double inProcessCeiling(byte[] report, byte[] vcek, byte[] chain) throws Exception {
        VerificationPipeline pipeline = new VerificationPipeline(new SnpVerifier(),
                SnpVerificationContext.offline(Instant.EPOCH, PinnedAmdRoots.builtIn()), Clock.systemUTC());
        SnpReferenceValues refs = new SnpReferenceValues(List.of(new ReferenceValue(
                HexValue.of(HexFormat.of().parseHex(MEASUREMENT)), "load", Optional.empty(), Enforcement.ENFORCED)));
        SnpRequest request = new SnpRequest(report, List.of(vcek, chain), Optional.empty(), SnpPolicyLoader.defaults(), refs,
                Optional.empty(), Optional.empty());
        if (!pipeline.snp(request).isAffirming()) {
            throw new IllegalStateException("the in-process pipeline did not affirm the evidence");
        }
        com.nimbusds.jose.jwk.ECKey key = new com.nimbusds.jose.jwk.gen.ECKeyGenerator(com.nimbusds.jose.jwk.Curve.P_256)
                .keyID("load").generate();
        runThreads(pipeline, request, key, WARMUP);
        return runThreads(pipeline, request, key, MAX_RATE_WINDOW);
    }

    /** What the service does per request besides HTTP: the pipeline, then an ES256-signed EAR of the appraisal. */
    private static void verifyAndSign(VerificationPipeline pipeline, SnpRequest request, com.nimbusds.jose.jwk.ECKey key)
            throws Exception {
        var appraisal = pipeline.snp(request);
        var claims = new com.nimbusds.jwt.JWTClaimsSet.Builder().issueTime(new java.util.Date())
                .claim("submods", java.util.Map.of("sev-snp", java.util.Map.of("ear.status", appraisal.status().wire(),
                        "ear.trustworthiness-vector", appraisal.trustVector().toMap(), "claims", appraisal.claims())))
                .build();
        var jwt = new com.nimbusds.jwt.SignedJWT(new com.nimbusds.jose.JWSHeader.Builder(com.nimbusds.jose.JWSAlgorithm.ES256)
                .keyID(key.getKeyID()).build(), claims);
        jwt.sign(new com.nimbusds.jose.crypto.ECDSASigner(key));
        jwt.serialize();
    }

    private static double runThreads(VerificationPipeline pipeline, SnpRequest request, com.nimbusds.jose.jwk.ECKey key,
            Duration window) throws Exception {
        AtomicLong done = new AtomicLong();
        long end = System.nanoTime() + window.toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < CEILING_THREADS; i++) {
            Thread t = Thread.ofPlatform().start(() -> {
                try {
                    while (System.nanoTime() < end) {
                        verifyAndSign(pipeline, request, key);
                        done.incrementAndGet();
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        return done.get() / (window.toNanos() / 1e9);
    }

    record Result(double rate, double p50, double p99, long errors) {
    }

    private interface Load {
        Result run() throws InterruptedException;
    }

    /** Runs {@code load} while sampling the service's memory every 2 s. */
    private static Result sampling(MemorySampler memory, Duration window, Load load) throws InterruptedException {
        long end = System.nanoTime() + window.toNanos();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread sampler = Thread.ofPlatform().start(() -> {
            while (running.get() && System.nanoTime() < end) {
                memory.sample();
                sleep(Duration.ofSeconds(2));
            }
        });
        try {
            return load.run();
        } finally {
            running.set(false);
            sampler.join();
        }
    }

    /** Thread-safe latency recording; percentiles over all samples. */
    static final class Latencies {
        private long[] nanos = new long[1 << 16];
        private int n;

        synchronized void add(long value) {
            if (n == nanos.length) {
                nanos = Arrays.copyOf(nanos, n * 2);
            }
            nanos[n++] = value;
        }

        synchronized Result result(Duration window, long errors) {
            long[] sorted = Arrays.copyOf(nanos, n);
            Arrays.sort(sorted);
            return new Result(n / (window.toNanos() / 1e9), percentile(sorted, 0.50), percentile(sorted, 0.99), errors);
        }

        private static double percentile(long[] sorted, double p) {
            return sorted.length == 0 ? Double.NaN : sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] / 1e6;
        }
    }

    /** Samples the service's heap (from its Prometheus metrics) and its resident set (from /proc). */
    static final class MemorySampler {
        private static final Pattern HEAP = Pattern.compile("(?m)^jvm_memory_used_bytes\\{[^}]*area=\"heap\"[^}]*} ([0-9.eE+]+)$");
        private final HttpClient http;
        private final HttpRequest metrics;
        private final long pid;
        private double maxHeap;
        private long maxRss;

        MemorySampler(HttpClient http, String base, String key, long pid) {
            this.http = http;
            this.metrics = HttpRequest.newBuilder(URI.create(base + "/actuator/prometheus")).header("X-API-Key", key).build();
            this.pid = pid;
        }

        void sample() {
            try {
                String text = http.send(metrics, HttpResponse.BodyHandlers.ofString()).body();
                Matcher m = HEAP.matcher(text);
                double heap = 0;
                while (m.find()) {
                    heap += Double.parseDouble(m.group(1));
                }
                maxHeap = Math.max(maxHeap, heap);
                for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                    if (line.startsWith("VmRSS:")) {
                        maxRss = Math.max(maxRss, Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024);
                    }
                }
            } catch (IOException e) {
                // a missed sample; the next one counts
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        double maxHeapBytes() {
            return maxHeap;
        }

        long maxRssBytes() {
            return maxRss;
        }
    }

    private static void waitReady(HttpClient http, String base) throws Exception {
        HttpRequest ready = HttpRequest.newBuilder(URI.create(base + "/actuator/health/readiness")).build();
        for (int i = 0; i < 120; i++) {
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not up yet
            }
            sleep(Duration.ofMillis(500));
        }
        throw new IllegalStateException("the service did not become ready within 60 s");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
