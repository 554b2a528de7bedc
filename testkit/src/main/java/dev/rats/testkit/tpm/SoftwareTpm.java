package dev.rats.testkit.tpm;

import dev.rats.testkit.Executables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A real software TPM for tests: {@code swtpm socket --tpm2} on 127.0.0.1 with a temporary state
 * directory, driven by tpm2-tools through the swtpm TCTI (tpm.md §7.2). Every tool call has a
 * bounded timeout and is followed by {@code tpm2_flushcontext -t/-s}, since swtpm has only three
 * transient object slots and no resource manager (tpm.md §7.2 step 3). Closing stops the swtpm
 * process this instance started (by its handle) and deletes the directory.
 */
public final class SoftwareTpm implements AutoCloseable {

    private static final long TOOL_TIMEOUT_SECONDS = 60;
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final Path dir;
    private final Process swtpm;
    private final int port;

    /** An AK (or other signing key) loaded from files in the TPM's directory. */
    public record Key(String name, Path context, Path tpm2bPublic, Path pem, Path akName) {
        public byte[] tpm2bPublicBytes() {
            return read(tpm2bPublic);
        }

        public byte[] pemBytes() {
            return read(pem);
        }

        public byte[] nameBytes() {
            return read(akName);
        }
    }

    /** The files {@code tpm2_quote -m -s -o} writes. */
    public record Quote(byte[] attest, byte[] signature, byte[] serializedPcrs) {
    }

    private SoftwareTpm(Path dir, Process swtpm, int port) {
        this.dir = dir;
        this.swtpm = swtpm;
        this.port = port;
    }

    /** Whether swtpm and tpm2-tools are installed ({@code scripts/install-test-packages.sh}). */
    public static boolean available() {
        return Executables.onPath("swtpm") && Executables.onPath("tpm2_quote") && Executables.onPath("tpm2_createak");
    }

    /** Aborts the calling test, loudly, when swtpm or tpm2-tools are missing. */
    public static void assumeAvailable() {
        if (!available()) {
            String message = "SKIPPED: swtpm/tpm2-tools not installed; run scripts/install-test-packages.sh (CI does)";
            System.err.println(message);
            Assumptions.abort(message);
        }
    }

