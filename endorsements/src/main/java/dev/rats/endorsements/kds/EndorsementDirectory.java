package dev.rats.endorsements.kds;

import dev.rats.endorsements.store.EndorsementFiles;
import dev.rats.evidence.binary.Bytes;
import dev.rats.evidence.snp.SigningKey;
import dev.rats.evidence.snp.SnpProduct;
import dev.rats.evidence.snp.TcbVersion;
import java.io.IOException;
import java.nio.file.Path;
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
 * The hwID is as KDS keys it: 128 hex digits, 16 on Turin. Files are written atomically and read
 * with a size bound ({@link EndorsementFiles}); readers validate every file and ignore one that does
 * not decode.
 */
public final class EndorsementDirectory {

    /** No endorsement file is this large; a larger one is ignored rather than read into memory. */
    static final long MAX_FILE_BYTES = EndorsementFiles.MAX_FILE_BYTES;

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
        return EndorsementFiles.read(file);
    }

    /** Replaces a file atomically: temporary file, fsync, atomic rename. Never writes in place. */
    void write(Path file, byte[] content) throws IOException {
        EndorsementFiles.write(file, content);
    }

    private static String name(SnpProduct product) {
        return product.kdsName().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return "endorsement directory " + root;
    }
}
