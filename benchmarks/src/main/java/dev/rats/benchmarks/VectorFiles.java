package dev.rats.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * Locates the shared test vectors for benchmarks: the directory named by the system property
 * {@value #PROPERTY}, otherwise the first existing {@code ../shared/vectors} seen from the working
 * directory or one of its parents. Unlike the testkit's locator (which aborts a JUnit test), a
 * missing vector here is an {@link IllegalStateException} with a clear message: a benchmark run
 * without its inputs must fail, not be skipped.
 */
final class VectorFiles {

    static final String PROPERTY = "vectors.dir";

    private VectorFiles() {
    }

    static Path root() {
        String configured = System.getProperty(PROPERTY);
        if (configured != null && !configured.isBlank()) {
            Path dir = Path.of(configured).toAbsolutePath().normalize();
            if (!Files.isDirectory(dir)) {
                throw new IllegalStateException("-D" + PROPERTY + "=" + configured + " is not a directory");
            }
            return dir;
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("../shared/vectors").normalize();
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("shared test vectors not found: pass -D" + PROPERTY
                + "=/path/to/shared/vectors (no ../shared/vectors above " + Path.of("").toAbsolutePath() + ")");
    }

    static byte[] bytes(String relative) {
        Path file = root().resolve(relative);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("test vector missing: " + file);
        }
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A hex-text vector decoded to bytes (whitespace ignored, either case). */
    static byte[] hex(String relative) {
        String text = new String(bytes(relative), java.nio.charset.StandardCharsets.US_ASCII);
        return HexFormat.of().parseHex(text.replaceAll("\\s", ""));
    }
}