    /** Starts a fresh TPM; its state is manufactured on first start (no EK persisted). */
    public static SoftwareTpm start() throws IOException {
        Path dir = Files.createTempDirectory("swtpm-" + COUNTER.incrementAndGet() + "-");
        Path state = Files.createDirectory(dir.resolve("state"));
        IOException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            int port = adjacentFreePorts();
            Process p = new ProcessBuilder("swtpm", "socket", "--tpm2",
                    "--tpmstate", "dir=" + state,
                    "--server", "type=tcp,bindaddr=127.0.0.1,port=" + port,
                    "--ctrl", "type=tcp,bindaddr=127.0.0.1,port=" + (port + 1),
                    "--flags", "not-need-init,startup-clear")
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("swtpm-" + attempt + ".log").toFile())
                    .start();
            if (awaitListening(p, port)) {
                return new SoftwareTpm(dir, p, port);
            }
            p.destroyForcibly();
            last = new IOException("swtpm did not start on port " + port + ": "
                    + Files.readString(dir.resolve("swtpm-" + attempt + ".log")));
        }
        deleteRecursively(dir);
        throw last;
    }

    /** Two adjacent free ports: the swtpm TCTI uses port + 1 as the control port (tpm.md §7.2 step 2). */
    private static int adjacentFreePorts() throws IOException {
        for (int i = 0; i < 50; i++) {
            try (ServerSocket a = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                int port = a.getLocalPort();
                if (port >= 65535) {
                    continue;
                }
                try (ServerSocket b = new ServerSocket(port + 1, 1, java.net.InetAddress.getLoopbackAddress())) {
                    return port;
                } catch (IOException taken) {
                    // try another pair
                }
            }
        }
        throw new IOException("no two adjacent free ports on 127.0.0.1");
    }

    private static boolean awaitListening(Process p, int port) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline && p.isAlive()) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return true;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return false;
    }

    public Path dir() {
        return dir;
    }

    /** The TCTI string tpm2-tools use for this TPM. */
    public String tcti() {
        return "swtpm:host=127.0.0.1,port=" + port;
    }

    /** Runs a tpm2-tools command in the TPM's directory, then flushes transient objects and sessions. */
    public String run(String... command) {
        String out = exec(List.of(command));
        exec(List.of("tpm2_flushcontext", "-t"));
        exec(List.of("tpm2_flushcontext", "-s"));
        return out;
    }

    private String exec(List<String> command) {
        try {
            ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
            pb.environment().put("TPM2TOOLS_TCTI", tcti());
            Process p = pb.start();
            byte[] output;
            try (var in = p.getInputStream()) {
                // tool output is small; read it fully, then wait with a bound
                output = in.readAllBytes();
            }
            if (!p.waitFor(TOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("timed out: " + String.join(" ", command));
            }
            String text = new String(output, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed (" + p.exitValue() + "): " + text);
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Creates the RSA EK (TCG default template) as {@code ek.ctx}, once. */
    public Path endorsementKey() {
        Path ek = dir.resolve("ek.ctx");
        if (!Files.exists(ek)) {
            run("tpm2_createek", "-c", "ek.ctx", "-G", "rsa", "-u", "ek.pub");
        }
        return ek;
    }

    /**
     * An AK under the EK: {@code tpm2_createak -G rsa|ecc -g hash -s rsassa|rsapss|ecdsa}, with the
     * TPM2B_PUBLIC ({@code -u}), the Name ({@code -n}) and the SPKI PEM ({@code tpm2_readpublic -f pem}).
     */
    public Key createAk(String name, String keyAlgorithm, String hash, String scheme) {
        endorsementKey();
        run("tpm2_createak", "-C", "ek.ctx", "-c", name + ".ctx", "-G", keyAlgorithm, "-g", hash, "-s", scheme,
                "-u", name + ".pub", "-n", name + ".name");
        run("tpm2_readpublic", "-c", name + ".ctx", "-f", "pem", "-o", name + ".pem");
        return new Key(name, dir.resolve(name + ".ctx"), dir.resolve(name + ".pub"), dir.resolve(name + ".pem"),
                dir.resolve(name + ".name"));
    }

    /**
     * A non-restricted signing key in the owner hierarchy ({@code tpm2_create -a ...|sign} without
     * {@code restricted}); TPM2_Quote accepts it, so it can sign forged-looking quotes (tpm.md §1 step 3).
     */
    public Key createUnrestrictedSigningKey(String name, String algorithm) {
        if (!Files.exists(dir.resolve("owner.ctx"))) {
            run("tpm2_createprimary", "-C", "o", "-c", "owner.ctx");
        }
        run("tpm2_create", "-C", "owner.ctx", "-G", algorithm,
                "-a", "fixedtpm|fixedparent|sensitivedataorigin|userwithauth|sign", "-u", name + ".pub", "-r", name + ".priv");
        run("tpm2_load", "-C", "owner.ctx", "-u", name + ".pub", "-r", name + ".priv", "-c", name + ".ctx", "-n", name + ".name");
        run("tpm2_readpublic", "-c", name + ".ctx", "-f", "pem", "-o", name + ".pem");
        return new Key(name, dir.resolve(name + ".ctx"), dir.resolve(name + ".pub"), dir.resolve(name + ".pem"),
                dir.resolve(name + ".name"));
    }

    /** The EK's TPM2B_PUBLIC ({@code tpm2_createek -u}). */
    public byte[] endorsementKeyPublic() {
        endorsementKey();
        return read(dir.resolve("ek.pub"));
    }

    /**
     * TPM2_ActivateCredential with the AK and the EK (tpm.md §7.2 step 6): a policy session satisfying
     * the EK's PolicySecret(endorsement), then {@code tpm2_activatecredential}; returns the recovered
     * secret. {@code credential} is a tpm2-tools credential file (tpm.md §2.8). Fails (unchecked)
     * when the TPM refuses, e.g. "integrity check failed" for a credential made for another AK.
     */
    public byte[] activateCredential(Key ak, byte[] credential) {
        endorsementKey();
        String id = "cred-" + COUNTER.incrementAndGet();
        try {
            Files.write(dir.resolve(id + ".bin"), credential);
            // one policy session across the commands: no flush in between
            exec(List.of("tpm2_startauthsession", "--policy-session", "-S", id + ".session"));
            try {
                exec(List.of("tpm2_policysecret", "-S", id + ".session", "-c", "e"));
                exec(List.of("tpm2_activatecredential", "-c", ak.context().toString(), "-C", "ek.ctx", "-i", id + ".bin",
                        "-o", id + ".out", "-P", "session:" + id + ".session"));
            } finally {
                exec(List.of("tpm2_flushcontext", "-t"));
                exec(List.of("tpm2_flushcontext", "-s"));
            }
            return read(dir.resolve(id + ".out"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code tpm2_pcrextend pcr:bank=hex,...}. */
    public void extend(int pcr, Map<TpmBank, byte[]> digests) {
        List<String> parts = new ArrayList<>();
        digests.forEach((bank, d) -> parts.add(bank.toolName + "=" + HexFormat.of().formatHex(d)));
        run("tpm2_pcrextend", pcr + ":" + String.join(",", parts));
    }

    /**
     * {@code tpm2_quote -c key -l selection -q nonce -m -s -o -g hash}; selection in tpm2-tools
     * syntax, e.g. {@code sha256:0,1,16+sha384:16}.
     */
    public Quote quote(Key key, String selection, byte[] nonce, String hash) {
        return quote(key, selection, nonce, hash, null);
    }

    /** As {@link #quote(Key, String, byte[], String)} with {@code --scheme} (e.g. {@code rsapss}) unless null. */
    public Quote quote(Key key, String selection, byte[] nonce, String hash, String scheme) {
        String id = "quote-" + COUNTER.incrementAndGet();
        List<String> cmd = new ArrayList<>(List.of("tpm2_quote", "-c", key.context().toString(), "-l", selection,
                "-m", id + ".msg", "-s", id + ".sig", "-o", id + ".pcrs", "-g", hash));
        if (nonce.length > 0) {
            cmd.addAll(List.of("-q", HexFormat.of().formatHex(nonce)));
        }
        if (scheme != null) {
            cmd.add("--scheme=" + scheme);
        }
        run(cmd.toArray(String[]::new));
        return new Quote(read(dir.resolve(id + ".msg")), read(dir.resolve(id + ".sig")), read(dir.resolve(id + ".pcrs")));
    }

    /** The YAML {@code tpm2_pcrread selection} prints. */
    public byte[] pcrread(String selection) {
        return run("tpm2_pcrread", selection).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        swtpm.destroy();
        try {
            if (!swtpm.waitFor(5, TimeUnit.SECONDS)) {
                swtpm.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deleteRecursively(dir);
    }

    private static void deleteRecursively(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: a temporary directory
        }
    }
}
