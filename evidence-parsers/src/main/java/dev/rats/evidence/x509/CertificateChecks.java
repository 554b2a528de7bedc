package dev.rats.evidence.x509;

import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.FailureCode;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;

/** Checks shared by every certificate chain: issuer signatures and validity periods (RFC 5280 §6.1.3). */
public final class CertificateChecks {

    private CertificateChecks() {
    }

    /** Verifies {@code certificate}'s signature with {@code issuerKey}; the algorithm comes from the certificate. */
    public static void verifySignature(X509Certificate certificate, PublicKey issuerKey, FailureCode onFailure, String role)
            throws EvidenceException {
        try {
            certificate.verify(issuerKey);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new EvidenceException(onFailure, role + " signature does not verify under its issuer: " + e.getMessage(), e);
        }
    }

    /** RFC 5280 §4.1.2.5: valid from notBefore through notAfter inclusive. */
    public static void checkValidity(X509Certificate certificate, Instant at, String role) throws EvidenceException {
        Date when = Date.from(at);
        if (when.before(certificate.getNotBefore())) {
            throw new EvidenceException(FailureCode.CERTIFICATE_NOT_YET_VALID,
                    role + " is not valid before " + certificate.getNotBefore().toInstant() + " (verification instant " + at + ")");
        }
        if (when.after(certificate.getNotAfter())) {
            throw new EvidenceException(FailureCode.CERTIFICATE_EXPIRED,
                    role + " expired at " + certificate.getNotAfter().toInstant() + " (verification instant " + at + ")");
        }
    }
}
