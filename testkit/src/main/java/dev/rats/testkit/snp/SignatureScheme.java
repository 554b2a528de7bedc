package dev.rats.testkit.snp;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;

import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;

/**
 * A certificate/CRL signature algorithm: the JCA algorithm that signs and the AlgorithmIdentifier
 * written into the structure. Signing uses the JDK providers.
 *
 * @param jcaName JCA signature algorithm name
 * @param parameters JCA parameters, or null
 * @param algorithmIdentifier the encoded signature AlgorithmIdentifier
 */
public record SignatureScheme(String jcaName, AlgorithmParameterSpec parameters,
        AlgorithmIdentifier algorithmIdentifier) {

    /**
     * AMD's scheme (sev-snp.md §3.1): RSASSA-PSS, SHA-384, MGF1-SHA-384, salt 48, trailer 1, with the
     * trailer field written explicitly as in the real ARK/ASK/ASVK and Milan VCEK.
     */
    public static SignatureScheme amdRsaPss() {
        return rsaPss("SHA-384", 48, true);
    }

    /**
     * RSASSA-PSS (OID 1.2.840.113549.1.1.10) with explicit parameters: hash and MGF1 hash
     * {@code digest} ("SHA-256", "SHA-384" or "SHA-512"), the salt length, and the default trailer 1
     * either written ({@code explicitTrailer}) or omitted as DER prescribes (as on the real Turin VCEK).
     */
    public static SignatureScheme rsaPss(String digest, int saltLength, boolean explicitTrailer) {
        AlgorithmIdentifier hash = new AlgorithmIdentifier(digestOid(digest), DERNull.INSTANCE);
        ASN1EncodableVector params = new ASN1EncodableVector();
        params.add(new DERTaggedObject(true, 0, hash));
        params.add(new DERTaggedObject(true, 1, new AlgorithmIdentifier(PKCSObjectIdentifiers.id_mgf1, hash)));
        params.add(new DERTaggedObject(true, 2, new ASN1Integer(saltLength)));
        if (explicitTrailer) {
            params.add(new DERTaggedObject(true, 3, new ASN1Integer(1)));
        }
        return new SignatureScheme("RSASSA-PSS",
                new PSSParameterSpec(digest, "MGF1", new MGF1ParameterSpec(digest), saltLength, 1),
                new AlgorithmIdentifier(PKCSObjectIdentifiers.id_RSASSA_PSS, new DERSequence(params)));
    }

    /** A parameterless scheme by JCA name, e.g. "SHA256withRSA" or "SHA384withECDSA". */
    public static SignatureScheme of(String jcaName) {
        return new SignatureScheme(jcaName, null, new DefaultSignatureAlgorithmIdentifierFinder().find(jcaName));
    }

    /** Signs {@code data} with {@code key}. */
    public byte[] sign(PrivateKey key, byte[] data) {
        try {
            Signature s = Signature.getInstance(jcaName);
            s.initSign(key);
            if (parameters != null) {
                s.setParameter(parameters);
            }
            s.update(data);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with " + jcaName, e);
        }
    }

    /** A Bouncy Castle ContentSigner for builders (e.g. CRLs). */
    public ContentSigner contentSigner(PrivateKey key) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        return new ContentSigner() {
            @Override
            public AlgorithmIdentifier getAlgorithmIdentifier() {
                return algorithmIdentifier;
            }

            @Override
            public OutputStream getOutputStream() {
                return buffer;
            }

            @Override
            public byte[] getSignature() {
                return sign(key, buffer.toByteArray());
            }
        };
    }

    private static ASN1ObjectIdentifier digestOid(String digest) {
        return switch (digest) {
            case "SHA-256" -> NISTObjectIdentifiers.id_sha256;
            case "SHA-384" -> NISTObjectIdentifiers.id_sha384;
            case "SHA-512" -> NISTObjectIdentifiers.id_sha512;
            default -> throw new IllegalArgumentException("unsupported PSS digest " + digest);
        };
    }
}
