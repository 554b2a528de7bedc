package dev.rats.app.api;

import dev.rats.app.attest.AttestationService;
import dev.rats.app.attest.AttestationService.Outcome;
import dev.rats.app.attest.PolicyRegistry;
import dev.rats.evidence.binary.Bytes;
import dev.rats.policy.Appraisal;
import dev.rats.policy.snp.SnpPolicyRules;
import dev.rats.policy.tdx.TdxPolicyRules;
import dev.rats.policy.tpm.TpmPolicyRules;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /v1/attest/{platform}}: evidence in, appraisal and signed EAR out (DESIGN §9). */
@RestController
public class AttestationController {

    public static final String EAT_JWT = "application/eat+jwt";
    static final int MIN_CALLER_NONCE = 8;
    static final int MAX_NONCE = 64;

    private final AttestationService attestation;
    private final PolicyRegistry policies;

    public AttestationController(AttestationService attestation, PolicyRegistry policies) {
        this.attestation = attestation;
        this.policies = policies;
    }

    @PostMapping(path = "/v1/attest/sev-snp", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = {MediaType.APPLICATION_JSON_VALUE, EAT_JWT})
    public ResponseEntity<?> sevSnp(@RequestBody SnpAttestationRequest body,
            @RequestHeader(name = "Accept", required = false) String accept) {
        if (body == null) {
            throw new ApiException(ApiError.MISSING_FIELD, "the body is empty");
        }
        byte[] report = Base64Fields.required(body.report(), "report");
        List<byte[]> certificates = new ArrayList<>();
        Base64Fields.optional(body.vcek(), "vcek").ifPresent(certificates::add);
        Base64Fields.optional(body.certChain(), "certChain").ifPresent(certificates::add);
        Optional<byte[]> certTable = Base64Fields.optional(body.certTable(), "certTable");
        Optional<Bytes> nonce = Base64Fields.optionalBytes(body.nonce(), "nonce");
        nonce.ifPresent(AttestationController::checkNonceLength);
        Optional<Bytes> runtimeData = Base64Fields.optionalBytes(body.runtimeData(), "runtimeData");
        SnpPolicyRules policy = policies.snp(body.policyId()).orElseThrow(() -> new ApiException(ApiError.UNKNOWN_POLICY,
                "no SEV-SNP policy named '" + body.policyId() + "'"));

        return respond(attestation.attestSnp(new AttestationService.SnpInput(report, certificates, certTable, nonce,
                runtimeData, policy)), accept);
    }

    @PostMapping(path = "/v1/attest/tdx", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = {MediaType.APPLICATION_JSON_VALUE, EAT_JWT})
    public ResponseEntity<?> tdx(@RequestBody TdxAttestationRequest body,
            @RequestHeader(name = "Accept", required = false) String accept) {
        if (body == null) {
            throw new ApiException(ApiError.MISSING_FIELD, "the body is empty");
        }
        byte[] quote = Base64Fields.required(body.quote(), "quote");
        Optional<byte[]> collateral = Optional.empty();
        if (body.collateral() != null && !body.collateral().isNull()) {
            if (!body.collateral().isObject()) {
                throw new ApiException(ApiError.INVALID_FIELD, "'collateral' must be a dcap-qvl QuoteCollateralV3 object");
            }
            collateral = Optional.of(body.collateral().toString().getBytes(StandardCharsets.UTF_8));
        }
        Optional<Bytes> nonce = Base64Fields.optionalBytes(body.nonce(), "nonce");
        nonce.ifPresent(AttestationController::checkNonceLength);
        Optional<Bytes> runtimeData = Base64Fields.optionalBytes(body.runtimeData(), "runtimeData");
        TdxPolicyRules policy = policies.tdx(body.policyId()).orElseThrow(() -> new ApiException(ApiError.UNKNOWN_POLICY,
                "no TDX policy named '" + body.policyId() + "'"));
        return respond(attestation.attestTdx(new AttestationService.TdxInput(quote, collateral, nonce, runtimeData, policy)),
                accept);
    }

    @PostMapping(path = "/v1/attest/tpm", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = {MediaType.APPLICATION_JSON_VALUE, EAT_JWT})
    public ResponseEntity<?> tpm(@RequestBody TpmAttestationRequest body,
            @RequestHeader(name = "Accept", required = false) String accept) {
        if (body == null) {
            throw new ApiException(ApiError.MISSING_FIELD, "the body is empty");
        }
        byte[] quote = Base64Fields.required(body.quote(), "quote");
        byte[] signature = Base64Fields.required(body.signature(), "signature");
        byte[] akPublic = Base64Fields.required(body.akPublic(), "akPublic");
        if (body.pcrs() == null) {
            throw new ApiException(ApiError.MISSING_FIELD, "'pcrs' is required: {\"sha256\": {\"0\": \"hex\", ...}}");
        }
        Optional<Bytes> nonce = Base64Fields.optionalBytes(body.nonce(), "nonce");
        nonce.ifPresent(AttestationController::checkNonceLength);
        TpmPolicyRules policy = policies.tpm(body.policyId()).orElseThrow(() -> new ApiException(ApiError.UNKNOWN_POLICY,
                "no TPM policy named '" + body.policyId() + "'"));
        return respond(attestation.attestTpm(new AttestationService.TpmInput(quote, signature, akPublic, body.pcrs(),
                Base64Fields.optional(body.eventLog(), "eventLog"), Base64Fields.optional(body.akCertChain(), "akCertChain"),
                nonce, policy)), accept);
    }

    private static ResponseEntity<?> respond(Outcome outcome, String accept) {
        return switch (outcome) {
            case Outcome.Unavailable u -> throw new ApiException(ApiError.ENDORSEMENT_UNAVAILABLE,
                    u.cause().getMessage(), u.cause().retryAfter());
            case Outcome.Attested a -> respond(a.appraisal(), a.token(), accept);
        };
    }

    private static void checkNonceLength(Bytes nonce) {
        if (nonce.length() < MIN_CALLER_NONCE || nonce.length() > MAX_NONCE) {
            throw new ApiException(ApiError.INVALID_FIELD, "'nonce' must be 8 to 64 bytes, got " + nonce.length());
        }
    }

    private static ResponseEntity<?> respond(Appraisal appraisal, String token, String accept) {
        if (accept != null && accept.contains(EAT_JWT) && !accept.contains(MediaType.APPLICATION_JSON_VALUE)) {
            return ResponseEntity.ok().contentType(MediaType.parseMediaType(EAT_JWT)).body(token);
        }
        List<AttestationResponse.FailureView> failures = appraisal.failures().stream()
                .map(f -> new AttestationResponse.FailureView(f.code().wire(), f.severity().wire(), f.code().title()))
                .toList();
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(new AttestationResponse(
                appraisal.status().wire(), token, failures, appraisal.trustVector().toMap(), appraisal.claims()));
    }
}
