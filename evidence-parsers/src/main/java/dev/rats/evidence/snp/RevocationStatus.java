package dev.rats.evidence.snp;

/** What the verifier learnt about revocation of the AS[V]K. */
public enum RevocationStatus {
    /** An ARK-signed CRL, current at the verification instant, does not list the AS[V]K. */
    NOT_REVOKED,
    /** No CRL was available and the policy allowed that. */
    NOT_CHECKED
}
