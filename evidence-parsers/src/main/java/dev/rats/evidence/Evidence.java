package dev.rats.evidence;

/**
 * Parsed, not yet verified, evidence of one platform (DESIGN §3). Sealed, so that the compiler
 * points at every switch a new platform must extend (DESIGN §15 rule 11).
 */
public sealed interface Evidence permits SnpEvidence, TdxEvidence, TpmEvidence {

    /** The platform name used in API paths, metrics and tokens, e.g. {@code sev-snp}. */
    String platform();
}
