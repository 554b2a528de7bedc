package dev.rats.app.enrolment;

import dev.rats.evidence.binary.Bytes;
import dev.rats.evidence.tpm.ClockInfo;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An AK the verifier trusts after EK-certificate validation and credential activation (tpm.md §4.3).
 *
 * @param id the enrolment id that completed
 * @param akSha256 SHA-256 of the AK's DER SubjectPublicKeyInfo, its identity (tpm.md §4.1)
 * @param akPublic the AK's TPM2B_PUBLIC as enrolled
 * @param ekCertificate the EK certificate (DER) the credential was encrypted to
 * @param ekSubject the EK certificate's subject (RFC 2253)
 * @param ekSerial the EK certificate's serial number (hex)
 * @param enrolledAt when the activation completed
 * @param lastClock the highest TPMS_CLOCK_INFO seen in quotes by this AK, for {@link EnrolledAks#observe}
 */
public record EnrolledAk(String id, Bytes akSha256, Bytes akPublic, Bytes ekCertificate, String ekSubject, String ekSerial,
        Instant enrolledAt, Optional<ClockInfo> lastClock) {

    public EnrolledAk {
        Objects.requireNonNull(id);
        Objects.requireNonNull(akSha256);
        Objects.requireNonNull(akPublic);
        Objects.requireNonNull(ekCertificate);
        Objects.requireNonNull(ekSubject);
        Objects.requireNonNull(ekSerial);
        Objects.requireNonNull(enrolledAt);
        Objects.requireNonNull(lastClock);
    }

    /** What the trust rests on, for {@link dev.rats.evidence.tpm.AkTrustBasis#anchor()}. */
    public String anchor() {
        return "enrolment " + id + " (EK certificate " + ekSubject + ", serial " + ekSerial + ")";
    }

    EnrolledAk withLastClock(ClockInfo clock) {
        return new EnrolledAk(id, akSha256, akPublic, ekCertificate, ekSubject, ekSerial, enrolledAt, Optional.of(clock));
    }
}
