package dev.rats.evidence.tdx;

import java.security.cert.X509Certificate;
import java.util.Optional;

/**
 * The Intel root a verification trusts: the Intel SGX Root CA (tdx.md §3.4). Implementations are
 * injected (DESIGN §15 rule 6); the production one in {@code endorsements} checks the certificate
 * against a SHA-256 pinned in code. A root that arrives with a quote is never an anchor: it is
 * only compared with {@link #root()} (DESIGN §5).
 */
public interface IntelTrustAnchors {

    /** The pinned Intel SGX Root CA, or empty when this verifier trusts no Intel root. */
    Optional<X509Certificate> root();

    /** A short description for logs and claims, e.g. "built-in Intel SGX Root CA". */
    String description();
}
