package dev.rats.evidence.tdx;

import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.FailureCode;
import dev.rats.evidence.binary.Bytes;
import dev.rats.evidence.sig.EcdsaP256Verifier;
import dev.rats.evidence.tdx.IntelPckProfile.Role;
import dev.rats.evidence.x509.CertificateChecks;
import dev.rats.evidence.x509.CertificateDecoder;
import dev.rats.evidence.x509.DistinguishedNames;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Verifies the PCK chain of a quote (tdx.md §5 step 2; Intel QVL step 1 and 4.1.2.4.4;
 * go-tdx-guest verifyPCKCertificationChain): classify the certificates by subject CN, compare a
 * supplied root with the pinned one (never trust it, DESIGN §5), then PCK ← Platform or Processor
 * CA ← pinned Intel SGX Root CA by issuer name and signature, each certificate in Intel's profile,
 * and decode the PCK's SGX extensions. The result does not depend on the instant and is cached.
 */
final class PckChainValidator {

    private PckChainValidator() {
    }

    static VerifiedPckChain validate(List<Bytes> certificates, IntelTrustAnchors anchors) throws EvidenceException {
        X509Certificate root = anchors.root().orElseThrow(() -> new EvidenceException(FailureCode.INTEL_ROOT_NOT_PINNED,
                "no Intel SGX Root CA is configured (" + anchors.description() + ")"));
        Bytes rootDer = encoded(root);
        X509Certificate pck = null;
        Bytes pckDer = null;
        X509Certificate intermediate = null;
        Bytes intermediateDer = null;
        Role intermediateRole = null;
        for (Bytes der : certificates) {
            X509Certificate c = CertificateDecoder.certificate(der);
            Role role = IntelPckProfile.roleOf(c).orElseThrow(() -> new EvidenceException(FailureCode.TDX_PCK_PROFILE,
                    "unexpected certificate CN=" + DistinguishedNames.commonName(c.getSubjectX500Principal()).orElse("(none)")
                            + " in the PCK chain"));
            if (role == Role.ROOT) {
                // DESIGN §5, tdx.md §3.4: a root in the evidence is only ever compared with the pin
                if (!der.equals(rootDer)) {
                    throw new EvidenceException(FailureCode.INTEL_ROOT_NOT_PINNED,
                            "the quote's Intel SGX Root CA is not the pinned root (" + anchors.description() + ")");
                }
            } else if (role == Role.PCK) {
                if (pck != null) {
                    throw profile("the PCK chain carries two PCK certificates");
                }
                pck = c;
                pckDer = der;
            } else {
                if (intermediate != null) {
                    throw profile("the PCK chain carries two PCK CA certificates");
                }
                intermediate = c;
                intermediateDer = der;
                intermediateRole = role;
            }
        }
        if (pck == null || intermediate == null) {
            throw new EvidenceException(FailureCode.TDX_CERTIFICATION_DATA,
                    "the PCK chain lacks the " + (pck == null ? "PCK certificate" : "PCK CA certificate"));
        }

        // the pinned root: self-signed, in Intel's profile
        CertificateChecks.verifySignature(root, root.getPublicKey(), FailureCode.TDX_PCK_CHAIN_SIGNATURE, Role.ROOT.commonName());
        IntelPckProfile.check(root, Role.ROOT, Role.ROOT);
        link(intermediate, root, intermediateRole);
        CertificateChecks.verifySignature(intermediate, root.getPublicKey(), FailureCode.TDX_PCK_CHAIN_SIGNATURE,
                intermediateRole.commonName());
        IntelPckProfile.check(intermediate, intermediateRole, Role.ROOT);
        link(pck, intermediate, Role.PCK);
        CertificateChecks.verifySignature(pck, intermediate.getPublicKey(), FailureCode.TDX_PCK_CHAIN_SIGNATURE,
                Role.PCK.commonName());
        IntelPckProfile.check(pck, Role.PCK, intermediateRole);

        PckExtensions extensions = SgxExtensionDecoder.decode(pck);
        EcdsaP256Verifier verifier = EcdsaP256Verifier.of(pck.getPublicKey(), FailureCode.TDX_PCK_PROFILE);
        return new VerifiedPckChain(root, intermediate, pck, pckDer, intermediateDer, rootDer, intermediateRole.caType(),
                extensions, verifier);
    }

    /** RFC 5280 §6.1.3 (a)(4): the issuer name equals the parent's subject name (go-tdx-guest: issuer == parent subject). */
    private static void link(X509Certificate child, X509Certificate parent, Role childRole) throws EvidenceException {
        if (!child.getIssuerX500Principal().equals(parent.getSubjectX500Principal())) {
            throw profile(childRole.commonName() + " issuer " + child.getIssuerX500Principal().getName()
                    + " is not its CA's subject " + parent.getSubjectX500Principal().getName());
        }
    }

    private static Bytes encoded(X509Certificate c) throws EvidenceException {
        try {
            return Bytes.of(c.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new EvidenceException(FailureCode.INTERNAL_ERROR, "cannot encode the pinned Intel root", e);
        }
    }

    private static EvidenceException profile(String detail) {
        return new EvidenceException(FailureCode.TDX_PCK_PROFILE, detail);
    }
}
