package dev.rats.testkit.tdx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;

import org.bouncycastle.asn1.ASN1Boolean;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Enumerated;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
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
 * Extensions of Intel SGX/TDX certificates encoded as in the real PCK chains (tdx.md §3.1 and the
 * PCK chains embedded in the dcap-qvl and go-tdx-guest quotes):
 * <ul>
 * <li>the SGX extension 1.2.840.113741.1.13.1 (non-critical): a SEQUENCE of {@code SEQUENCE {OID, value}}
 * entries in the order .1 PPID (OCTET STRING), .2 TCB (SEQUENCE of 16 {@code SEQUENCE {.2.i, INTEGER}},
 * {@code SEQUENCE {.2.17, INTEGER pcesvn}}, {@code SEQUENCE {.2.18, OCTET STRING cpusvn}}), .3 PCE-ID
 * (OCTET STRING), .4 FMSPC (OCTET STRING), .5 SGX type (ENUMERATED), then on Platform-CA PCKs .6 Platform
 * Instance ID (OCTET STRING) and .7 configuration (SEQUENCE of {@code SEQUENCE {.7.n, BOOLEAN}});</li>
 * <li>the standard extensions in Intel's order: AuthorityKeyIdentifier (keyIdentifier only), CRL
 * distribution point (one URI), SubjectKeyIdentifier, critical KeyUsage, critical BasicConstraints.</li>
 * </ul>
 */
public final class IntelExtensions {

    public static final ASN1ObjectIdentifier SGX_EXTENSIONS = new ASN1ObjectIdentifier("1.2.840.113741.1.13.1");
    public static final ASN1ObjectIdentifier PPID = SGX_EXTENSIONS.branch("1");
    public static final ASN1ObjectIdentifier TCB = SGX_EXTENSIONS.branch("2");
    public static final ASN1ObjectIdentifier PCESVN = TCB.branch("17");
    public static final ASN1ObjectIdentifier CPUSVN = TCB.branch("18");
    public static final ASN1ObjectIdentifier PCEID = SGX_EXTENSIONS.branch("3");
    public static final ASN1ObjectIdentifier FMSPC = SGX_EXTENSIONS.branch("4");
    public static final ASN1ObjectIdentifier SGX_TYPE = SGX_EXTENSIONS.branch("5");
    public static final ASN1ObjectIdentifier PLATFORM_INSTANCE_ID = SGX_EXTENSIONS.branch("6");
    public static final ASN1ObjectIdentifier CONFIGURATION = SGX_EXTENSIONS.branch("7");
    public static final ASN1ObjectIdentifier DYNAMIC_PLATFORM = CONFIGURATION.branch("1");
    public static final ASN1ObjectIdentifier CACHED_KEYS = CONFIGURATION.branch("2");
    public static final ASN1ObjectIdentifier SMT_ENABLED = CONFIGURATION.branch("3");

    /** CRL distribution point of the root and of certificates it issues. */
    public static final String ROOT_CRL_URL = "https://certificates.trustedservices.intel.com/IntelSGXRootCA.der";

    /** KeyUsage keyCertSign + cRLSign ({@code 03 02 01 06}), root and PCK CAs. */
    public static final byte[] CA_KEY_USAGE = {0x03, 0x02, 0x01, 0x06};
    /** KeyUsage digitalSignature + nonRepudiation ({@code 03 02 06 C0}), PCK leaves and TCB Signing. */
    public static final byte[] SIGNER_KEY_USAGE = {0x03, 0x02, 0x06, (byte) 0xC0};

    private IntelExtensions() {
    }

    /** OID of SGX TCB component {@code index} (0-based): 1.2.840.113741.1.13.1.2.{index+1}. */
    public static ASN1ObjectIdentifier tcbComponent(int index) {
        return TCB.branch(Integer.toString(index + 1));
    }

    /** The PCK CRL URL of PCS for a CA type ("platform" or "processor"), DER encoding, as in real PCKs. */
    public static String pckCrlUrl(String caType) {
        return "https://api.trustedservices.intel.com/sgx/certification/v4/pckcrl?ca=" + caType + "&encoding=der";
    }

    /** The non-critical SGX extension with the entries of {@link #sgxEntries}. */
    public static Extension sgxExtension(PckExtensionValues values) {
        return sgxExtension(sgxEntries(values));
    }

    /** The non-critical SGX extension with arbitrary entries (to drop, reorder, duplicate or retype one). */
    public static Extension sgxExtension(List<? extends ASN1Encodable> entries) {
        return new Extension(SGX_EXTENSIONS, false, der(new DERSequence(entries.toArray(new ASN1Encodable[0]))));
    }

