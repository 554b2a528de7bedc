package dev.rats.app.api;

import java.util.List;
import java.util.Map;

/** The result of an attestation: the appraisal and the signed EAR that carries it. */
public record AttestationResponse(
        String status,
        String token,
        List<FailureView> failures,
        Map<String, Integer> trustVector,
        Map<String, Object> claims) {

    /** A failure as clients see it: stable code, severity and title; details stay in the logs. */
    public record FailureView(String code, String severity, String title) {
    }
}
