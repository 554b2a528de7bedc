package dev.rats.evidence.snp;

import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.x509.CertificateChecks;
import java.security.cert.X509Certificate;
import java.time.Instant;

/** A V[CL]EK whose chain to the pinned ARK and AMD profile have been verified; validity is per instant. */
record VerifiedChain(X509Certificate ark, X509Certificate intermediate, VekCertificate vek) {

    /** §5.3 C15: every certificate must be valid at the verification instant. */
    void checkValidity(Instant at) throws EvidenceException {
        CertificateChecks.checkValidity(ark, at, "ARK");
        CertificateChecks.checkValidity(intermediate, at, vek.kind() == SigningKey.VLEK ? "ASVK" : "ASK");
        CertificateChecks.checkValidity(vek.certificate(), at, vek.kind().name());
    }
}
