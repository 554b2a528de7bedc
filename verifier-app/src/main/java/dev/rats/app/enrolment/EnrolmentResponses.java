package dev.rats.app.enrolment;

import java.util.List;

/** The JSON bodies of the enrolment endpoints; binary fields standard base64, instants RFC 3339. */
final class EnrolmentResponses {

    private EnrolmentResponses() {
    }

    /**
     * @param credentialBlob TPM2B_ID_OBJECT (TPM2_ActivateCredential's credentialBlob)
     * @param encryptedSecret TPM2B_ENCRYPTED_SECRET (its secret parameter)
     * @param credential both in the file format of {@code tpm2_makecredential -o} (tpm.md §2.8),
     *        for {@code tpm2_activatecredential -i}
     */
    record Created(String id, String credentialBlob, String encryptedSecret, String credential, String expiresAt) {
    }

    record Activated(String akSha256, String enrolledAt) {
    }

    record Listed(String id, String akSha256, String akPublic, String ekSubject, String ekSerial, String enrolledAt) {
    }

    record ListResponse(List<Listed> enrolments) {
    }
}
