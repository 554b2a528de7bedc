package dev.rats.testkit.tpm;

import dev.rats.testkit.Keys;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throwaway AK certificate PKI shaped like Google's (tpm.md §4.2): root CA → intermediate CA →
 * AK certificate with EKU 2.23.133.8.1 (tcg-kp-AIKCertificate). EC P-256 CA keys.
 */
public final class AkTestPki {

    /** tcg-kp-AIKCertificate. */
    public static final String EKU_AIK_CERTIFICATE = "2.23.133.8.1";
    private static final AtomicLong SERIAL = new AtomicLong(1000);

    private final KeyPair rootKey = Keys.ecP256();
    private final KeyPair intermediateKey = Keys.ecP256();
    private final X509Certificate root;
    private final X509Certificate intermediate;

    public AkTestPki() {
        Instant from = Instant.parse("2020-01-01T00:00:00Z");
        Instant to = Instant.parse("2120-01-01T00:00:00Z");
        root = issue("CN=test tpm root", rootKey.getPublic(), "CN=test tpm root", rootKey, true, from, to);
        intermediate = issue("CN=test tpm intermediate", intermediateKey.getPublic(), "CN=test tpm root", rootKey, true, from, to);
    }

    public X509Certificate root() {
        return root;
    }

    public X509Certificate intermediate() {
        return intermediate;
    }

    /** An AK certificate for {@code akKey}, issued by the intermediate, valid in [from, to]. */
    public X509Certificate akCertificate(PublicKey akKey, Instant from, Instant to) {
        return issue("CN=", akKey, "CN=test tpm intermediate", intermediateKey, false, from, to);
    }

    private static X509Certificate issue(String subject, PublicKey key, String issuer, KeyPair issuerKey, boolean ca,
            Instant from, Instant to) {
        try {
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(new X500Name(issuer),
                    BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(from), Date.from(to),
                    new X500Name(subject.equals("CN=") ? "" : subject), key);
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            if (ca) {
                b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            } else {
                b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
                // like GCE: empty subject, so a critical SAN DirName with the TPM manufacturer, model and version
                X500Name tpm = new X500NameBuilder()
                        .addRDN(new ASN1ObjectIdentifier("2.23.133.2.1"), "id:474F4F47")
                        .addRDN(new ASN1ObjectIdentifier("2.23.133.2.2"), "vTPM")
                        .addRDN(new ASN1ObjectIdentifier("2.23.133.2.3"), "id:20160511").build();
                b.addExtension(Extension.subjectAlternativeName, true, new GeneralNames(new GeneralName(tpm)));
                b.addExtension(Extension.extendedKeyUsage, false,
                        new ExtendedKeyUsage(KeyPurposeId.getInstance(new ASN1ObjectIdentifier(EKU_AIK_CERTIFICATE))));
            }
            byte[] der = b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey.getPrivate())).getEncoded();
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
