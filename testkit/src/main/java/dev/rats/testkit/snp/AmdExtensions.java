package dev.rats.testkit.snp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/**
 * Extensions of AMD certificates, encoded as AMD does (sev-snp.md §3.1, §3.2 and the real
 * certificates): the VCEK/VLEK extensions under 1.3.6.1.4.1.3704.1 (all non-critical, DER values
 * except the raw hwID) and the standard extensions of the ARK/ASK/ASVK.
 */
public final class AmdExtensions {

    public static final ASN1ObjectIdentifier AMD_PREFIX = new ASN1ObjectIdentifier("1.3.6.1.4.1.3704.1");
    public static final ASN1ObjectIdentifier STRUCT_VERSION = AMD_PREFIX.branch("1");
    public static final ASN1ObjectIdentifier PRODUCT_NAME = AMD_PREFIX.branch("2");
    public static final ASN1ObjectIdentifier BL_SPL = AMD_PREFIX.branch("3.1");
    public static final ASN1ObjectIdentifier TEE_SPL = AMD_PREFIX.branch("3.2");
    public static final ASN1ObjectIdentifier SNP_SPL = AMD_PREFIX.branch("3.3");
    public static final ASN1ObjectIdentifier SPL_4 = AMD_PREFIX.branch("3.4");
    public static final ASN1ObjectIdentifier SPL_5 = AMD_PREFIX.branch("3.5");
    public static final ASN1ObjectIdentifier SPL_6 = AMD_PREFIX.branch("3.6");
    public static final ASN1ObjectIdentifier SPL_7 = AMD_PREFIX.branch("3.7");
    public static final ASN1ObjectIdentifier UCODE_SPL = AMD_PREFIX.branch("3.8");
    public static final ASN1ObjectIdentifier FMC_SPL = AMD_PREFIX.branch("3.9");
    public static final ASN1ObjectIdentifier HW_ID = AMD_PREFIX.branch("4");
    public static final ASN1ObjectIdentifier CSP_ID = AMD_PREFIX.branch("5");

    /** KeyUsage of the ARK: keyCertSign + cRLSign ({@code 03 02 01 06}). */
    static final byte[] ARK_KEY_USAGE = {0x03, 0x02, 0x01, 0x06};
    /**
     * KeyUsage of the real ASK/ASVK: keyCertSign only, with AMD's non-minimal encoding
     * {@code 03 02 01 04} (1 unused bit declared where DER would say 2).
     */
    static final byte[] ASK_KEY_USAGE = {0x03, 0x02, 0x01, 0x04};

    private AmdExtensions() {
    }

    /** A non-critical AMD extension whose value is a DER INTEGER (e.g. 219 is {@code 02 02 00 db}). */
    public static Extension integer(ASN1ObjectIdentifier oid, long value) {
        return new Extension(oid, false, der(new ASN1Integer(value)));
    }

    /** A non-critical extension whose value is a DER IA5String (productName, csp_id). */
    public static Extension ia5(ASN1ObjectIdentifier oid, String value) {
        return new Extension(oid, false, der(new DERIA5String(value)));
    }

    /** hwID as AMD encodes it: the raw bytes directly inside extnValue, no inner OCTET STRING (§3.2). */
    public static Extension hwIdRaw(byte[] hwId) {
        return new Extension(HW_ID, false, hwId.clone());
    }

    /** hwID wrapped in a DER OCTET STRING (not what KDS issues; verifiers should accept it, §6). */
    public static Extension hwIdWrapped(byte[] hwId) {
        return new Extension(HW_ID, false, der(new DEROctetString(hwId)));
    }

