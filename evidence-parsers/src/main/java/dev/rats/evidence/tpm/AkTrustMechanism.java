package dev.rats.evidence.tpm;

/** How an AK came to be trusted (tpm.md §4). */
public enum AkTrustMechanism {
    /** SHA-256 of the AK's SubjectPublicKeyInfo is pinned by configuration (§4.1). */
    PINNED_KEY,
    /** An AK certificate chains to a configured root, e.g. the Google EK/AK CA (§4.2). */
    CERTIFICATE_CHAIN,
    /** The AK was enrolled after EK-certificate validation and credential activation (§4.3). */
    ENROLLED,
    /** The AK is bound to a verified TEE report, e.g. the Azure HCL report (§4.4). */
    TEE_BINDING
}
