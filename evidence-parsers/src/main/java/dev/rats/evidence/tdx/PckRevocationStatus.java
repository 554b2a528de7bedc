package dev.rats.evidence.tdx;

/** What the verifier learnt about revocation of the PCK chain (tdx.md §5 step 3). */
public enum PckRevocationStatus {
    /**
     * Both CRLs were available, verified and current at the verification instant: the Root CA CRL
     * does not list the intermediate CA and the PCK CRL does not list the PCK certificate.
     */
    NOT_REVOKED,
    /**
     * At least one CRL was not available and the context allowed that ({@code crlRequired} false);
     * a CRL that was available was still checked, and a listing in it still fails.
     */
    NOT_CHECKED
}
