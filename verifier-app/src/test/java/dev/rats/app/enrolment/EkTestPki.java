package dev.rats.app.enrolment;

import dev.rats.testkit.Keys;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throwaway TPM manufacturer PKI, root → intermediate → EK certificate, shaped like the
 * certificates swtpm_localca issues (tpm.md §7.2 step 4): subject {@code CN=unknown}, a critical
 * SAN DirName with TPM manufacturer, model and version, EKU tcg-kp-EKCertificate (2.23.133.8.1),
 * critical KeyUsage keyEncipherment, CA:FALSE. EC P-256 CA keys.
 */
final class EkTestPki {

    private static final AtomicLong SERIAL = new AtomicLong(5000);

    private final String name;
    private final KeyPair rootKey = Keys.ecP256();
    private final KeyPair intermediateKey = Keys.ecP256();
    private final X509Certificate root;
    private final X509Certificate intermediate;

    EkTestPki(String name) {
        this.name = name;
        Instant from = Instant.parse("2020-01-01T00:00:00Z");
        Instant to = Instant.parse("2120-01-01T00:00:00Z");
        root = issue(new X500Name("CN=" + name + " root"), rootKey.getPublic(), "CN=" + name + " root", rootKey, true, from, to);
        intermediate = issue(new X500Name("CN=" + name + " intermediate"), intermediateKey.getPublic(), "CN=" + name + " root",
                rootKey, true, from, to);
    }

    X509Certificate root() {
        return root;
    }

    X509Certificate intermediate() {
        return intermediate;
    }

    /** An EK certificate for {@code ekKey}, issued by the intermediate, valid from {@code from} for {@code validity}. */
    X509Certificate ekCertificate(PublicKey ekKey, Instant from, Duration validity) {
        return issue(new X500Name("CN=unknown"), ekKey, "CN=" + name + " intermediate", intermediateKey, false, from,
                from.plus(validity));
    }

    /** Writes the root and the intermediate as PEM files (as {@code verifier.tpm.ek-roots} takes them). */
    Path[] writePem(Path dir) throws IOException {
        return new Path[] {Files.writeString(dir.resolve("ek-root.pem"), pem(root), StandardCharsets.US_ASCII),
            Files.writeString(dir.resolve("ek-intermediate.pem"), pem(intermediate), StandardCharsets.US_ASCII)};
    }

    static String pem(X509Certificate c) {
        try {
            return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(c.getEncoded()) + "\n-----END CERTIFICATE-----\n";
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate issue(X500Name subject, PublicKey key, String issuer, KeyPair issuerKey, boolean ca,
            Instant from, Instant to) {
        try {
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(new X500Name(issuer),
                    BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(from), Date.from(to), subject, key);
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            if (ca) {
                b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            } else {
                b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyEncipherment));
                X500Name tpm = new X500NameBuilder()
                        .addRDN(new ASN1ObjectIdentifier("2.23.133.2.1"), "id:00001014")
                        .addRDN(new ASN1ObjectIdentifier("2.23.133.2.2"), "swtpm")
                        .addRDN(new ASN1ObjectIdentifier("2.23.133.2.3"), "id:20191023").build();
                b.addExtension(Extension.subjectAlternativeName, true, new GeneralNames(new GeneralName(tpm)));
                b.addExtension(Extension.extendedKeyUsage, false,
                        new ExtendedKeyUsage(KeyPurposeId.getInstance(new ASN1ObjectIdentifier(EkRoots.EKU_EK_CERTIFICATE))));
            }
            byte[] der = b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey.getPrivate())).getEncoded();
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
