package dev.rats.app.attest;

import dev.rats.policy.Appraisal;

/** Where attestation outcomes are counted; bound to Micrometer by the service. */
public interface VerificationMetrics {

    VerificationMetrics NONE = new VerificationMetrics() {
        @Override
        public void record(String platform, Appraisal appraisal, long nanos) {
        }

        @Override
        public void unavailable(String platform) {
        }
    };

    /** A completed appraisal (any status) and how long it took. */
    void record(String platform, Appraisal appraisal, long nanos);

    /** A verification that could not complete because an endorsement was unavailable. */
    void unavailable(String platform);
}
