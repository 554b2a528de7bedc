package dev.rats.testkit.snp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.Time;

/**
 * Everything that goes into one certificate, as an immutable value with {@code with...} modifiers so
 * a test can break exactly one property. {@link #issue()} encodes the TBSCertificate by hand, so
 * anything is expressible: serial 0 or negative, X.509 v1, duplicated extensions, any extension order
 * and any extension bytes.
 *
 * @param version X.509 version (1, 2 or 3); v1 omits the version field and the extensions
 * @param serial serial number
 * @param issuer issuer DN
 * @param subject subject DN
 * @param notBefore validity start (second precision)
 * @param notAfter validity end
 * @param publicKey subject public key
 * @param signingKey key that signs the certificate
 * @param signatureScheme signature algorithm (identifier and signer)
 * @param extensions extensions in encoding order (duplicates allowed)
 */
public record CertSpec(int version, BigInteger serial, X500Name issuer, X500Name subject, Instant notBefore,
        Instant notAfter, PublicKey publicKey, PrivateKey signingKey, SignatureScheme signatureScheme,
        List<Extension> extensions) {

    public CertSpec {
        extensions = List.copyOf(extensions);
    }

    public CertSpec withVersion(int v) {
        return new CertSpec(v, serial, issuer, subject, notBefore, notAfter, publicKey, signingKey, signatureScheme,
                extensions);
    }

    public CertSpec withSerial(BigInteger s) {
        return new CertSpec(version, s, issuer, subject, notBefore, notAfter, publicKey, signingKey, signatureScheme,
                extensions);
    }

    public CertSpec withSerial(long s) {
        return withSerial(BigInteger.valueOf(s));
    }

    public CertSpec withIssuer(X500Name name) {
        return new CertSpec(version, serial, name, subject, notBefore, notAfter, publicKey, signingKey,
                signatureScheme, extensions);
    }

    public CertSpec withSubject(X500Name name) {
        return new CertSpec(version, serial, issuer, name, notBefore, notAfter, publicKey, signingKey,
                signatureScheme, extensions);
    }

    /** Replaces (or appends, if absent) one subject attribute, e.g. {@code BCStyle.OU}. */
    public CertSpec withSubjectAttribute(ASN1ObjectIdentifier type, String value) {
        return withSubject(replaceAttribute(subject, type, value));
    }

    /** Removes one subject attribute. */
    public CertSpec withoutSubjectAttribute(ASN1ObjectIdentifier type) {
        return withSubject(replaceAttribute(subject, type, null));
    }

    public CertSpec withSubjectCn(String cn) {
        return withSubjectAttribute(BCStyle.CN, cn);
    }

    /** Replaces (or appends, if absent) one issuer attribute. */
    public CertSpec withIssuerAttribute(ASN1ObjectIdentifier type, String value) {
        return withIssuer(replaceAttribute(issuer, type, value));
    }

    /** Removes one issuer attribute. */
    public CertSpec withoutIssuerAttribute(ASN1ObjectIdentifier type) {
        return withIssuer(replaceAttribute(issuer, type, null));
    }

    public CertSpec withIssuerCn(String cn) {
        return withIssuerAttribute(BCStyle.CN, cn);
    }

    public CertSpec withValidity(Instant from, Instant to) {
        return new CertSpec(version, serial, issuer, subject, from, to, publicKey, signingKey, signatureScheme,
                extensions);
    }

    /** Signs with another key (e.g. an ARK that is not self-signed); the issuer DN is unchanged. */
    public CertSpec withSigningKey(PrivateKey key) {
        return new CertSpec(version, serial, issuer, subject, notBefore, notAfter, publicKey, key, signatureScheme,
                extensions);
    }

    public CertSpec withSignatureScheme(SignatureScheme scheme) {
        return new CertSpec(version, serial, issuer, subject, notBefore, notAfter, publicKey, signingKey, scheme,
                extensions);
    }

    public CertSpec withExtensions(List<Extension> list) {
        return new CertSpec(version, serial, issuer, subject, notBefore, notAfter, publicKey, signingKey,
                signatureScheme, list);
    }

    /** Replaces the extension with the same OID in place, or appends it when absent. */
    public CertSpec withExtension(Extension ext) {
        List<Extension> list = new ArrayList<>(extensions);
        int i = indexOf(ext.getExtnId());
        if (i >= 0) {
            list.set(i, ext);
        } else {
            list.add(ext);
        }
        return withExtensions(list);
    }

    /** Replaces the value bytes (extnValue content) of an existing extension, keeping its criticality. */
    public CertSpec withExtensionValue(ASN1ObjectIdentifier oid, byte[] value) {
        return withExtension(new Extension(oid, extension(oid).isCritical(), value));
    }

    /** Sets the critical flag of an existing extension. */
    public CertSpec withCritical(ASN1ObjectIdentifier oid, boolean critical) {
        return withExtension(new Extension(oid, critical, extension(oid).getExtnValue()));
    }

    /** Appends an extension even if one with the same OID exists. */
    public CertSpec withAddedExtension(Extension ext) {
        List<Extension> list = new ArrayList<>(extensions);
        list.add(ext);
        return withExtensions(list);
    }

    /** Appends a second copy of an existing extension. */
    public CertSpec withDuplicatedExtension(ASN1ObjectIdentifier oid) {
        return withAddedExtension(extension(oid));
    }

    /** Removes every extension with this OID. */
    public CertSpec withoutExtension(ASN1ObjectIdentifier oid) {
        return withExtensions(extensions.stream().filter(e -> !e.getExtnId().equals(oid)).toList());
    }

    /** The first extension with this OID. */
    public Extension extension(ASN1ObjectIdentifier oid) {
        int i = indexOf(oid);
        if (i < 0) {
            throw new IllegalArgumentException("no extension " + oid);
        }
        return extensions.get(i);
    }

    /** Encodes and signs the certificate; returns its DER encoding. */
    public byte[] issue() {
        AlgorithmIdentifier alg = signatureScheme.algorithmIdentifier();
        ASN1EncodableVector tbs = new ASN1EncodableVector();
        if (version != 1) {
            tbs.add(new DERTaggedObject(true, 0, new ASN1Integer(version - 1)));
        }
        tbs.add(new ASN1Integer(serial));
        tbs.add(alg);
        tbs.add(issuer);
        tbs.add(new DERSequence(new ASN1Encodable[] {time(notBefore), time(notAfter)}));
        tbs.add(subject);
        tbs.add(SubjectPublicKeyInfo.getInstance(publicKey.getEncoded()));
        if (version != 1 && !extensions.isEmpty()) {
            tbs.add(new DERTaggedObject(true, 3, new DERSequence(extensions.toArray(new Extension[0]))));
        }
        try {
            DERSequence tbsCertificate = new DERSequence(tbs);
            byte[] signature = signatureScheme.sign(signingKey, tbsCertificate.getEncoded("DER"));
            return new DERSequence(new ASN1Encodable[] {tbsCertificate, alg, new DERBitString(signature)})
                    .getEncoded("DER");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private int indexOf(ASN1ObjectIdentifier oid) {
        for (int i = 0; i < extensions.size(); i++) {
            if (extensions.get(i).getExtnId().equals(oid)) {
                return i;
            }
        }
        return -1;
    }

    private static Time time(Instant instant) {
        return new Time(Date.from(instant));
    }

    /** Replaces the value of {@code type} in place (null removes it); appends when absent. */
    private static X500Name replaceAttribute(X500Name name, ASN1ObjectIdentifier type, String value) {
        List<RDN> rdns = new ArrayList<>();
        boolean found = false;
        for (RDN rdn : name.getRDNs()) {
            if (!rdn.getFirst().getType().equals(type)) {
                rdns.add(rdn);
            } else if (!found && value != null) {
                rdns.add(rdn(type, value));
            }
            found |= rdn.getFirst().getType().equals(type);
        }
        if (!found && value != null) {
            rdns.add(rdn(type, value));
        }
        return new X500Name(rdns.toArray(new RDN[0]));
    }

    private static RDN rdn(ASN1ObjectIdentifier type, String value) {
        return new RDN(new AttributeTypeAndValue(type, BCStyle.INSTANCE.stringToValue(type, value)));
    }
}