    /**
     * The VCEK ({@code hwId != null}) or VLEK ({@code cspId != null}) extensions in the order of the
     * real certificates: Milan/Genoa {@code 1, 2, 3.1, 3.2, 3.4, 3.5, 3.6, 3.7, 3.3, 3.8, 4};
     * Turin {@code 1, 2, 3.9, 3.1, 3.2, 3.3, 3.5, 3.6, 3.7, 3.8, 4} (no spl4, adds fmcSPL). The VLEK
     * carries csp_id (.5) in place of hwID.
     */
    public static List<Extension> vek(SimProduct product, int structVersion, String productName, SnpTcb tcb,
            byte[] hwId, String cspId) {
        List<Extension> list = new ArrayList<>();
        list.add(integer(STRUCT_VERSION, structVersion));
        list.add(ia5(PRODUCT_NAME, productName));
        if (product.hasFmc()) {
            list.add(integer(FMC_SPL, tcb.fmc()));
            list.add(integer(BL_SPL, tcb.bootloader()));
            list.add(integer(TEE_SPL, tcb.tee()));
            list.add(integer(SNP_SPL, tcb.snp()));
            for (ASN1ObjectIdentifier reserved : List.of(SPL_5, SPL_6, SPL_7)) {
                list.add(integer(reserved, 0));
            }
        } else {
            list.add(integer(BL_SPL, tcb.bootloader()));
            list.add(integer(TEE_SPL, tcb.tee()));
            for (ASN1ObjectIdentifier reserved : List.of(SPL_4, SPL_5, SPL_6, SPL_7)) {
                list.add(integer(reserved, 0));
            }
            list.add(integer(SNP_SPL, tcb.snp()));
        }
        list.add(integer(UCODE_SPL, tcb.microcode()));
        if (hwId != null) {
            list.add(hwIdRaw(hwId));
        }
        if (cspId != null) {
            list.add(ia5(CSP_ID, cspId));
        }
        return list;
    }

    /** CRL distribution points, one DistributionPoint (fullName URI) per URL, as in the AMD CA certificates. */
    public static Extension crlDistributionPoints(String... urls) {
        DistributionPoint[] points = Arrays.stream(urls)
                .map(u -> new DistributionPoint(new DistributionPointName(
                        new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, u))), null, null))
                .toArray(DistributionPoint[]::new);
        return new Extension(Extension.cRLDistributionPoints, false, der(new CRLDistPoint(points)));
    }

    /** {@code https://kdsintf.amd.com/vcek/v1/{P}/crl} or {@code .../vlek/v1/{P}/crl} (§3.5). */
    public static String crlUrl(SimProduct product, boolean vlek) {
        return "https://kdsintf.amd.com/" + (vlek ? "vlek" : "vcek") + "/v1/" + product.kdsName() + "/crl";
    }

    /** SubjectKeyIdentifier: SHA-1 of the subjectPublicKey bits (RFC 5280 §4.2.1.2 method 1). */
    public static Extension subjectKeyIdentifier(PublicKey key) {
        return new Extension(Extension.subjectKeyIdentifier, false, der(new SubjectKeyIdentifier(keyId(key))));
    }

    /** AuthorityKeyIdentifier with the keyIdentifier field only, as in the real ASK/ASVK. */
    public static Extension authorityKeyIdentifier(PublicKey issuerKey) {
        return new Extension(Extension.authorityKeyIdentifier, false,
                der(new AuthorityKeyIdentifier(keyId(issuerKey))));
    }

    /** Critical BasicConstraints cA=TRUE, with a path length (ASK/ASVK: 0) or without (ARK: null). */
    public static Extension basicConstraints(Integer pathLength) {
        BasicConstraints bc = pathLength == null ? new BasicConstraints(true) : new BasicConstraints(pathLength);
        return new Extension(Extension.basicConstraints, true, der(bc));
    }

    /** Critical KeyUsage with the given encoded BIT STRING. */
    public static Extension keyUsage(byte[] encodedBitString) {
        return new Extension(Extension.keyUsage, true, encodedBitString.clone());
    }

    /** SHA-1 over the subjectPublicKey BIT STRING contents. */
    public static byte[] keyId(PublicKey key) {
        try {
            return MessageDigest.getInstance("SHA-1")
                    .digest(SubjectPublicKeyInfo.getInstance(key.getEncoded()).getPublicKeyData().getBytes());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] der(ASN1Encodable value) {
        try {
            return value.toASN1Primitive().getEncoded("DER");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
