package dev.rats.evidence;

/** The families of failure codes (DESIGN §4). Stable API: append only. */
public enum FailureCategory {
    /** The evidence or an input file is not well-formed. */
    MALFORMED,
    /** A signature does not verify. */
    CRYPTO,
    /** A certificate or key does not chain to a trusted anchor, or is not bound to the evidence. */
    TRUST,
    /** A nonce, validity period or collateral is stale or does not match. */
    FRESHNESS,
    /** The evidence is genuine but the appraisal policy or reference values reject it. */
    POLICY,
    /** An endorsement or collateral needed to decide could not be obtained: "could not check". */
    COLLATERAL_UNAVAILABLE,
    /** The evidence uses a version or feature this verifier does not support. */
    UNSUPPORTED,
    /** A defect in the verifier itself. */
    INTERNAL
}
