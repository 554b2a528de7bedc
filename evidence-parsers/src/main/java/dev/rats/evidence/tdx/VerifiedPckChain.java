package dev.rats.evidence.tdx;

import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.binary.Bytes;
import dev.rats.evidence.sig.EcdsaP256Verifier;
import dev.rats.evidence.x509.CertificateChecks;
import java.security.cert.X509Certificate;
import java.time.Instant;

/**
 * A PCK chain whose signatures to the pinned root, Intel profile and SGX extensions have been
 * verified; validity and revocation depend on the instant and are checked on every use.
 *
 * @param root the pinned Intel SGX Root CA
 * @param intermediate the PCK Platform or Processor CA
 * @param pck the PCK leaf certificate
 * @param pckDer the PCK leaf as received
 * @param pckVerifier the PCK key, for the QE report signature
 */
record VerifiedPckChain(
        X509Certificate root,
        X509Certificate intermediate,
        X509Certificate pck,
        Bytes pckDer,
        Bytes intermediateDer,
        Bytes rootDer,
        PckCaType caType,
        PckExtensions extensions,
        EcdsaP256Verifier pckVerifier) {

    /** tdx.md §5 step 2: every certificate must be valid at the verification instant (RFC 5280 §6.1.3). */
    void checkValidity(Instant at) throws EvidenceException {
        CertificateChecks.checkValidity(root, at, "Intel SGX Root CA");
        CertificateChecks.checkValidity(intermediate, at, caType.commonName());
        CertificateChecks.checkValidity(pck, at, "PCK certificate");
    }
}
