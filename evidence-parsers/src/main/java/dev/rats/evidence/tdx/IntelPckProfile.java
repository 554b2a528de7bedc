package dev.rats.evidence.tdx;

import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.FailureCode;
import dev.rats.evidence.sig.EcdsaP256Verifier;
import dev.rats.evidence.x509.DistinguishedNames;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.x500.style.BCStyle;

/**
 * Intel's profile of the PCK certificate chain (tdx.md §3.1 "PCK chain profile", §5 step 2;
 * go-tdx-guest verifyPCKCertificationChain; Intel QVL 4.1.2.4.4): every certificate X.509 v3,
 * signed with ECDSA-with-SHA256, with a P-256 key; subject and issuer CNs as Intel names them;
 * CA certificates are CAs with keyCertSign and the PCK certificate is not a CA. Both PCK CAs
 * (Platform and Processor) are accepted, like Intel QVL and dcap-qvl (tdx.md §4.4).
 */
final class IntelPckProfile {

    /** The roles of certificates in a PCK chain, by subject CN. */
    enum Role {
        ROOT("Intel SGX Root CA"),
        PLATFORM_CA(PckCaType.PLATFORM.commonName()),
        PROCESSOR_CA(PckCaType.PROCESSOR.commonName()),
        PCK("Intel SGX PCK Certificate");

        private final String commonName;

        Role(String commonName) {
            this.commonName = commonName;
        }

        String commonName() {
            return commonName;
        }

        boolean isIntermediate() {
            return this == PLATFORM_CA || this == PROCESSOR_CA;
        }

        PckCaType caType() {
            return this == PROCESSOR_CA ? PckCaType.PROCESSOR : PckCaType.PLATFORM;
        }
    }

    /** ecdsa-with-SHA256 (RFC 5758 §3.2). */
    static final String ECDSA_WITH_SHA256 = "1.2.840.10045.4.3.2";
    private static final int KEY_CERT_SIGN = 5;

    private IntelPckProfile() {
    }

    /** The role a certificate claims by its subject CN, if it is one of Intel's. */
    static Optional<Role> roleOf(X509Certificate c) {
        Optional<String> cn = DistinguishedNames.commonName(c.getSubjectX500Principal());
        if (cn.isPresent()) {
            for (Role r : Role.values()) {
                if (r.commonName().equals(cn.get())) {
                    return Optional.of(r);
                }
            }
        }
        return Optional.empty();
    }

    /** Every check of the profile for {@code c} in {@code role}, issued by a certificate of {@code issuer}. */
    static void check(X509Certificate c, Role role, Role issuer) throws EvidenceException {
        String what = role.commonName();
        if (c.getVersion() != 3) {
            throw profile(what + " is not an X.509 v3 certificate");
        }
        if (!ECDSA_WITH_SHA256.equals(c.getSigAlgOID())) {
            throw profile(what + " is signed with " + c.getSigAlgName() + ", not ECDSA with SHA-256");
        }
        EcdsaP256Verifier.of(c.getPublicKey(), FailureCode.TDX_PCK_PROFILE);
        List<String> subject = DistinguishedNames.values(c.getSubjectX500Principal(), BCStyle.CN);
        if (!subject.equals(List.of(role.commonName()))) {
            throw profile(what + " subject CN is " + subject + ", expected " + role.commonName());
        }
        List<String> issuerCn = DistinguishedNames.values(c.getIssuerX500Principal(), BCStyle.CN);
        if (!issuerCn.equals(List.of(issuer.commonName()))) {
            throw profile(what + " issuer CN is " + issuerCn + ", expected " + issuer.commonName());
        }
        boolean[] keyUsage = c.getKeyUsage();
        if (role == Role.PCK) {
            if (c.getBasicConstraints() >= 0) {
                throw profile("the PCK certificate is a CA certificate");
            }
        } else {
            if (c.getBasicConstraints() < 0) {
                throw profile(what + " is not a CA certificate (BasicConstraints)");
            }
            if (keyUsage == null || keyUsage.length <= KEY_CERT_SIGN || !keyUsage[KEY_CERT_SIGN]) {
                throw profile(what + " KeyUsage lacks keyCertSign");
            }
        }
    }

    private static EvidenceException profile(String detail) {
        return new EvidenceException(FailureCode.TDX_PCK_PROFILE, detail);
    }
}
