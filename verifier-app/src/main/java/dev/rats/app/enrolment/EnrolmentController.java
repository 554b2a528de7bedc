package dev.rats.app.enrolment;

import dev.rats.app.api.ApiError;
import dev.rats.app.api.ApiException;
import dev.rats.evidence.binary.Bytes;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * TPM AK enrolment (tpm.md §4.3): {@code POST /v1/tpm/enrolments} and {@code POST
 * /v1/tpm/enrolments/{id}/activation} for attesters; {@code GET /v1/tpm/enrolments} and {@code
 * DELETE /v1/tpm/enrolments/{akSha256}} for administrators.
 */
@RestController
public class EnrolmentController {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");

    private final EnrolmentService enrolments;
    private final EnrolledAks enrolled;

    public EnrolmentController(EnrolmentService enrolments, EnrolledAks enrolled) {
        this.enrolments = enrolments;
        this.enrolled = enrolled;
    }

    @PostMapping(path = "/v1/tpm/enrolments", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    public EnrolmentResponses.Created begin(@RequestBody EnrolmentRequest body) {
        if (body == null) {
            throw new ApiException(ApiError.MISSING_FIELD, "the body is empty");
        }
        byte[] ekCertificate = base64(body.ekCertificate(), "ekCertificate");
        byte[] akPublic = base64(body.akPublic(), "akPublic");
        EnrolmentService.Challenge c = enrolments.begin(ekCertificate, akPublic);
        Base64.Encoder b64 = Base64.getEncoder();
        return new EnrolmentResponses.Created(c.id(), b64.encodeToString(c.credential().idObject().toByteArray()),
                b64.encodeToString(c.credential().encryptedSecret().toByteArray()),
                b64.encodeToString(c.credential().toTpm2ToolsFile().toByteArray()), c.expiresAt().toString());
    }

    @PostMapping(path = "/v1/tpm/enrolments/{id}/activation", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    public EnrolmentResponses.Activated activate(@PathVariable("id") String id, @RequestBody ActivationRequest body) {
        if (body == null) {
            throw new ApiException(ApiError.MISSING_FIELD, "the body is empty");
        }
        byte[] secret = base64(body.secret(), "secret");
        if (!ID.matcher(id).matches()) {
            throw new ApiException(ApiError.ENROLMENT_NOT_FOUND, "no pending enrolment has this id");
        }
        EnrolledAk ak = enrolments.activate(id, secret);
        return new EnrolmentResponses.Activated(ak.akSha256().toHex(), ak.enrolledAt().toString());
    }

    @GetMapping(path = "/v1/tpm/enrolments", produces = MediaType.APPLICATION_JSON_VALUE)
    public EnrolmentResponses.ListResponse list() {
        Base64.Encoder b64 = Base64.getEncoder();
        return new EnrolmentResponses.ListResponse(enrolled.all().stream().map(a -> new EnrolmentResponses.Listed(a.id(),
                a.akSha256().toHex(), b64.encodeToString(a.akPublic().toByteArray()), a.ekSubject(), a.ekSerial(),
                a.enrolledAt().toString())).toList());
    }

    @DeleteMapping(path = "/v1/tpm/enrolments/{akSha256}")
    public ResponseEntity<Void> remove(@PathVariable("akSha256") String akSha256) {
        if (!SHA256_HEX.matcher(akSha256).matches()) {
            throw new ApiException(ApiError.INVALID_FIELD, "the path names an AK by 64 hex digits of SHA-256(SPKI)");
        }
        if (!enrolled.remove(Bytes.of(HexFormat.of().parseHex(akSha256.toLowerCase(Locale.ROOT))))) {
            throw new ApiException(ApiError.ENROLLED_AK_NOT_FOUND, "no enrolled AK has this SHA-256");
        }
        return ResponseEntity.noContent().build();
    }

    private static byte[] base64(String value, String field) {
        if (value == null || value.isEmpty()) {
            throw new ApiException(ApiError.MISSING_FIELD, "'" + field + "' is required");
        }
        try {
            return Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw new ApiException(ApiError.INVALID_FIELD, "'" + field + "' is not standard base64");
        }
    }
}
