package dev.rats.endorsements.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EndorsementFilesTest {

    @TempDir
    Path dir;

    @Test
    void writesReplaceAtomicallyAndLeaveNoTemporaryFile() throws Exception {
        Path file = dir.resolve("a/b/item.der");
        EndorsementFiles.write(file, new byte[] {1, 2, 3});
        EndorsementFiles.write(file, new byte[] {4, 5});
        assertThat(file).hasBinaryContent(new byte[] {4, 5});
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertThat(files).containsExactly(file);
        }
        assertThat(EndorsementFiles.read(file)).hasValueSatisfying(b -> assertThat(b).containsExactly(4, 5));
    }

    @Test
    void aWriteCanBeStampedWithTheTimeTheContentWasObtained() throws Exception {
        Path file = dir.resolve("stamped.json");
        Instant obtained = Instant.parse("2023-07-01T01:00:00Z");
        EndorsementFiles.write(file, new byte[] {1}, Optional.of(obtained));
        assertThat(EndorsementFiles.lastModified(file)).contains(obtained);
        assertThat(EndorsementFiles.lastModified(dir.resolve("absent"))).isEmpty();
    }

    @Test
    void missingAndOversizedFilesReadAsAbsent() throws Exception {
        Path file = dir.resolve("big.crl");
        assertThat(EndorsementFiles.read(file)).isEmpty();
        Files.write(file, new byte[(int) EndorsementFiles.MAX_FILE_BYTES + 1]);
        assertThat(EndorsementFiles.read(file)).isEmpty();
    }
}
