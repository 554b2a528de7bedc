package dev.rats.endorsements.kds;

import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.binary.Bytes;
import dev.rats.evidence.snp.SigningKey;
import dev.rats.evidence.snp.SnpProduct;
import dev.rats.evidence.snp.TcbVersion;
import dev.rats.evidence.x509.CertificateDecoder;
import dev.rats.evidence.x509.DistinguishedNames;
import java.io.IOException;
import java.math.BigInteger;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1IA5String;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;

/**
 * Validates KDS answers, and files of the endorsement directory, before anything uses or caches
 * them. KDS Content-Type values are undocumented, so PEM and DER are told apart by content
 * (sev-snp.md §4.1). These checks only make sure the answer is the thing asked for; trust is
 * decided later by the verifier against the pinned ARK (§3.4).
 */
final class KdsAnswers {

    /** AMD's VCEK extension OIDs, prefix 1.3.6.1.4.1.3704.1 (AMD 57230 Table 8; sev-snp.md §3.2). */
    private static final String OID = "1.3.6.1.4.1.3704.1.";
    private static final String PRODUCT_NAME = OID + "2";
    private static final String BL_SPL = OID + "3.1";
    private static final String TEE_SPL = OID + "3.2";
    private static final String SNP_SPL = OID + "3.3";
    private static final String UCODE_SPL = OID + "3.8";
    private static final String FMC_SPL = OID + "3.9";
    private static final String HW_ID = OID + "4";
    private static final int DER_SEQUENCE = 0x30;

    private KdsAnswers() {
    }

    /**
     * A VCEK (DER, or one PEM CERTIFICATE block) with CN {@code SEV-VCEK} whose productName, hwID and
     * TCB SPLs are exactly those asked for (sev-snp.md §3.2, §3.3); the DER encoding is returned.
     */
    static Bytes vcek(byte[] body, SnpProduct product, Bytes hwId, TcbVersion tcb) throws BadAnswerException {
        try {
            return checkedVcek(body, product, hwId, tcb);
        } catch (RuntimeException e) {
            throw unexpected(e);
        }
    }

    private static Bytes checkedVcek(byte[] body, SnpProduct product, Bytes hwId, TcbVersion tcb)
            throws BadAnswerException {
        List<Bytes> ders;
        try {
            ders = CertificateDecoder.derCertificates(body);
        } catch (EvidenceException e) {
            throw new BadAnswerException("not an X.509 certificate (DER or PEM): " + e.getMessage(), e);
        }
        if (ders.size() != 1) {
            throw new BadAnswerException(ders.size() + " certificates where one VCEK was expected");
        }
        Bytes der = ders.get(0);
        X509Certificate c = certificate(der);
        String cn = DistinguishedNames.commonName(c.getSubjectX500Principal()).orElse("(none)");
        if (!cn.equals("SEV-VCEK")) {
            throw new BadAnswerException("not a VCEK: subject CN is " + cn);
        }
        String productName = ia5(c, PRODUCT_NAME);
        if (SnpProduct.fromProductName(productName).filter(product::equals).isEmpty()) {
            throw BadAnswerException.otherChip("productName '" + productName + "' is not " + product.kdsName());
        }
        Bytes certHwId = hwId(c, product);
        if (!certHwId.equals(hwId)) {
            throw BadAnswerException.otherChip("hwID " + certHwId.toHex() + " instead of " + hwId.toHex());
        }
        Map<String, Integer> expected = new LinkedHashMap<>();
        if (product.tcbLayout().hasFmc()) {
            expected.put(FMC_SPL, tcb.fmc());
        }
        expected.put(BL_SPL, tcb.bootloader());
        expected.put(TEE_SPL, tcb.tee());
        expected.put(SNP_SPL, tcb.snp());
        expected.put(UCODE_SPL, tcb.microcode());
        for (Map.Entry<String, Integer> e : expected.entrySet()) {
            int actual = integer(c, e.getKey());
            if (actual != e.getValue()) {
                throw BadAnswerException.otherChip("TCB SPL " + e.getKey() + " is " + actual + " instead of "
                        + e.getValue() + " (asked for " + tcb + ")");
            }
        }
        if (!product.tcbLayout().hasFmc() && c.getExtensionValue(FMC_SPL) != null) {
            throw BadAnswerException.otherChip("a " + product.kdsName() + " VCEK carries fmcSPL");
        }
        return der;
    }

    /**
     * A PEM {@code cert_chain} holding exactly the AS[V]K and the ARK of the product, identified by
     * CN and not by position, the AS[V]K issued by the ARK's name (sev-snp.md §3.1, §4.1).
     */
    static KdsCertChain certChain(byte[] body, SnpProduct product, SigningKey kind) throws BadAnswerException {
        try {
            return checkedCertChain(body, product, kind);
        } catch (RuntimeException e) {
            throw unexpected(e);
        }
    }

