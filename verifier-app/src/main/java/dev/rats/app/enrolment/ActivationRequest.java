package dev.rats.app.enrolment;

/**
 * {@code POST /v1/tpm/enrolments/{id}/activation}.
 *
 * @param secret standard base64 of what {@code tpm2_activatecredential -o} wrote
 */
public record ActivationRequest(String secret) {
}
