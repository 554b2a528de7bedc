package dev.rats.app.api;

import org.springframework.http.HttpStatus;

/**
 * Problems with a request itself (DESIGN §4): RFC 9457 problem+json with a stable {@code code}.
 * Problems with the evidence are never reported this way; they get a signed contraindicated EAR.
 */
public enum ApiError {
    MALFORMED_JSON("malformed-json", HttpStatus.BAD_REQUEST, "The body is not valid JSON"),
    UNKNOWN_FIELD("unknown-field", HttpStatus.BAD_REQUEST, "The body has a field this API does not define"),
    MISSING_FIELD("missing-field", HttpStatus.BAD_REQUEST, "A required field is missing"),
    INVALID_FIELD("invalid-field", HttpStatus.BAD_REQUEST, "A field has an invalid value"),
    UNKNOWN_POLICY("unknown-policy", HttpStatus.BAD_REQUEST, "No appraisal policy has this id"),
    BODY_TOO_LARGE("body-too-large", HttpStatus.CONTENT_TOO_LARGE, "The body exceeds the size limit"),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", HttpStatus.UNSUPPORTED_MEDIA_TYPE, "The body must be application/json"),
    NOT_ACCEPTABLE("not-acceptable", HttpStatus.NOT_ACCEPTABLE, "The requested response media type is not available"),
    METHOD_NOT_ALLOWED("method-not-allowed", HttpStatus.METHOD_NOT_ALLOWED, "The method is not allowed on this resource"),
    NOT_FOUND("not-found", HttpStatus.NOT_FOUND, "No such resource"),
    UNAUTHENTICATED("unauthenticated", HttpStatus.UNAUTHORIZED, "Authentication is required"),
    FORBIDDEN("forbidden", HttpStatus.FORBIDDEN, "The caller's role does not allow this"),
    RATE_LIMITED("rate-limited", HttpStatus.TOO_MANY_REQUESTS, "Too many requests from this caller"),
    ENDORSEMENT_UNAVAILABLE("endorsement-unavailable", HttpStatus.SERVICE_UNAVAILABLE,
            "An endorsement needed to verify the evidence could not be obtained; retry later"),
    REPLAY_STORE_UNAVAILABLE("replay-store-unavailable", HttpStatus.SERVICE_UNAVAILABLE,
            "The nonce replay store is unreachable, so the nonce's single use cannot be checked; retry later"),
    OVERLOADED("overloaded", HttpStatus.SERVICE_UNAVAILABLE, "The verifier is at its limit of concurrent requests; retry later"),
    EK_ROOTS_NOT_CONFIGURED("ek-roots-not-configured", HttpStatus.CONFLICT,
            "TPM AK enrolment is disabled: no EK roots are configured (verifier.tpm.ek-roots)"),
    EK_CERTIFICATE_MALFORMED("ek-certificate-malformed", HttpStatus.BAD_REQUEST, "The EK certificate is not one DER or PEM X.509 certificate"),
    EK_CERTIFICATE_EXPIRED("ek-certificate-expired", HttpStatus.BAD_REQUEST, "The EK certificate is expired or not yet valid"),
    EK_CERTIFICATE_UNTRUSTED("ek-certificate-untrusted", HttpStatus.BAD_REQUEST,
            "The EK certificate does not chain to a configured TPM manufacturer root"),
    EK_KEY_UNSUPPORTED("ek-key-unsupported", HttpStatus.BAD_REQUEST,
            "Credential activation supports RSA-2048 EKs of the default template only"),
    AK_PUBLIC_MALFORMED("ak-public-malformed", HttpStatus.BAD_REQUEST, "The AK public area is not a well-formed TPM2B_PUBLIC"),
    AK_KEY_UNSUPPORTED("ak-key-unsupported", HttpStatus.BAD_REQUEST, "The AK's key type, size, curve or name algorithm is not supported"),
    AK_ATTRIBUTES("ak-attributes", HttpStatus.BAD_REQUEST,
            "The AK is not a restricted signing key with fixedTPM, fixedParent and sensitiveDataOrigin"),
    ENROLMENT_NOT_FOUND("enrolment-not-found", HttpStatus.NOT_FOUND, "No pending enrolment has this id, or it expired"),
    ACTIVATION_FAILED("activation-failed", HttpStatus.BAD_REQUEST,
            "The secret does not match the credential; the enrolment is consumed"),
    ENROLLED_AK_NOT_FOUND("enrolled-ak-not-found", HttpStatus.NOT_FOUND, "No enrolled AK has this SHA-256"),
    ENROLMENT_CAPACITY("enrolment-capacity", HttpStatus.SERVICE_UNAVAILABLE, "Too many enrolments are pending; retry later"),
    INTERNAL_ERROR("internal-error", HttpStatus.INTERNAL_SERVER_ERROR, "The verifier failed internally");

    private final String code;
    private final HttpStatus status;
    private final String title;

    ApiError(String code, HttpStatus status, String title) {
        this.code = code;
        this.status = status;
        this.title = title;
    }

    public String code() {
        return code;
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }
}
