package dev.rats.app.enrolment;

import dev.rats.app.api.ApiError;
import dev.rats.app.api.ApiException;
import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.FailureCode;
import dev.rats.evidence.binary.Bytes;
import dev.rats.evidence.tpm.AttestationKey;
import dev.rats.evidence.tpm.MakeCredential;
import dev.rats.evidence.tpm.TpmtPublic;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * AK enrolment by EK certificate and credential activation (tpm.md §4.3; TPM 2.0 Part 1 §24
 * "Credential Protection"; Part 3 TPM2_MakeCredential and TPM2_ActivateCredential):
 * <ol>
 * <li>{@link #begin}: validate the EK certificate against the manufacturers' roots, check the AK
 *     public area, and make a credential holding a fresh 32-byte secret for Name(AK), encrypted to
 *     the EK;</li>
 * <li>{@link #activate}: the TPM releases the secret through TPM2_ActivateCredential only if it
 *     holds both the EK and an AK with that Name; the returned secret proves it, and the AK is
 *     enrolled.</li>
 * </ol>
 */
public final class EnrolmentService {

    /** The credential's secret (TPM 2.0 Part 1 §24.4: a TPM2B_DIGEST; 32 bytes fit every nameAlg). */
    static final int SECRET_BYTES = 32;
    private static final int ID_BYTES = 16;
    private static final int MAX_AK_PUBLIC = 1024;
    private static final int MAX_EK_CERTIFICATE = 16 * 1024;
    /**
     * spec: TPM 2.0 Part 1 §25.2 (attestation keys) / Part 3 TPM2_ActivateCredential: the AK is a
     * restricted signing key that never leaves its TPM and was generated in it (tpm.md §4.3 step 2;
     * go-attestation attest/activation.go).
     */
    static final long AK_ATTRIBUTES = TpmtPublic.RESTRICTED | TpmtPublic.SIGN | TpmtPublic.FIXED_TPM
            | TpmtPublic.FIXED_PARENT | TpmtPublic.SENSITIVE_DATA_ORIGIN;

    /** What {@code POST /v1/tpm/enrolments} returns. */
    public record Challenge(String id, MakeCredential.Credential credential, Instant expiresAt) {
    }

    private final EkRoots ekRoots;
    private final PendingEnrolments pending;
    private final EnrolledAks enrolled;
    private final SecureRandom random;
    private final Clock clock;

    public EnrolmentService(EkRoots ekRoots, EnrolledAks enrolled, int maxPending, Duration lifetime, SecureRandom random,
            Clock clock) {
        this.ekRoots = ekRoots;
        this.enrolled = enrolled;
        this.pending = new PendingEnrolments(maxPending, lifetime, clock);
        this.random = random;
        this.clock = clock;
    }

    public Challenge begin(byte[] ekCertificate, byte[] akPublic) {
        if (ekCertificate.length > MAX_EK_CERTIFICATE) {
            throw new ApiException(ApiError.EK_CERTIFICATE_MALFORMED, "'ekCertificate' is larger than " + MAX_EK_CERTIFICATE + " bytes");
        }
        Instant now = clock.instant();
        // tpm.md §4.3 step 1: the EK certificate chains to a configured TPM manufacturer root, valid now
        X509Certificate ekCert = ekRoots.validate(ekCertificate, now);
        // the EK's public area is the one the certificate certifies (tpm.md §4.3 step 1)
        TpmtPublic ek = EkPublicArea.fromCertificateKey(ekCert.getPublicKey());
        // tpm.md §4.3 step 2: a restricted signing AK that is fixedTPM, fixedParent, sensitiveDataOrigin
        AttestationKey akKey = attestationKey(akPublic);
        TpmtPublic ak = akKey.publicArea().orElseThrow();

        byte[] secret = new byte[SECRET_BYTES];
        random.nextBytes(secret);
        MakeCredential.Credential credential;
        try {
            // spec: Part 3 TPM2_MakeCredential: objectName is Name(AK) = nameAlg ‖ H(TPMT_PUBLIC) (tpm.md §2.5)
            credential = MakeCredential.make(ek, ak.name(), Bytes.of(secret), random);
        } catch (EvidenceException e) {
            if (e.code() == FailureCode.TPM_CREDENTIAL_KEY) {
                throw new ApiException(ApiError.EK_KEY_UNSUPPORTED, e.getMessage());
            }
            throw new IllegalStateException("MakeCredential failed", e);
        }
        String id = newId();
        Instant expiresAt = pending.expiryFromNow();
        boolean added = pending.add(new PendingEnrolments.Pending(id, Bytes.of(sha256(secret)), Bytes.of(akPublic),
                akKey.spkiSha256(), Bytes.of(derOf(ekCert)), ekCert.getSubjectX500Principal().getName(),
                ekCert.getSerialNumber().toString(16), expiresAt));
        java.util.Arrays.fill(secret, (byte) 0);
        if (!added) {
            throw new ApiException(ApiError.ENROLMENT_CAPACITY, "too many enrolments are waiting for activation; retry later",
                    Optional.of(pending.lifetime()));
        }
        return new Challenge(id, credential, expiresAt);
    }

    /**
     * Completes enrolment {@code id} with the secret TPM2_ActivateCredential returned. The pending
     * entry is consumed whatever the outcome (single use: no repeated guesses).
     */
    public EnrolledAk activate(String id, byte[] secret) {
        PendingEnrolments.Pending p = pending.take(id).orElseThrow(() -> new ApiException(ApiError.ENROLMENT_NOT_FOUND,
                "no pending enrolment has this id, or it expired (they are valid " + pending.lifetime().toMinutes()
                        + " minutes and single use)"));
        // DESIGN §11: secrets are compared in constant time, as digests of equal length
        if (!MessageDigest.isEqual(sha256(secret), p.secretSha256().toByteArray())) {
            throw new ApiException(ApiError.ACTIVATION_FAILED,
                    "the secret does not match the credential; the enrolment is consumed, start a new one");
        }
        EnrolledAk ak = new EnrolledAk(p.id(), p.akSha256(), p.akPublic(), p.ekCertificate(), p.ekSubject(), p.ekSerial(),
                clock.instant(), Optional.empty());
        enrolled.add(ak);
        return ak;
    }

    /** A TPM2B_PUBLIC (or TPMT_PUBLIC) of a supported key (RSA ≥ 2048, NIST P curves; nameAlg SHA-1/256/384/512). */
    private static AttestationKey attestationKey(byte[] akPublic) {
        if (akPublic.length > MAX_AK_PUBLIC) {
            throw new ApiException(ApiError.AK_PUBLIC_MALFORMED, "'akPublic' is larger than " + MAX_AK_PUBLIC + " bytes");
        }
        AttestationKey key;
        try {
            key = AttestationKey.fromTpmPublic(Bytes.of(akPublic));
        } catch (EvidenceException e) {
            throw akProblem(e);
        }
        TpmtPublic area = key.publicArea().orElseThrow();
        if (!area.hasAttributes(AK_ATTRIBUTES) || area.hasAttributes(TpmtPublic.DECRYPT)) {
            throw new ApiException(ApiError.AK_ATTRIBUTES, String.format(
                    "AK objectAttributes 0x%08X: an AK is a restricted signing key with fixedTPM, fixedParent and "
                            + "sensitiveDataOrigin (0x%08X), not a decryption key", area.objectAttributes(), AK_ATTRIBUTES));
        }
        return key;
    }

    private static ApiException akProblem(EvidenceException e) {
        return switch (e.code()) {
            case TPM_KEY_UNSUPPORTED, TPM_HASH_ALGORITHM_UNSUPPORTED -> new ApiException(ApiError.AK_KEY_UNSUPPORTED, e.getMessage());
            default -> new ApiException(ApiError.AK_PUBLIC_MALFORMED,
                    "'akPublic' is not a TPM2B_PUBLIC (tpm2_createak -u): " + e.getMessage());
        };
    }

    private String newId() {
        byte[] b = new byte[ID_BYTES];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static byte[] derOf(X509Certificate c) {
        try {
            return c.getEncoded();
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] sha256(byte[] b) {
        return Bytes.of(b).sha256();
    }
}
