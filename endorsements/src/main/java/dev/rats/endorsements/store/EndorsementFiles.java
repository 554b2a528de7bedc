package dev.rats.endorsements.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Optional;

/**
 * Reads and writes the files of the on-disk endorsement stores (AMD and Intel). Files are written
 * atomically (a temporary file in the same folder, forced to disk, then an atomic rename), so a crash
 * leaves the old file or the new one, never a torn one; readers still validate every file and ignore
 * one that does not decode. Stray {@code .*.tmp} files of a crash are ignored. Oversized files are
 * ignored rather than read into memory.
 */
public final class EndorsementFiles {

    private static final System.Logger LOG = System.getLogger(EndorsementFiles.class.getName());
    /** No endorsement file is this large; a larger one is ignored rather than read into memory. */
    public static final long MAX_FILE_BYTES = 1 << 20;

    private EndorsementFiles() {
    }

    /** The content of a file; empty when it is absent, unreadable or implausibly large (logged). */
    public static Optional<byte[]> read(Path file) {
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                LOG.log(System.Logger.Level.WARNING, "ignoring {0}: {1} bytes is too large for an endorsement", file, size);
                return Optional.empty();
            }
            return Optional.of(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "ignoring unreadable {0}: {1}", file, e.toString());
            return Optional.empty();
        }
    }

    /** When a file was last written; empty when it is absent or unreadable. */
    public static Optional<Instant> lastModified(Path file) {
        try {
            return Optional.of(Files.getLastModifiedTime(file).toInstant());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Replaces a file atomically: temporary file, fsync, atomic rename. Never writes in place. */
    public static void write(Path file, byte[] content) throws IOException {
        write(file, content, Optional.empty());
    }

    /** Like {@link #write(Path, byte[])}, stamping the file with {@code modified} (e.g. an injected clock's now). */
    public static void write(Path file, byte[] content, Optional<Instant> modified) throws IOException {
        Path folder = file.getParent();
        Files.createDirectories(folder);
        Path tmp = Files.createTempFile(folder, "." + file.getFileName() + ".", ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    ch.write(buffer);
                }
                ch.force(true);
            }
            if (modified.isPresent()) {
                Files.setLastModifiedTime(tmp, FileTime.from(modified.get()));
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the file system of " + folder + " cannot rename atomically; not storing " + file, e);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
