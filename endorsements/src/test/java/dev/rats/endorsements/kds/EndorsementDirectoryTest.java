package dev.rats.endorsements.kds;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rats.evidence.binary.Bytes;
import dev.rats.evidence.snp.SigningKey;
import dev.rats.evidence.snp.SnpProduct;
import dev.rats.evidence.snp.TcbLayout;
import dev.rats.evidence.snp.TcbVersion;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The KDS layout; reads and atomic writes are tested with {@code store.EndorsementFiles}. */
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
}
