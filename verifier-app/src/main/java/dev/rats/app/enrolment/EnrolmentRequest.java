package dev.rats.app.enrolment;

/**
 * {@code POST /v1/tpm/enrolments}.
 *
 * @param ekCertificate the EK certificate, standard base64 of its DER or PEM (e.g. from {@code
 *        tpm2_getekcertificate} or NV index 0x01c00002)
 * @param akPublic standard base64 of the AK's TPM2B_PUBLIC ({@code tpm2_createak -u ak.pub})
 */
public record EnrolmentRequest(String ekCertificate, String akPublic) {
}
