package dev.rats.app.enrolment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.FailureCode;
import dev.rats.evidence.binary.Bytes;
import dev.rats.evidence.tpm.AttestationKey;
import dev.rats.evidence.tpm.ClockInfo;
import dev.rats.testkit.tpm.SimulatedAk;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The enrolled-AK store: persistence, corrupt files, revocation and clock monotonicity. */
class EnrolledAksTest {

    static final Instant AT = Instant.parse("2026-01-02T03:04:05Z");

    @TempDir
    Path dataDir;

    private static EnrolledAk enrolled(SimulatedAk ak, String id) throws EvidenceException {
        Bytes pub = Bytes.of(ak.tpm2bPublic());
        return new EnrolledAk(id, AttestationKey.fromTpmPublic(pub).spkiSha256(), pub, Bytes.of(new byte[] {0x30, 0}),
                "CN=unknown", "1389", AT, Optional.empty());
    }

    @Test
    void enrolledAksAreReloadedAndCorruptFilesAreSkippedButKept() throws Exception {
        SimulatedAk a = SimulatedAk.rsa(2048);
        SimulatedAk b = SimulatedAk.ecc("secp256r1");
        EnrolledAks store = new EnrolledAks(dataDir);
        store.add(enrolled(a, "id-a"));
        store.add(enrolled(b, "id-b"));
        Path dir = dataDir.resolve(EnrolledAks.DIRECTORY);
        Path garbage = Files.writeString(dir.resolve("0".repeat(64) + ".json"), "{not json");
        Path stray = Files.writeString(dir.resolve("notes.txt"), "hello");
        // a file whose digest names another AK than its public area: never trusted
        Path forged = dir.resolve("1".repeat(64) + ".json");
        Files.writeString(forged, Files.readString(dir.resolve(enrolled(a, "x").akSha256().toHex() + ".json")));

        EnrolledAks reloaded = new EnrolledAks(dataDir);
        assertThat(reloaded.all()).extracting(EnrolledAk::id).containsExactlyInAnyOrder("id-a", "id-b");
        assertThat(reloaded.establish(AttestationKey.fromTpmPublic(Bytes.of(b.tpm2bPublic())), List.of(), AT).anchor())
                .isEqualTo("enrolment id-b (EK certificate CN=unknown, serial 1389)");
        assertThat(garbage).exists();
        assertThat(stray).exists();
        assertThat(forged).exists();

        assertThat(reloaded.remove(enrolled(a, "id-a").akSha256())).isTrue();
        assertThat(reloaded.remove(enrolled(a, "id-a").akSha256())).isFalse();
        assertThat(new EnrolledAks(dataDir).all()).extracting(EnrolledAk::id).containsExactly("id-b");
    }

    @Test
    void anAkThatIsNotEnrolledIsUntrusted() throws Exception {
        EnrolledAks store = new EnrolledAks(dataDir);
        store.add(enrolled(SimulatedAk.rsa(2048), "id"));
        AttestationKey other = AttestationKey.fromTpmPublic(Bytes.of(SimulatedAk.rsa(2048).tpm2bPublic()));
        assertThatThrownBy(() -> store.establish(other, List.of(), AT))
                .isInstanceOfSatisfying(EvidenceException.class, e -> assertThat(e.code()).isEqualTo(FailureCode.TPM_AK_UNTRUSTED));
        assertThatThrownBy(() -> store.observe(other.spkiSha256(), new ClockInfo(1, 1, 0, true)))
                .isInstanceOfSatisfying(EvidenceException.class, e -> assertThat(e.code()).isEqualTo(FailureCode.TPM_AK_UNTRUSTED));
    }

    @Test
    void theClockMustNotGoBackwards() throws Exception {
        EnrolledAks store = new EnrolledAks(dataDir);
        EnrolledAk ak = enrolled(SimulatedAk.rsa(2048), "id");
        store.add(ak);
        Bytes d = ak.akSha256();
        assertThat(store.observe(d, new ClockInfo(5_000, 2, 1, true))).isFalse();
        assertThat(store.observe(d, new ClockInfo(5_000, 2, 1, true))).as("the same clock again").isFalse();
        assertThat(store.observe(d, new ClockInfo(4_999, 2, 1, true))).as("clock back, same reset/restart").isTrue();
        assertThat(store.observe(d, new ClockInfo(9_000, 2, 0, true))).as("restartCount back").isTrue();
        assertThat(store.observe(d, new ClockInfo(9_000, 1, 7, true))).as("resetCount back").isTrue();
        assertThat(store.observe(d, new ClockInfo(100, 3, 0, true))).as("after a reset the clock may be lower").isFalse();
        // an unsigned u64 clock above 2^63 is later than any smaller one
        assertThat(store.observe(d, new ClockInfo(-5, 3, 0, true))).isFalse();
        assertThat(store.observe(d, new ClockInfo(Long.MAX_VALUE, 3, 0, true))).isTrue();
        // persisted: the high-water mark survives a restart
        EnrolledAks restarted = new EnrolledAks(dataDir);
        assertThat(restarted.find(d).orElseThrow().lastClock()).contains(new ClockInfo(-5, 3, 0, true));
        assertThat(restarted.observe(d, new ClockInfo(1, 3, 0, true))).isTrue();
    }
}
