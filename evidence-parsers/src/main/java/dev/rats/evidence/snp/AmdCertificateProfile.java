package dev.rats.evidence.snp;

import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.FailureCode;
import dev.rats.evidence.x509.DistinguishedNames;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSASSAPSSparams;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;

/**
 * AMD's certificate profile for the SEV-SNP chain (sev-snp.md §3.1; go-sev-guest
 * validateKDSCertificateProductNonspecific, validateArkX509, validateAskX509, validateAsvkX509).
 * Path validation alone cannot enforce it: the V[CL]EK has no BasicConstraints or KeyUsage.
 */
final class AmdCertificateProfile {

    /** The roles of certificates in an AMD chain. */
    enum Role {
        ARK, ASK, ASVK, VCEK, VLEK;

        String commonName(SnpProduct product) {
            return switch (this) {
                case ARK -> "ARK-" + product.kdsName();
                case ASK -> "SEV-" + product.kdsName();
                case ASVK -> "SEV-VLEK-" + product.kdsName();
                case VCEK -> "SEV-VCEK";
                case VLEK -> "SEV-VLEK";
            };
        }

        Role issuer() {
            return switch (this) {
                case ARK, ASK, ASVK -> ARK;
                case VCEK -> ASK;
                case VLEK -> ASVK;
            };
        }

        static Role leaf(SigningKey kind) {
            return kind == SigningKey.VLEK ? VLEK : VCEK;
        }

        static Role intermediate(SigningKey kind) {
            return kind == SigningKey.VLEK ? ASVK : ASK;
        }
    }

    /** The DN attributes of every AMD certificate, subject and issuer alike. */
    private static final Map<ASN1ObjectIdentifier, String> AMD_DN = Map.of(
            BCStyle.C, "US",
            BCStyle.ST, "CA",
            BCStyle.L, "Santa Clara",
            BCStyle.O, "Advanced Micro Devices",
            BCStyle.OU, "Engineering");
    private static final int AMD_DN_ATTRIBUTES = AMD_DN.size() + 1;
    private static final int CA_RSA_BITS = 4096;
    private static final int PSS_SALT_LENGTH = 48;

    private AmdCertificateProfile() {
    }

    /** Every check of the profile for a certificate in {@code role}. */
    static void check(X509Certificate c, Role role, SnpProduct product) throws EvidenceException {
        String what = role + " (" + product.kdsName() + ")";
        if (c.getVersion() != 3) {
            throw profile(what + " is not an X.509 v3 certificate");
        }
        checkPss(c, what);
        checkName(c, role.commonName(product), false, what);
        checkName(c, role.issuer().commonName(product), true, what);
        switch (role) {
            case ARK, ASK, ASVK -> checkCa(c, role, product, what);
            case VCEK, VLEK -> {
                if (!(c.getPublicKey() instanceof ECPublicKey ec)
                        || ec.getParams().getCurve().getField().getFieldSize() != 384) {
                    throw profile(what + " key is not EC P-384");
                }
            }
        }
    }