    /** The top-level {@code SEQUENCE {OID, value}} entries in the real order. */
    public static List<ASN1Encodable> sgxEntries(PckExtensionValues v) {
        List<ASN1Encodable> list = new ArrayList<>();
        list.add(entry(PPID, new DEROctetString(v.ppid())));
        list.add(entry(TCB, tcb(v.tcb())));
        list.add(entry(PCEID, new DEROctetString(v.pceId())));
        list.add(entry(FMSPC, new DEROctetString(v.fmspc())));
        list.add(entry(SGX_TYPE, new ASN1Enumerated(v.sgxType())));
        if (v.platformInstanceId() != null) {
            list.add(entry(PLATFORM_INSTANCE_ID, new DEROctetString(v.platformInstanceId())));
        }
        if (v.hasConfiguration()) {
            List<ASN1Encodable> config = new ArrayList<>();
            addBoolean(config, DYNAMIC_PLATFORM, v.dynamicPlatform());
            addBoolean(config, CACHED_KEYS, v.cachedKeys());
            addBoolean(config, SMT_ENABLED, v.smtEnabled());
            list.add(entry(CONFIGURATION, new DERSequence(config.toArray(new ASN1Encodable[0]))));
        }
        return list;
    }

    /** The TCB SEQUENCE (.2 value): 16 component entries, PCESVN, CPUSVN. */
    public static DERSequence tcb(PckTcb tcb) {
        List<ASN1Encodable> list = new ArrayList<>();
        int[] components = tcb.sgxComponents();
        for (int i = 0; i < components.length; i++) {
            list.add(entry(tcbComponent(i), new ASN1Integer(components[i])));
        }
        list.add(entry(PCESVN, new ASN1Integer(tcb.pceSvn())));
        list.add(entry(CPUSVN, new DEROctetString(tcb.cpuSvn())));
        return new DERSequence(list.toArray(new ASN1Encodable[0]));
    }

    /** {@code SEQUENCE {oid, value}}. */
    public static DERSequence entry(ASN1ObjectIdentifier oid, ASN1Encodable value) {
        return new DERSequence(new ASN1Encodable[] {oid, value});
    }

    /** AuthorityKeyIdentifier with the keyIdentifier field only. */
    public static Extension authorityKeyIdentifier(PublicKey issuerKey) {
        return new Extension(Extension.authorityKeyIdentifier, false,
                der(new AuthorityKeyIdentifier(keyId(issuerKey))));
    }

    /** SubjectKeyIdentifier = {@link #keyId}. */
    public static Extension subjectKeyIdentifier(PublicKey key) {
        return new Extension(Extension.subjectKeyIdentifier, false, der(new SubjectKeyIdentifier(keyId(key))));
    }

    /** CRL distribution points with one fullName URI. */
    public static Extension crlDistributionPoints(String url) {
        DistributionPoint point = new DistributionPoint(new DistributionPointName(
                new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, url))), null, null);
        return new Extension(Extension.cRLDistributionPoints, false,
                der(new CRLDistPoint(new DistributionPoint[] {point})));
    }

    /** Critical KeyUsage with the given encoded BIT STRING ({@link #CA_KEY_USAGE}, {@link #SIGNER_KEY_USAGE}). */
    public static Extension keyUsage(byte[] encodedBitString) {
        return new Extension(Extension.keyUsage, true, encodedBitString.clone());
    }

    /** Critical BasicConstraints cA=TRUE with a path length (root 1, PCK CAs 0). */
    public static Extension basicConstraintsCa(int pathLength) {
        return new Extension(Extension.basicConstraints, true, der(new BasicConstraints(pathLength)));
    }

    /** Critical BasicConstraints of an end entity: the empty SEQUENCE {@code 30 00} (cA FALSE by default). */
    public static Extension basicConstraintsEndEntity() {
        return new Extension(Extension.basicConstraints, true, new byte[] {0x30, 0x00});
    }

    /**
     * Key identifier: SHA-1 of the subjectPublicKey bits (RFC 5280 §4.2.1.2 method 1). Intel's key
     * identifiers are not derived this way, but no verifier recomputes them; Intel uses the same
     * 20 bytes as the serial number of its CA and TCB Signing certificates, and so does
     * {@link IntelTestPki}.
     */
    public static byte[] keyId(PublicKey key) {
        try {
            return MessageDigest.getInstance("SHA-1")
                    .digest(SubjectPublicKeyInfo.getInstance(key.getEncoded()).getPublicKeyData().getBytes());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void addBoolean(List<ASN1Encodable> list, ASN1ObjectIdentifier oid, Boolean value) {
        if (value != null) {
            list.add(entry(oid, ASN1Boolean.getInstance(value.booleanValue())));
        }
    }

    static byte[] der(ASN1Encodable value) {
        try {
            return value.toASN1Primitive().getEncoded("DER");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
