package dev.rats.evidence.tpm;

import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.FailureCode;
import dev.rats.evidence.binary.Bytes;
import dev.rats.evidence.x509.CertificateChecks;
import dev.rats.evidence.x509.CertificateDecoder;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertStore;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.PKIXCertPathBuilderResult;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Trusts an AK whose certificate chains to a configured root and certifies exactly the AK
 * (go-tpm-tools {@code server/verify.go} {@code validateAK}/{@code VerifyAKCert}; tpm.md §4.2).
 * The chain is built and validated with Java PKIX (RFC 5280 §6), revocation off, at the
 * verification instant; Java accepts the GCE AK certificate's empty subject and critical
 * DirName-only SAN without Go's workaround (tpm.md §4.2). Roots come from configuration only;
 * certificates in the evidence serve as the AK certificate and untrusted intermediates.
 */
public final class AkCertificateChain implements AkTrust {

    /** A bound on certificates taken from evidence. */
    private static final int MAX_EVIDENCE_CERTIFICATES = 8;

    private final Set<TrustAnchor> roots;
    private final List<X509Certificate> configuredIntermediates;

    private AkCertificateChain(Set<TrustAnchor> roots, List<X509Certificate> configuredIntermediates) {
        this.roots = roots;
        this.configuredIntermediates = configuredIntermediates;
    }

    /**
     * @param roots the trust anchors, e.g. Google's {@code tpm_ek_root_1}
     * @param intermediates configured intermediates, e.g. {@code tpm_ek_intermediate_2} (go-tpm-tools {@code GceEKIntermediates})
     */
    public static AkCertificateChain of(Collection<X509Certificate> roots, Collection<X509Certificate> intermediates) {
        if (roots.isEmpty()) {
            throw new IllegalArgumentException("at least one root is needed");
        }
        Set<TrustAnchor> anchors = new HashSet<>();
        for (X509Certificate root : roots) {
            anchors.add(new TrustAnchor(root, null));
        }
        return new AkCertificateChain(Set.copyOf(anchors), List.copyOf(intermediates));
    }

    @Override
    public AkTrustBasis establish(AttestationKey ak, List<Bytes> akCertificates, Instant at) throws EvidenceException {
        if (akCertificates.isEmpty()) {
            throw new EvidenceException(FailureCode.TPM_AK_CERTIFICATE_MISSING, "the evidence carries no AK certificate");
        }
        if (akCertificates.size() > MAX_EVIDENCE_CERTIFICATES) {
            throw new EvidenceException(FailureCode.CERTIFICATE_MALFORMED, akCertificates.size() + " certificates in the evidence");
        }
        X509Certificate leaf = CertificateDecoder.certificate(akCertificates.get(0));
        // go-tpm-tools VerifyAKCert: the certificate's key must equal ak_pub
        if (!Bytes.of(leaf.getPublicKey().getEncoded()).equals(ak.spki())) {
            throw new EvidenceException(FailureCode.TPM_AK_CERTIFICATE_KEY_MISMATCH,
                    "the AK certificate certifies another key than the AK");
        }
        CertificateChecks.checkValidity(leaf, at, "the AK certificate");
        List<X509Certificate> pool = new ArrayList<>(configuredIntermediates);
        pool.add(leaf);
        for (Bytes der : akCertificates.subList(1, akCertificates.size())) {
            pool.add(CertificateDecoder.certificate(der));
        }
        PKIXCertPathBuilderResult result;
        try {
            X509CertSelector target = new X509CertSelector();
            target.setCertificate(leaf);
            PKIXBuilderParameters params = new PKIXBuilderParameters(roots, target);
            params.setRevocationEnabled(false);
            params.setDate(Date.from(at));
            params.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(pool)));
            result = (PKIXCertPathBuilderResult) CertPathBuilder.getInstance("PKIX").build(params);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new EvidenceException(FailureCode.TPM_AK_CERTIFICATE_CHAIN,
                    "the AK certificate does not chain to a configured root at " + at + ": " + e.getMessage(), e);
        }
        String anchor = result.getTrustAnchor().getTrustedCert().getSubjectX500Principal().getName();
        return new AkTrustBasis(AkTrustMechanism.CERTIFICATE_CHAIN, anchor, Optional.of(leaf));
    }
}
