package dev.rats.endorsements.kds;

import dev.rats.evidence.snp.SigningKey;
import dev.rats.evidence.snp.SnpProduct;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Objects;

/**
 * A KDS {@code cert_chain} answer: the ASK ({@code vcek}) or ASVK ({@code vlek}) and the ARK of one
 * product (sev-snp.md §4.1). Untrusted: the verifier trusts only its pinned ARK (§3.4) and uses an
 * AS[V]K only if it verifies under that ARK.
 *
 * @param intermediate the ASK (CN {@code SEV-{P}}) or ASVK (CN {@code SEV-VLEK-{P}})
 * @param ark the ARK (CN {@code ARK-{P}})
 */
public record KdsCertChain(SnpProduct product, SigningKey kind, X509Certificate intermediate, X509Certificate ark) {

    public KdsCertChain {
        Objects.requireNonNull(product);
        Objects.requireNonNull(kind);
        Objects.requireNonNull(intermediate);
        Objects.requireNonNull(ark);
    }

    /** PEM in KDS order, AS[V]K then ARK, 64-character lines. */
    public String pem() {
        return pem(intermediate) + pem(ark);
    }

    private static String pem(X509Certificate c) {
        try {
            String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(c.getEncoded());
            return "-----BEGIN CERTIFICATE-----\n" + body + "\n-----END CERTIFICATE-----\n";
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("a decoded certificate cannot be re-encoded", e);
        }
    }
}
