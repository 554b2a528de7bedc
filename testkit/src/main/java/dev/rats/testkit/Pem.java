package dev.rats.testkit;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;

/** PEM text and X.509 parsing with the JDK's own certificate factory. */
public final class Pem {

    private Pem() {
    }

    /** PEM block of {@code type} (e.g. "CERTIFICATE") with 64-character lines, newline-terminated. */
    public static String encode(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    /** All certificates of a DER certificate or a PEM bundle, in order. */
    public static List<X509Certificate> certificates(byte[] derOrPem) {
        try {
            return factory().generateCertificates(new ByteArrayInputStream(derOrPem)).stream()
                    .map(X509Certificate.class::cast)
                    .toList();
        } catch (CertificateException e) {
            throw new IllegalArgumentException("not a certificate or PEM bundle: " + e.getMessage(), e);
        }
    }

    /** The single certificate of a DER (or PEM) encoding. */
    public static X509Certificate certificate(byte[] derOrPem) {
        List<X509Certificate> certs = certificates(derOrPem);
        if (certs.size() != 1) {
            throw new IllegalArgumentException("expected one certificate, found " + certs.size());
        }
        return certs.get(0);
    }

    private static CertificateFactory factory() throws CertificateException {
        return CertificateFactory.getInstance("X.509");
    }
}
