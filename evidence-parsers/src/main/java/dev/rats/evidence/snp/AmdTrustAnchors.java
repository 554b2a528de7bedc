package dev.rats.evidence.snp;

import java.security.cert.X509Certificate;
import java.util.Optional;

/**
 * The AMD roots a verification trusts: per product, the pinned ARK and the known AS[V]K certificates
 * used when the evidence carries none. Implementations are injected (DESIGN §15 rule 6); the
 * production one in {@code endorsements} checks every certificate against a SHA-256 pinned in code.
 * A root that arrives with evidence is never an anchor: it is only compared with {@link #ark}.
 */
public interface AmdTrustAnchors {

    /** The pinned ARK of a product, or empty when this verifier trusts no root for it. */
    Optional<X509Certificate> ark(SnpProduct product);

    /** The known ASK (for VCEKs) or ASVK (for VLEKs) of a product; still verified under the ARK. */
    Optional<X509Certificate> intermediate(SnpProduct product, SigningKey kind);

    /** A short description for logs and claims, e.g. "built-in AMD roots". */
    String description();
}
