package dev.rats.app.enrolment;

import dev.rats.app.api.ApiError;
import dev.rats.app.api.ApiException;
import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.binary.Bytes;
import dev.rats.evidence.x509.CertificateChecks;
import dev.rats.evidence.x509.CertificateDecoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertStore;
import java.security.cert.CertificateParsingException;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The TPM manufacturers' EK certificate roots and intermediates ({@code verifier.tpm.ek-roots}), and
 * the EK certificate check of an enrolment (tpm.md §4.3 step 1): PKIX chain to a configured root
 * (RFC 5280 §6, revocation off) at the current instant, with the extended key usage
 * tcg-kp-EKCertificate when the certificate has that extension (TCG EK Credential Profile §3.2.16).
 * Java PKIX accepts the critical DirName-only SAN of EK certificates (tpm.md §7.2 step 4).
 */
public final class EkRoots {

    /** tcg-kp-EKCertificate (TCG EK Credential Profile). */
    static final String EKU_EK_CERTIFICATE = "2.23.133.8.1";

    private final Set<TrustAnchor> anchors;
    private final List<X509Certificate> intermediates;

    private EkRoots(Set<TrustAnchor> anchors, List<X509Certificate> intermediates) {
        this.anchors = anchors;
        this.intermediates = intermediates;
    }

    /**
     * Loads PEM (or DER) files holding roots (self-signed) and intermediates. No files: enrolment is
     * disabled. A file that cannot be read, or files without any root, fail the start-up: trust
     * anchors are never silently dropped (DESIGN §15 rule 5).
     */
    public static EkRoots load(List<Path> files) throws IOException {
        Set<TrustAnchor> anchors = new HashSet<>();
        List<X509Certificate> intermediates = new ArrayList<>();
        for (Path file : files) {
            try {
                List<Bytes> ders = CertificateDecoder.derCertificates(Files.readAllBytes(file));
                for (Bytes der : ders) {
                    X509Certificate c = CertificateDecoder.certificate(der);
                    if (selfSigned(c)) {
                        anchors.add(new TrustAnchor(c, null));
                    } else {
                        intermediates.add(c);
                    }
                }
            } catch (EvidenceException e) {
                throw new IllegalArgumentException("verifier.tpm.ek-roots: " + file + " holds no valid certificate: " + e.getMessage(), e);
            }
        }
        if (!files.isEmpty() && anchors.isEmpty()) {
            throw new IllegalArgumentException("verifier.tpm.ek-roots: " + files + " hold no self-signed root certificate");
        }
        return new EkRoots(Set.copyOf(anchors), List.copyOf(intermediates));
    }

    private static boolean selfSigned(X509Certificate c) {
        if (!c.getSubjectX500Principal().equals(c.getIssuerX500Principal())) {
            return false;
        }
        try {
            c.verify(c.getPublicKey());
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    public boolean configured() {
        return !anchors.isEmpty();
    }

    public int rootCount() {
        return anchors.size();
    }

    public int intermediateCount() {
        return intermediates.size();
    }

    /**
     * The EK certificate, DER or one PEM block, validated at {@code at}; request problems are
     * {@link ApiException}s with the {@code ek-certificate-*} codes.
     */
    X509Certificate validate(byte[] derOrPem, Instant at) {
        if (!configured()) {
            throw new ApiException(ApiError.EK_ROOTS_NOT_CONFIGURED,
                    "enrolment needs the TPM manufacturers' EK roots (verifier.tpm.ek-roots); none are configured");
        }
        X509Certificate ek;
        try {
            List<Bytes> ders = CertificateDecoder.derCertificates(derOrPem);
            if (ders.size() != 1) {
                throw new ApiException(ApiError.EK_CERTIFICATE_MALFORMED, "'ekCertificate' must hold exactly one certificate");
            }
            ek = CertificateDecoder.certificate(ders.get(0));
        } catch (EvidenceException e) {
            throw new ApiException(ApiError.EK_CERTIFICATE_MALFORMED, "'ekCertificate' is not a DER or PEM X.509 certificate");
        }
        // RFC 5280 §4.1.2.5, checked before the chain so that the problem says which check failed
        try {
            CertificateChecks.checkValidity(ek, at, "the EK certificate");
        } catch (EvidenceException e) {
            throw new ApiException(ApiError.EK_CERTIFICATE_EXPIRED, e.getMessage());
        }
        // TCG EK Credential Profile §3.2.16: an EK certificate's EKU, when present, is tcg-kp-EKCertificate
        try {
            List<String> eku = ek.getExtendedKeyUsage();
            if (eku != null && !eku.contains(EKU_EK_CERTIFICATE)) {
                throw new ApiException(ApiError.EK_CERTIFICATE_UNTRUSTED,
                        "the certificate's extended key usage is not tcg-kp-EKCertificate (2.23.133.8.1)");
            }
        } catch (CertificateParsingException e) {
            throw new ApiException(ApiError.EK_CERTIFICATE_MALFORMED, "the extended key usage extension is malformed");
        }
        // tpm.md §4.3 step 1: the chain to a TPM manufacturer's root (RFC 5280 §6 path validation)
        try {
            X509CertSelector target = new X509CertSelector();
            target.setCertificate(ek);
            PKIXBuilderParameters params = new PKIXBuilderParameters(anchors, target);
            params.setRevocationEnabled(false);
            params.setDate(Date.from(at));
            List<X509Certificate> pool = new ArrayList<>(intermediates);
            pool.add(ek);
            params.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(pool)));
            CertPathBuilder.getInstance("PKIX").build(params);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new ApiException(ApiError.EK_CERTIFICATE_UNTRUSTED,
                    "the EK certificate does not chain to a configured TPM manufacturer root");
        }
        return ek;
    }
}
