package dev.rats.evidence.tdx.collateral;

import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.FailureCode;
import dev.rats.evidence.binary.Bytes;
import dev.rats.evidence.sig.EcdsaP256Verifier;
import dev.rats.evidence.x509.CertificateChecks;
import dev.rats.evidence.x509.DistinguishedNames;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.x500.style.BCStyle;

/**
 * The TCB Signing chain of TCB Info and QE Identity (tdx.md §2 step 1, §4.2 {@code verifyResponse},
 * §5 step 4; Intel QVL {@code TCBSigningChain.cpp}): exactly one "Intel SGX TCB Signing" certificate
 * (X.509 v3, ECDSA-with-SHA256, P-256 key) issued and signed by the pinned Intel SGX Root CA; any other
 * certificate in the chain must be the pinned root byte for byte (a root in collateral is only
 * compared with the pin, DESIGN §5); with a Root CA CRL, the CRL must be issued and signed by the root
 * and must not list the signing certificate. Validity periods are judged with the other collateral
 * windows by {@link TdxCollateralVerifier}.
 */
final class TcbSigningChain {

    static final String TCB_SIGNING_CN = "Intel SGX TCB Signing";
    private static final String ECDSA_WITH_SHA256 = "1.2.840.10045.4.3.2";

    private TcbSigningChain() {
    }

    /** The signing certificate, verified to {@code root}. */
    static X509Certificate verify(List<CollateralCertificate> chain, X509Certificate root, Bytes rootDer,
            Optional<X509CRL> rootCrl, String what) throws EvidenceException {
        X509Certificate signer = null;
        for (CollateralCertificate c : chain) {
            List<String> cn = DistinguishedNames.values(c.certificate().getSubjectX500Principal(), BCStyle.CN);
            if (cn.equals(List.of(TCB_SIGNING_CN))) {
                if (signer != null) {
                    throw signature("the " + what + " carries two TCB Signing certificates");
                }
                signer = c.certificate();
            } else if (!c.der().equals(rootDer)) {
                // DESIGN §5, tdx.md §3.4: anything else must be the pinned root itself
                throw new EvidenceException(FailureCode.INTEL_ROOT_NOT_PINNED,
                        "the " + what + " carries a certificate (CN=" + cn + ") that is neither the TCB Signing "
                                + "certificate nor the pinned Intel SGX Root CA");
            }
        }
        if (signer == null) {
            throw new EvidenceException(FailureCode.TDX_COLLATERAL_MISSING, "the " + what + " lacks the \""
                    + TCB_SIGNING_CN + "\" certificate");
        }
        if (signer.getVersion() != 3 || !ECDSA_WITH_SHA256.equals(signer.getSigAlgOID())) {
            throw signature("the TCB Signing certificate is not an X.509 v3 certificate signed with ECDSA-SHA256");
        }
        if (!signer.getIssuerX500Principal().equals(root.getSubjectX500Principal())) {
            throw signature("the TCB Signing certificate is not issued by the Intel SGX Root CA");
        }
        CertificateChecks.verifySignature(signer, root.getPublicKey(), FailureCode.TDX_COLLATERAL_SIGNATURE,
                "the TCB Signing certificate");
        EcdsaP256Verifier.of(signer.getPublicKey(), FailureCode.TDX_COLLATERAL_SIGNATURE);
        if (rootCrl.isPresent()) {
            X509CRL crl = rootCrl.get();
            if (!crl.getIssuerX500Principal().equals(root.getSubjectX500Principal())) {
                throw new EvidenceException(FailureCode.CRL_INVALID, "the Root CA CRL is not issued by the Intel SGX Root CA");
            }
            try {
                crl.verify(root.getPublicKey());
            } catch (Exception e) {
                throw new EvidenceException(FailureCode.CRL_INVALID, "the Root CA CRL signature does not verify under the root", e);
            }
            // go-tdx-guest verifyResponse: the signer is not in the root CRL
            if (crl.getRevokedCertificate(signer.getSerialNumber()) != null) {
                throw new EvidenceException(FailureCode.CERTIFICATE_REVOKED,
                        "the Root CA CRL lists the TCB Signing certificate (serial 0x" + signer.getSerialNumber().toString(16) + ")");
            }
        }
        return signer;
    }

    private static EvidenceException signature(String detail) {
        return new EvidenceException(FailureCode.TDX_COLLATERAL_SIGNATURE, detail);
    }
}
