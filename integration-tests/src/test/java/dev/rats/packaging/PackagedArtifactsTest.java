package dev.rats.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jars users run, started as users start them (README "Set up"): the runtime class path of a
 * packaged jar differs from the test class path, so only this catches a dependency that is missing
 * at run time. Needs the reactor's {@code package} phase ({@code verify}, as scripts/test.sh runs it).
 */
class PackagedArtifactsTest {

    private static final Path SERVICE = Path.of("..", "verifier-app", "target", "verifier-app.jar");
    private static final Path CLI = Path.of("..", "verifier-cli", "target", "verifier-cli.jar");
    private static final String MEASUREMENT =
            "7a1e5c266c0108dbc9bb94fa926951320940915d0aafb42464bd88b579ea158d3e1a0dc39b2c60bd95b9c480cd81841f";

    @TempDir
    Path dir;

    private static void requirePackaged(Path jar) {
        Assumptions.assumeTrue(Files.isRegularFile(jar), () -> {
            String m = "SKIPPED: " + jar + " is not built; run the 'verify' phase (scripts/test.sh) to test the packaged jar";
            System.err.println(m);
            return m;
        });
    }

    private static Path vector(String relative) {
        String configured = System.getProperty("vectors.dir", "../../shared/vectors");
        Path p = Path.of(configured).resolve(relative);
        Assumptions.assumeTrue(Files.isRegularFile(p), () -> {
            String m = "SKIPPED: shared test vectors not found at " + p;
            System.err.println(m);
            return m;
        });
        return p;
    }

    private Path referenceValues() throws IOException {
        Path rv = dir.resolve("rv.yaml");
        Files.writeString(rv, "name: packaged\nsnp:\n  measurements:\n    - value: " + MEASUREMENT + "\n      label: virtee\n");
        return rv;
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    @Test
    void theCliJarVerifiesARealReport() throws Exception {
        requirePackaged(CLI);
        Process p = new ProcessBuilder(java(), "-jar", CLI.toString(), "verify", "sev-snp",
                "--report", vector("snp/virtee-sev/report_milan.hex").toString(),
                "--certs", vector("snp/virtee-sev/vcek_milan.der").toString(),
                "--certs", vector("snp/virtee-sev/cert_chain_milan").toString(),
                "--reference-values", referenceValues().toString(), "--at", "2026-06-01T00:00:00Z")
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).startsWith("affirming");
    }

    /** The shaded jar carries what TDX needs at run time: the collateral JSON reader, the pinned Intel root. */
    @Test
    void theCliJarVerifiesARealTdxQuoteWithItsCollateral() throws Exception {
        requirePackaged(CLI);
        Process p = new ProcessBuilder(java(), "-jar", CLI.toString(), "verify", "tdx",
                "--quote", vector("tdx/dcap-qvl/tdx_quote").toString(),
                "--collateral", vector("tdx/dcap-qvl/tdx_quote_collateral.json").toString(),
                "--at", "2025-07-19T10:00:34Z")
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        // no reference value for its MRTD: at best a warning (exit 1), with the TCB status Intel QVL gives
        assertThat(p.exitValue()).as(out).isEqualTo(1);
        assertThat(out).startsWith("warning (tdx, policy default@1)").contains("measurement-unreferenced")
                .contains("tcbStatus: UpToDate");
    }

    @Test
    void theServiceJarStartsWithFilesAndAffirmsARealReport() throws Exception {
        requirePackaged(SERVICE);
        byte[] report = HexFormat.of().parseHex(Files.readString(vector("snp/virtee-sev/report_milan.hex")).strip());
        byte[] vcek = Files.readAllBytes(vector("snp/virtee-sev/vcek_milan.der"));
        byte[] chain = Files.readAllBytes(vector("snp/virtee-sev/cert_chain_milan"));
        Path policies = Files.createDirectories(dir.resolve("policies"));
        Files.writeString(policies.resolve("strict.yaml"), "name: strict\nguestPolicy:\n  allowSmt: false\n");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Process server = new ProcessBuilder(java(), "-jar", SERVICE.toString(), "--server.address=127.0.0.1",
                "--server.port=" + port, "--verifier.data-dir=" + dir.resolve("data"),
                "--verifier.reference-values.files=" + referenceValues(), "--verifier.policies.directory=" + policies)
                .redirectErrorStream(true).redirectOutput(dir.resolve("server.log").toFile()).start();
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            String base = "http://127.0.0.1:" + port;
            waitReady(http, base, server);
            String key = Files.readString(dir.resolve("data").resolve("bootstrap-api-key")).strip();
            for (String policy : List.of("default", "strict")) {
                String body = "{\"report\":\"" + b64(report) + "\",\"vcek\":\"" + b64(vcek) + "\",\"certChain\":\"" + b64(chain)
                        + "\",\"policyId\":\"" + policy + "\"}";
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/attest/sev-snp"))
                        .header("X-API-Key", key).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                // the virtee report allows SMT in its guest policy: the strict policy refuses it
                assertThat(r.body()).contains(policy.equals("default") ? "\"status\":\"affirming\"" : "snp-policy-smt");
            }
            assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/openapi.yaml")).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).startsWith("openapi: 3.1.0");
        } finally {
            server.destroy();
            if (!server.waitFor(20, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    private void waitReady(HttpClient http, String base, Process server) throws Exception {
        HttpRequest ready = HttpRequest.newBuilder(URI.create(base + "/actuator/health/readiness")).build();
        for (int i = 0; i < 120 && server.isAlive(); i++) {
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the packaged service did not become ready; its log:\n"
                + Files.readString(dir.resolve("server.log")));
    }

    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }
}
