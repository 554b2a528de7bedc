package dev.rats.policy.pipeline;

import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.FailureCode;
import dev.rats.policy.Appraisal;
import dev.rats.policy.Failure;
import dev.rats.policy.Status;
import dev.rats.policy.TrustClaim;
import dev.rats.policy.TrustVector;
import java.util.List;
import java.util.Map;

/** The contraindicated appraisal of evidence that failed parsing or verification (DESIGN §4). */
public final class Rejection {

    private Rejection() {
    }

    public static Appraisal of(String platform, String policyId, EvidenceException e) {
        return new Appraisal(platform, policyId, Status.CONTRAINDICATED, vector(e.code()),
                List.of(Failure.contraindicated(e.code(), e.getMessage())), Map.of());
    }

    /** AR4SI code points per failure category (landscape.md §7.3). */
    private static TrustVector vector(FailureCode code) {
        TrustVector v = new TrustVector();
        switch (code.category()) {
            case CRYPTO -> v.set(TrustClaim.HARDWARE, TrustClaim.CRYPTO_FAILED)
                    .set(TrustClaim.INSTANCE_IDENTITY, TrustClaim.CRYPTO_FAILED);
            case TRUST, COLLATERAL_UNAVAILABLE -> v.set(TrustClaim.HARDWARE, TrustClaim.UNRECOGNIZED_HARDWARE)
                    .set(TrustClaim.INSTANCE_IDENTITY, TrustClaim.UNTRUSTWORTHY_INSTANCE);
            case FRESHNESS -> v.set(TrustClaim.INSTANCE_IDENTITY, TrustClaim.UNTRUSTWORTHY_INSTANCE);
            case MALFORMED, UNSUPPORTED, POLICY -> v.set(TrustClaim.INSTANCE_IDENTITY, TrustClaim.UNRECOGNIZED_INSTANCE);
            case INTERNAL -> v.set(TrustClaim.INSTANCE_IDENTITY, TrustClaim.VERIFIER_MALFUNCTION);
        }
        return v;
    }
}
