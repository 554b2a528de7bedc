package dev.rats.evidence.snp;

import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.FailureCode;
import dev.rats.evidence.binary.Bytes;
import dev.rats.evidence.sig.EcdsaP384Verifier;
import java.io.IOException;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.ASN1IA5String;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;

/**
 * A VCEK or VLEK with its AMD extensions decoded (sev-snp.md §3.2). Real certificates carry
 * quirks that are accepted on purpose: serial number 0, SPL INTEGERs with a leading zero byte
 * (219 = 02 02 00 DB) and a hwID extension holding raw bytes without an OCTET STRING tag.
 *
 * @param tcb the certificate's TCB in the product's layout, to compare with REPORTED_TCB
 * @param hwId the chip's hardware ID (64 bytes; 8 on Turin), VCEK only
 * @param cspId the cloud provider, VLEK only
 */
public record VekCertificate(
        X509Certificate certificate,
        Bytes der,
        SigningKey kind,
        int structVersion,
        String productName,
        TcbVersion tcb,
        Optional<Bytes> hwId,
        Optional<String> cspId,
        EcdsaP384Verifier verifier) {

    /**
     * Decodes a DER certificate as the VCEK of {@code product}: AMD's extension profile and values
     * (not its chain, which only {@link SnpVerifier} judges). For endorsement sources that must
     * check an answer is the VCEK they asked for before caching it.
     */
    public static VekCertificate vcek(Bytes der, SnpProduct product) throws EvidenceException {
        return decode(dev.rats.evidence.x509.CertificateDecoder.certificate(der), der, SigningKey.VCEK, product);
    }

    /** Decodes the AMD extensions of a certificate already known to be a V[CL]EK for {@code product}. */
    static VekCertificate decode(X509Certificate certificate, Bytes der, SigningKey kind, SnpProduct product)
            throws EvidenceException {
        checkExtensionSet(certificate, kind, product);
        int structVersion = integer(certificate, AmdOids.STRUCT_VERSION);
        int expectedStruct = product.tcbLayout() == TcbLayout.TURIN ? 1 : 0;
        if (structVersion != expectedStruct) {
            throw profile("structVersion " + structVersion + " does not fit product " + product.kdsName());
        }
        String productName = ia5(certificate, AmdOids.PRODUCT_NAME)
                .orElseThrow(() -> profile("productName extension missing"));
        TcbVersion tcb = tcb(certificate, product.tcbLayout());
        Optional<Bytes> hwId = kind == SigningKey.VCEK ? Optional.of(hwId(certificate, product)) : Optional.empty();
        Optional<String> cspId = ia5(certificate, AmdOids.CSP_ID);
        return new VekCertificate(certificate, der, kind, structVersion, productName, tcb, hwId, cspId,
                EcdsaP384Verifier.of(certificate.getPublicKey()));
    }

    /**
     * go-sev-guest kdsOidMap: only AMD OIDs plus AuthorityKeyIdentifier, none critical; the TCB
     * extensions of the layout are required (Turin omits spl4 and adds fmcSPL); hwID on a VCEK
     * only, csp_id on a VLEK only (sev-snp.md §3.2, §6).
     */
    private static void checkExtensionSet(X509Certificate c, SigningKey kind, SnpProduct product)
            throws EvidenceException {
        Set<String> critical = c.getCriticalExtensionOIDs();
        if (critical != null && !critical.isEmpty()) {
            throw profile("the " + kind + " has critical extensions " + critical);
        }
        Set<String> present = c.getNonCriticalExtensionOIDs() == null ? Set.of() : new HashSet<>(c.getNonCriticalExtensionOIDs());
        Set<String> allowed = Set.of(AmdOids.STRUCT_VERSION, AmdOids.PRODUCT_NAME, AmdOids.BL_SPL, AmdOids.TEE_SPL,
                AmdOids.SNP_SPL, AmdOids.SPL_4, AmdOids.SPL_5, AmdOids.SPL_6, AmdOids.SPL_7, AmdOids.UCODE_SPL,
                AmdOids.FMC_SPL, kind == SigningKey.VCEK ? AmdOids.HW_ID : AmdOids.CSP_ID,
                AmdOids.AUTHORITY_KEY_IDENTIFIER);
        for (String oid : present) {
            if (!allowed.contains(oid)) {
                throw profile("the " + kind + " carries the unexpected extension " + oid);
            }
        }
        Set<String> required = new HashSet<>(Set.of(AmdOids.STRUCT_VERSION, AmdOids.PRODUCT_NAME, AmdOids.BL_SPL,
                AmdOids.TEE_SPL, AmdOids.SNP_SPL, AmdOids.UCODE_SPL, kind == SigningKey.VCEK ? AmdOids.HW_ID : AmdOids.CSP_ID));
        if (product.tcbLayout().hasFmc()) {
            required.add(AmdOids.FMC_SPL);
        }
        for (String oid : required) {
            if (!present.contains(oid)) {
                throw profile("the " + kind + " lacks the extension " + oid);
            }
        }
        if (!product.tcbLayout().hasFmc() && present.contains(AmdOids.FMC_SPL)) {
            throw profile("a " + product.kdsName() + " " + kind + " must not carry fmcSPL");
        }
    }

    /** The certificate TCB in the report's byte layout: reserved SPLs land in the reserved bytes. */
    private static TcbVersion tcb(X509Certificate c, TcbLayout layout) throws EvidenceException {
        byte[] raw = new byte[TcbVersion.LENGTH];
        if (layout == TcbLayout.TURIN) {
            raw[0] = spl(c, AmdOids.FMC_SPL);
            raw[1] = spl(c, AmdOids.BL_SPL);
            raw[2] = spl(c, AmdOids.TEE_SPL);
            raw[3] = spl(c, AmdOids.SNP_SPL);
        } else {
            raw[0] = spl(c, AmdOids.BL_SPL);
            raw[1] = spl(c, AmdOids.TEE_SPL);
            raw[2] = optionalSpl(c, AmdOids.SPL_4);
            raw[3] = optionalSpl(c, AmdOids.SPL_5);
            raw[4] = optionalSpl(c, AmdOids.SPL_6);
            raw[5] = optionalSpl(c, AmdOids.SPL_7);
            raw[6] = spl(c, AmdOids.SNP_SPL);
        }
        raw[7] = spl(c, AmdOids.UCODE_SPL);
        return TcbVersion.decode(Bytes.of(raw), layout);
    }

    private static byte optionalSpl(X509Certificate c, String oid) throws EvidenceException {
        return c.getExtensionValue(oid) == null ? 0 : spl(c, oid);
    }

    private static byte spl(X509Certificate c, String oid) throws EvidenceException {
        int value = integer(c, oid);
        if (value < 0 || value > 255) {
            throw profile("SPL " + oid + " = " + value + " does not fit in a byte");
        }
        return (byte) value;
    }

    private static int integer(X509Certificate c, String oid) throws EvidenceException {
        ASN1Primitive p = extensionContent(c, oid);
        if (!(p instanceof ASN1Integer i)) {
            throw profile("extension " + oid + " is not an INTEGER");
        }
        BigInteger v = i.getValue();
        if (v.bitLength() > 31) {
            throw profile("extension " + oid + " is out of range");
        }
        return v.intValue();
    }

    private static Optional<String> ia5(X509Certificate c, String oid) throws EvidenceException {
        if (c.getExtensionValue(oid) == null) {
            return Optional.empty();
        }
        ASN1Primitive p = extensionContent(c, oid);
        if (!(p instanceof ASN1IA5String s)) {
            throw profile("extension " + oid + " is not an IA5String");
        }
        return Optional.of(s.getString());
    }

    /**
     * hwID (…1.4): KDS stores the raw bytes in extnValue with no OCTET STRING tag; an OCTET STRING
     * wrapped form is accepted too (trustee get_oid_octets). 64 bytes, or 8 on Turin.
     */
    private static Bytes hwId(X509Certificate c, SnpProduct product) throws EvidenceException {
        byte[] content = rawContent(c, AmdOids.HW_ID);
        int expected = product.tcbLayout() == TcbLayout.TURIN ? 8 : 64;
        if (content.length == expected) {
            return Bytes.of(content);
        }
        if (content.length == expected + 2 && content[0] == 0x04 && (content[1] & 0xFF) == expected) {
            return Bytes.of(content, 2, expected);
        }
        throw profile("hwID is " + content.length + " bytes; a " + product.kdsName() + " VCEK carries " + expected);
    }

    private static byte[] rawContent(X509Certificate c, String oid) throws EvidenceException {
        byte[] wrapped = c.getExtensionValue(oid);
        if (wrapped == null) {
            throw profile("extension " + oid + " missing");
        }
        try {
            return ASN1OctetString.getInstance(wrapped).getOctets();
        } catch (IllegalArgumentException e) {
            throw profile("extension " + oid + " is not well-formed");
        }
    }

    private static ASN1Primitive extensionContent(X509Certificate c, String oid) throws EvidenceException {
        byte[] content = rawContent(c, oid);
        try {
            ASN1Primitive p = ASN1Primitive.fromByteArray(content);
            if (p instanceof ASN1Sequence s && s.size() == 0) {
                throw profile("extension " + oid + " is empty");
            }
            return p;
        } catch (IOException | IllegalArgumentException e) {
            throw profile("extension " + oid + " is not DER");
        }
    }

    private static EvidenceException profile(String detail) {
        return new EvidenceException(FailureCode.SNP_CERT_PROFILE, detail);
    }

}