    private static KdsCertChain checkedCertChain(byte[] body, SnpProduct product, SigningKey kind)
            throws BadAnswerException {
        if (body.length > 0 && (body[0] & 0xFF) == DER_SEQUENCE) {
            throw new BadAnswerException("cert_chain is DER; KDS answers PEM");
        }
        List<Bytes> ders;
        try {
            ders = CertificateDecoder.derCertificates(body);
        } catch (EvidenceException e) {
            throw new BadAnswerException("cert_chain is not PEM certificates: " + e.getMessage(), e);
        }
        if (ders.size() != 2) {
            throw new BadAnswerException("cert_chain holds " + ders.size() + " certificates, expected the "
                    + intermediateName(kind) + " and the ARK");
        }
        String arkCn = "ARK-" + product.kdsName();
        String intermediateCn = (kind == SigningKey.VLEK ? "SEV-VLEK-" : "SEV-") + product.kdsName();
        X509Certificate ark = null;
        X509Certificate intermediate = null;
        for (Bytes der : ders) {
            X509Certificate c = certificate(der);
            String cn = DistinguishedNames.commonName(c.getSubjectX500Principal()).orElse("(none)");
            if (cn.equals(arkCn) && ark == null) {
                ark = c;
            } else if (cn.equals(intermediateCn) && intermediate == null) {
                intermediate = c;
            } else {
                throw new BadAnswerException("unexpected certificate CN=" + cn + " in the " + product.kdsName()
                        + " " + KdsUrls.keyPath(kind) + " cert_chain");
            }
        }
        if (ark == null || intermediate == null) {
            throw new BadAnswerException("cert_chain lacks " + (ark == null ? arkCn : intermediateCn));
        }
        if (!intermediate.getIssuerX500Principal().equals(ark.getSubjectX500Principal())) {
            throw new BadAnswerException(intermediateCn + " is not issued by " + arkCn);
        }
        return new KdsCertChain(product, kind, intermediate, ark);
    }

    /** A CRL (DER or PEM) issued by the product's ARK (sev-snp.md §3.5); its signature is the verifier's job. */
    static X509CRL crl(byte[] body, SnpProduct product) throws BadAnswerException {
        try {
            return checkedCrl(body, product);
        } catch (RuntimeException e) {
            throw unexpected(e);
        }
    }

    private static X509CRL checkedCrl(byte[] body, SnpProduct product) throws BadAnswerException {
        X509CRL crl;
        try {
            crl = CertificateDecoder.crl(body);
        } catch (EvidenceException e) {
            throw new BadAnswerException("not an X.509 CRL: " + e.getMessage(), e);
        }
        String issuer = DistinguishedNames.commonName(crl.getIssuerX500Principal()).orElse("(none)");
        if (!issuer.equals("ARK-" + product.kdsName())) {
            throw new BadAnswerException("the CRL is issued by CN=" + issuer + ", not ARK-" + product.kdsName());
        }
        return crl;
    }

    /** A CRL may be served strictly before its nextUpdate, never after; one without nextUpdate never (§3.5). */
    static boolean isCurrent(X509CRL crl, Instant now) {
        return validUntil(crl).map(now::isBefore).orElse(false);
    }

    static Optional<Instant> validUntil(X509CRL crl) {
        return Optional.ofNullable(crl.getNextUpdate()).map(java.util.Date::toInstant);
    }

    /**
     * A parser deep down (e.g. of a malformed name or extension that the JDK accepted) failed with an
     * unchecked exception: the input is bad, not the verifier.
     */
    private static BadAnswerException unexpected(RuntimeException e) {
        return new BadAnswerException("undecodable: " + e, e);
    }

    private static String intermediateName(SigningKey kind) {
        return kind == SigningKey.VLEK ? "ASVK" : "ASK";
    }

    private static X509Certificate certificate(Bytes der) throws BadAnswerException {
        try {
            return CertificateDecoder.certificate(der);
        } catch (EvidenceException e) {
            throw new BadAnswerException("not an X.509 certificate: " + e.getMessage(), e);
        }
    }

    /** The content of the extnValue OCTET STRING. */
    private static byte[] extension(X509Certificate c, String oid) throws BadAnswerException {
        byte[] wrapped = c.getExtensionValue(oid);
        if (wrapped == null) {
            throw new BadAnswerException("the VCEK lacks extension " + oid);
        }
        try {
            return ASN1OctetString.getInstance(wrapped).getOctets();
        } catch (IllegalArgumentException e) {
            throw new BadAnswerException("extension " + oid + " is not well-formed", e);
        }
    }

    private static ASN1Primitive der(X509Certificate c, String oid) throws BadAnswerException {
        try {
            return ASN1Primitive.fromByteArray(extension(c, oid));
        } catch (IOException | IllegalArgumentException e) {
            throw new BadAnswerException("extension " + oid + " is not DER", e);
        }
    }

    /** An SPL: a DER INTEGER, possibly with a leading zero byte (219 = 02 02 00 db, sev-snp.md §3.2). */
    private static int integer(X509Certificate c, String oid) throws BadAnswerException {
        if (!(der(c, oid) instanceof ASN1Integer i)) {
            throw new BadAnswerException("extension " + oid + " is not an INTEGER");
        }
        BigInteger v = i.getValue();
        if (v.signum() < 0 || v.bitLength() > 8) {
            throw new BadAnswerException("SPL " + oid + " = " + v + " does not fit in a byte");
        }
        return v.intValue();
    }

    private static String ia5(X509Certificate c, String oid) throws BadAnswerException {
        if (!(der(c, oid) instanceof ASN1IA5String s)) {
            throw new BadAnswerException("extension " + oid + " is not an IA5String");
        }
        return s.getString();
    }

    /**
     * hwID: KDS puts the raw bytes in extnValue with no OCTET STRING tag ("for some reason the KDS
     * doesn't add that for the HWID", go-sev-guest); the tagged form is accepted too (trustee
     * get_oid_octets). 64 bytes, 8 on Turin (sev-snp.md §3.2).
     */
    private static Bytes hwId(X509Certificate c, SnpProduct product) throws BadAnswerException {
        byte[] content = extension(c, HW_ID);
        int expected = KdsUrls.hwIdLength(product);
        if (content.length == expected) {
            return Bytes.of(content);
        }
        if (content.length == expected + 2 && content[0] == 0x04 && (content[1] & 0xFF) == expected) {
            return Bytes.of(content, 2, expected);
        }
        throw BadAnswerException.otherChip("hwID is " + content.length + " bytes; a " + product.kdsName()
                + " VCEK carries " + expected);
    }
}
