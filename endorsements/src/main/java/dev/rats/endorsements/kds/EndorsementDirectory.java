package dev.rats.endorsements.kds;

import dev.rats.evidence.binary.Bytes;
import dev.rats.evidence.snp.SigningKey;
import dev.rats.evidence.snp.SnpProduct;
import dev.rats.evidence.snp.TcbVersion;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The on-disk store of AMD endorsements, and the layout an air-gapped site pre-loads for offline
 * mode (sev-snp.md §4.3, DESIGN §5). Product names are lower case ({@code milan}, {@code genoa},
 * {@code turin}); hex is lower case:
 * <pre>
 * vcek/{product}/{hwid hex}/{TCB_VERSION raw hex, 16 digits}.der   VCEK, DER; kept for good, several TCBs per chip
 * cert_chain/{product}_{vcek|vlek}.pem                             AS[V]K then ARK, PEM
 * crl/{product}_{vcek|vlek}.der                                     ARK-signed CRL, DER; used only before its nextUpdate
 * </pre>
 * The hwID is as KDS keys it: 128 hex digits, 16 on Turin. Files are written atomically (a
 * temporary file in the same folder, forced to disk, then an atomic rename), so a crash leaves the
 * old file or the new one, never a torn one; readers still validate every file and ignore one that
 * does not decode. Stray {@code .*.tmp} files of a crash are ignored.
 */
public final class EndorsementDirectory {

    private static final System.Logger LOG = System.getLogger(EndorsementDirectory.class.getName());
    /** No endorsement file is this large; a larger one is ignored rather than read into memory. */
    static final long MAX_FILE_BYTES = 1 << 20;

    private final Path root;

    public EndorsementDirectory(Path root) {
        this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /** Where the VCEK of a chip at a TCB is kept. */
    public Path vcekFile(SnpProduct product, Bytes hwId, TcbVersion tcb) {
        KdsUrls.checkVcekRequest(product, hwId, tcb);
        return root.resolve("vcek").resolve(name(product)).resolve(hwId.toHex().toLowerCase(Locale.ROOT))
                .resolve(tcb.raw().toHex().toLowerCase(Locale.ROOT) + ".der");
    }

    /** Where a product's {@code cert_chain} is kept. */
    public Path certChainFile(SnpProduct product, SigningKey kind) {
        return root.resolve("cert_chain").resolve(name(product) + "_" + KdsUrls.keyPath(kind) + ".pem");
    }

    /** Where a product's CRL is kept. */
    public Path crlFile(SnpProduct product, SigningKey kind) {
        return root.resolve("crl").resolve(name(product) + "_" + KdsUrls.keyPath(kind) + ".der");
    }

    /** The content of a file; empty when it is absent, unreadable or implausibly large (logged). */
    Optional<byte[]> read(Path file) {
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

    /** Replaces a file atomically: temporary file, fsync, atomic rename. Never writes in place. */
    void write(Path file, byte[] content) throws IOException {
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
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the file system of " + folder + " cannot rename atomically; not storing " + file, e);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static String name(SnpProduct product) {
        return product.kdsName().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return "endorsement directory " + root;
    }
}
