package dev.rats.app.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/** Secrets the service generates once and keeps in its data directory, with owner-only permissions. */
public final class DataDirectory {

    private final Path root;

    public DataDirectory(Path root) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        Files.createDirectories(this.root);
    }

    public Path root() {
        return root;
    }

    /**
     * The content of {@code name}, creating it with {@code bytes} random bytes (base64) if absent.
     * Written atomically, so a crash never leaves a torn secret.
     */
    public String secret(String name, int bytes, SecureRandom random) throws IOException {
        Path file = root.resolve(name);
        if (Files.exists(file)) {
            return Files.readString(file, StandardCharsets.US_ASCII).strip();
        }
        byte[] value = new byte[bytes];
        random.nextBytes(value);
        String text = Base64.getEncoder().encodeToString(value);
        writePrivate(file, text + "\n");
        return text;
    }

    /** Writes a file readable by the owner only, atomically. */
    public static void writePrivate(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = Files.createTempFile(file.getParent(), ".tmp", null);
        try {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the directory's permissions apply
        }
        Files.writeString(tmp, content, StandardCharsets.US_ASCII);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
