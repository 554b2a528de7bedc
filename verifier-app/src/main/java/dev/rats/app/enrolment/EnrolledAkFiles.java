package dev.rats.app.enrolment;

import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.binary.Bytes;
import dev.rats.evidence.tpm.AttestationKey;
import dev.rats.evidence.tpm.ClockInfo;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * One JSON file per enrolled AK, {@code <akSha256 hex>.json}, in {@code <data-dir>/tpm/enrolled-aks/}.
 * Writes are atomic (temporary file, then a move) and owner-readable only. Files that do not read
 * back as a consistent record are logged and skipped, never deleted: an operator decides.
 */
final class EnrolledAkFiles {

    private static final Logger LOG = LoggerFactory.getLogger(EnrolledAkFiles.class);
    private static final Pattern FILE_NAME = Pattern.compile("[0-9a-f]{64}\\.json");
    /** Enrolment records are small; anything larger is not one. */
    private static final long MAX_FILE_BYTES = 64 * 1024;
    static final int FORMAT_VERSION = 1;

    /** The file's JSON shape; binary fields standard base64, digests and serials lower-case hex. */
    record Stored(int version, String id, String akSha256, String akPublic, String ekCertificate, String ekSubject,
            String ekSerial, String enrolledAt, StoredClock lastClock) {
    }

    /** TPMS_CLOCK_INFO; {@code clock} is the unsigned u64 as a decimal string. */
    record StoredClock(String clock, long resetCount, long restartCount, boolean safe) {
    }

    private final Path directory;
    private final JsonMapper json = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    EnrolledAkFiles(Path directory) throws IOException {
        this.directory = directory;
        Files.createDirectories(directory);
    }

    Path directory() {
        return directory;
    }

    Path fileOf(Bytes akSha256) {
        return directory.resolve(akSha256.toHex() + ".json");
    }

    List<EnrolledAk> loadAll() throws IOException {
        List<EnrolledAk> out = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.startsWith(".tmp")) {
                    continue; // a write that did not complete; the record it replaced is intact
                }
                if (!FILE_NAME.matcher(name).matches() || !Files.isRegularFile(file)) {
                    LOG.warn("enrolled AKs: ignoring {} (not <sha256 hex>.json)", file);
                    continue;
                }
                try {
                    out.add(read(file));
                } catch (IOException | JacksonException | EvidenceException | IllegalArgumentException | NullPointerException e) {
                    LOG.warn("enrolled AKs: skipping unreadable or inconsistent {} (left in place): {}", file, e.getMessage());
                }
            }
        }
        return out;
    }

    private EnrolledAk read(Path file) throws IOException, EvidenceException {
        if (Files.size(file) > MAX_FILE_BYTES) {
            throw new IllegalArgumentException("larger than " + MAX_FILE_BYTES + " bytes");
        }
        Stored s = json.readValue(Files.readAllBytes(file), Stored.class);
        if (s.version() != FORMAT_VERSION) {
            throw new IllegalArgumentException("format version " + s.version());
        }
        Bytes akPublic = Bytes.of(Base64.getDecoder().decode(s.akPublic()));
        Bytes digest = AttestationKey.fromTpmPublic(akPublic).spkiSha256();
        // the digest is recomputed from the AK public area: a file cannot make another key trusted
        if (!digest.toHex().equals(s.akSha256()) || !file.getFileName().toString().equals(digest.toHex() + ".json")) {
            throw new IllegalArgumentException("akSha256 does not match the AK public area or the file name");
        }
        Optional<ClockInfo> clock = s.lastClock() == null ? Optional.empty() : Optional.of(new ClockInfo(
                Long.parseUnsignedLong(s.lastClock().clock()), s.lastClock().resetCount(), s.lastClock().restartCount(),
                s.lastClock().safe()));
        return new EnrolledAk(s.id(), digest, akPublic, Bytes.of(Base64.getDecoder().decode(s.ekCertificate())),
                s.ekSubject(), s.ekSerial(), Instant.parse(s.enrolledAt()), clock);
    }

    void write(EnrolledAk ak) throws IOException {
        Base64.Encoder b64 = Base64.getEncoder();
        StoredClock clock = ak.lastClock().map(c -> new StoredClock(Long.toUnsignedString(c.clock()), c.resetCount(),
                c.restartCount(), c.safe())).orElse(null);
        Stored s = new Stored(FORMAT_VERSION, ak.id(), ak.akSha256().toHex(), b64.encodeToString(ak.akPublic().toByteArray()),
                b64.encodeToString(ak.ekCertificate().toByteArray()), ak.ekSubject(), ak.ekSerial(), ak.enrolledAt().toString(),
                clock);
        byte[] content = json.writerWithDefaultPrettyPrinter().writeValueAsBytes(s);
        Path tmp = Files.createTempFile(directory, ".tmp", null);
        try {
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the directory's permissions apply
            }
            Files.write(tmp, content);
            Files.move(tmp, fileOf(ak.akSha256()), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    boolean delete(Bytes akSha256) throws IOException {
        return Files.deleteIfExists(fileOf(akSha256));
    }
}