    /** The role a certificate claims by its subject CN, if it is one of the product's. */
    static Optional<Role> roleOf(X509Certificate c, SnpProduct product) {
        Optional<String> cn = DistinguishedNames.commonName(c.getSubjectX500Principal());
        if (cn.isEmpty()) {
            return Optional.empty();
        }
        for (Role r : Role.values()) {
            if (r.commonName(product).equals(cn.get())) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    /** RSASSA-PSS with SHA-384, MGF1-SHA-384, salt 48, trailer field 1 (sev-snp.md §3.1). */
    private static void checkPss(X509Certificate c, String what) throws EvidenceException {
        if (!PKCSObjectIdentifiers.id_RSASSA_PSS.getId().equals(c.getSigAlgOID())) {
            throw profile(what + " is signed with " + c.getSigAlgName() + ", not RSASSA-PSS");
        }
        RSASSAPSSparams params;
        try {
            params = RSASSAPSSparams.getInstance(ASN1Primitive.fromByteArray(c.getSigAlgParams()));
        } catch (Exception e) {
            throw profile(what + " has unreadable RSASSA-PSS parameters");
        }
        AlgorithmIdentifier mgf = params.getMaskGenAlgorithm();
        boolean ok = NISTObjectIdentifiers.id_sha384.equals(params.getHashAlgorithm().getAlgorithm())
                && PKCSObjectIdentifiers.id_mgf1.equals(mgf.getAlgorithm())
                && mgf.getParameters() != null
                && NISTObjectIdentifiers.id_sha384.equals(AlgorithmIdentifier.getInstance(mgf.getParameters()).getAlgorithm())
                && params.getSaltLength().intValueExact() == PSS_SALT_LENGTH
                && params.getTrailerField().intValueExact() == 1;
        if (!ok) {
            throw profile(what + " RSASSA-PSS parameters are not SHA-384 / MGF1-SHA-384 / salt 48");
        }
    }

    private static void checkName(X509Certificate c, String commonName, boolean issuer, String what)
            throws EvidenceException {
        var principal = issuer ? c.getIssuerX500Principal() : c.getSubjectX500Principal();
        String field = issuer ? "issuer" : "subject";
        for (var e : AMD_DN.entrySet()) {
            List<String> values = DistinguishedNames.values(principal, e.getKey());
            if (!values.equals(List.of(e.getValue()))) {
                throw profile(what + " " + field + " " + BCStyle.INSTANCE.oidToDisplayName(e.getKey()) + " is " + values
                        + ", expected " + e.getValue());
            }
        }
        if (!DistinguishedNames.values(principal, BCStyle.CN).equals(List.of(commonName))) {
            throw profile(what + " " + field + " CN is " + DistinguishedNames.values(principal, BCStyle.CN)
                    + ", expected " + commonName);
        }
        if (DistinguishedNames.attributeCount(principal) != AMD_DN_ATTRIBUTES) {
            throw profile(what + " " + field + " carries attributes beyond AMD's DN");
        }
    }

    /** CA certificates: RSA-4096, CA BasicConstraints, keyCertSign, exactly one AMD CRL URL. */
    private static void checkCa(X509Certificate c, Role role, SnpProduct product, String what) throws EvidenceException {
        if (!(c.getPublicKey() instanceof RSAPublicKey rsa) || rsa.getModulus().bitLength() != CA_RSA_BITS) {
            throw profile(what + " key is not RSA-4096");
        }
        if (c.getBasicConstraints() < 0) {
            throw profile(what + " is not a CA certificate (BasicConstraints)");
        }
        boolean[] ku = c.getKeyUsage();
        if (ku == null || ku.length < 6 || !ku[5]) {
            throw profile(what + " KeyUsage lacks keyCertSign");
        }
        String kind = role == Role.ASVK ? "vlek" : "vcek";
        String expected = "https://kdsintf.amd.com/" + kind + "/v1/" + product.kdsName() + "/crl";
        List<String> urls = crlUrls(c, what);
        if (!urls.equals(List.of(expected))) {
            throw profile(what + " CRL distribution points are " + urls + ", expected exactly " + expected);
        }
    }

    private static List<String> crlUrls(X509Certificate c, String what) throws EvidenceException {
        byte[] ext = c.getExtensionValue(Extension.cRLDistributionPoints.getId());
        if (ext == null) {
            return List.of();
        }
        try {
            CRLDistPoint cdp = CRLDistPoint.getInstance(ASN1OctetString.getInstance(ext).getOctets());
            List<String> out = new java.util.ArrayList<>();
            for (DistributionPoint dp : cdp.getDistributionPoints()) {
                DistributionPointName name = dp.getDistributionPoint();
                if (name == null || name.getType() != DistributionPointName.FULL_NAME) {
                    throw profile(what + " has a CRL distribution point without a full name");
                }
                for (GeneralName gn : GeneralNames.getInstance(name.getName()).getNames()) {
                    out.add(gn.getTagNo() == GeneralName.uniformResourceIdentifier ? gn.getName().toString() : gn.toString());
                }
            }
            return out;
        } catch (IllegalArgumentException e) {
            throw profile(what + " has a malformed CRL distribution point extension");
        }
    }

    private static EvidenceException profile(String detail) {
        return new EvidenceException(FailureCode.SNP_CERT_PROFILE, detail);
    }
}
