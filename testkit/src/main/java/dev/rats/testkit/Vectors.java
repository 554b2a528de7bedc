package dev.rats.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Assumptions;

/**
 * Locates the shared test vectors (real reports and certificates) and reads them. The directory is
 * the system property {@value #PROPERTY} when it names an existing directory, otherwise the first
 * existing {@code ../shared/vectors} seen from the working directory or one of its parents.
 * Missing vectors abort the calling test (reported as skipped) after a loud line on stderr.
 */
public final class Vectors {

    /** System property naming the vectors directory (set by the parent pom for Surefire). */
    public static final String PROPERTY = "vectors.dir";

    private Vectors() {
    }

    /** The vectors directory, if one exists. */
    public static Optional<Path> root() {
        String configured = System.getProperty(PROPERTY);
        if (configured != null && !configured.isBlank() && Files.isDirectory(Path.of(configured))) {
            return Optional.of(Path.of(configured).toAbsolutePath().normalize());
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("../shared/vectors").normalize();
            if (Files.isDirectory(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * The path of a vector relative to the vectors directory, e.g.
     * {@code "snp/go-sev-guest/testdata/attestation.bin"}; aborts the current test when it is absent.
     */
    public static Path require(String relative) {
        Optional<Path> file = root().map(r -> r.resolve(relative)).filter(Files::isRegularFile);
        if (file.isPresent()) {
            return file.get();
        }
        String where = root().map(r -> r.resolve(relative).toString())
                .orElse(relative + " (no " + PROPERTY + " property and no ../shared/vectors above "
                        + Path.of("").toAbsolutePath() + ")");
        String message = "SKIPPED: shared test vectors not found at " + where;
        System.err.println(message);
        return Assumptions.abort(message);
    }

    /** The raw bytes of a vector. */
    public static byte[] bytes(String relative) {
        try {
            return Files.readAllBytes(require(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A hex-text vector decoded to bytes (whitespace ignored, either case). */
    public static byte[] hex(String relative) {
        try {
            return HexFormat.of().parseHex(Files.readString(require(relative)).replaceAll("\\s", ""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** All certificates of a PEM bundle (or a single DER certificate), in file order. */
    public static List<X509Certificate> certificates(String relative) {
        return Pem.certificates(bytes(relative));
    }

    /** The single certificate of a DER or PEM file. */
    public static X509Certificate certificate(String relative) {
        return Pem.certificate(bytes(relative));
    }
}
