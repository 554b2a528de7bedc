package dev.rats.endorsements.kds;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rats.evidence.binary.Bytes;
import dev.rats.evidence.snp.SigningKey;
import dev.rats.evidence.snp.SnpProduct;
import dev.rats.evidence.snp.TcbLayout;
import dev.rats.evidence.snp.TcbVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EndorsementDirectoryTest {

    @TempDir
    Path dir;

    @Test
    void layout() {
        EndorsementDirectory store = new EndorsementDirectory(dir);
        Bytes hwId = Bytes.fromHex("6BB1229B7692B710");
        TcbVersion tcb = TcbVersion.of(TcbLayout.TURIN, 1, 2, 3, 4, 82);
        assertThat(store.vcekFile(SnpProduct.TURIN, hwId, tcb))
                .isEqualTo(dir.resolve("vcek/turin/6bb1229b7692b710/0102030400000052.der"));
        assertThat(store.certChainFile(SnpProduct.MILAN, SigningKey.VLEK)).isEqualTo(dir.resolve("cert_chain/milan_vlek.pem"));
        assertThat(store.crlFile(SnpProduct.GENOA, SigningKey.VCEK)).isEqualTo(dir.resolve("crl/genoa_vcek.der"));
    }

    @Test
    void writesReplaceAtomicallyAndLeaveNoTemporaryFile() throws Exception {
        EndorsementDirectory store = new EndorsementDirectory(dir);
        Path file = store.crlFile(SnpProduct.MILAN, SigningKey.VCEK);
        store.write(file, new byte[] {1, 2, 3});
        store.write(file, new byte[] {4, 5});
        assertThat(file).hasBinaryContent(new byte[] {4, 5});
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertThat(files).containsExactly(file);
        }
        assertThat(store.read(file)).hasValueSatisfying(b -> assertThat(b).containsExactly(4, 5));
    }

    @Test
    void missingAndOversizedFilesReadAsAbsent() throws Exception {
        EndorsementDirectory store = new EndorsementDirectory(dir);
        Path file = store.crlFile(SnpProduct.MILAN, SigningKey.VCEK);
        assertThat(store.read(file)).isEmpty();
        Files.createDirectories(file.getParent());
        Files.write(file, new byte[(int) EndorsementDirectory.MAX_FILE_BYTES + 1]);
        assertThat(store.read(file)).isEmpty();
    }
}
