package dev.rats.evidence.x509;

import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.FailureCode;
import dev.rats.evidence.binary.Bytes;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CRLException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Decodes certificates and CRLs from DER or PEM. The JDK parser accepts the quirks of real AMD
 * certificates (serial number 0, AMD's raw hwID extension), which tests against real VCEKs pin.
 */
public final class CertificateDecoder {

    private static final String BEGIN = "-----BEGIN ";
    private static final String DASHES = "-----";
    /** A bound on certificates in one input, against inputs built to exhaust memory or time. */
    private static final int MAX_CERTIFICATES = 16;

    private CertificateDecoder() {
    }

    /** One DER certificate. */
    public static X509Certificate certificate(Bytes der) throws EvidenceException {
        try {
            return (X509Certificate) factory().generateCertificate(new ByteArrayInputStream(der.toByteArray()));
        } catch (CertificateException | RuntimeException e) {
            throw new EvidenceException(FailureCode.CERTIFICATE_MALFORMED, "not a DER X.509 certificate: " + e.getMessage(), e);
        }
    }

    /**
     * The DER encodings of every certificate in {@code input}: one DER certificate, or PEM text with
     * one or more CERTIFICATE blocks (other PEM blocks are rejected). Only the DER envelope is
     * checked here; the certificates are decoded when they are verified, and their verification is
     * cached by these exact bytes.
     */
    public static List<Bytes> derCertificates(byte[] input) throws EvidenceException {
        if (input.length > 0 && input[0] == 0x30) {
            Bytes der = Bytes.of(input);
            checkEnvelope(der);
            return List.of(der);
        }
        String text = new String(input, StandardCharsets.ISO_8859_1);
        List<Bytes> out = new ArrayList<>();
        int at = 0;
        while (true) {
            int begin = text.indexOf(BEGIN, at);
            if (begin < 0) {
                break;
            }
            int labelEnd = text.indexOf(DASHES, begin + BEGIN.length());
            if (labelEnd < 0) {
                throw new EvidenceException(FailureCode.CERTIFICATE_MALFORMED, "an unterminated PEM header");
            }
            String label = text.substring(begin + BEGIN.length(), labelEnd);
            if (!"CERTIFICATE".equals(label)) {
                throw new EvidenceException(FailureCode.CERTIFICATE_MALFORMED,
                        "unexpected PEM block '" + abbreviate(label) + "' where certificates were expected");
            }
            String end = "-----END CERTIFICATE-----";
            int bodyStart = labelEnd + DASHES.length();
            int bodyEnd = text.indexOf(end, bodyStart);
            if (bodyEnd < 0) {
                throw new EvidenceException(FailureCode.CERTIFICATE_MALFORMED, "a PEM certificate without its END line");
            }
            if (out.size() == MAX_CERTIFICATES) {
                throw new EvidenceException(FailureCode.CERTIFICATE_MALFORMED,
                        "more than " + MAX_CERTIFICATES + " certificates");
            }
            Bytes der;
            try {
                der = Bytes.of(Base64.getMimeDecoder().decode(text.substring(bodyStart, bodyEnd)));
            } catch (IllegalArgumentException e) {
                throw new EvidenceException(FailureCode.CERTIFICATE_MALFORMED, "bad base64 in a PEM certificate", e);
            }
            checkEnvelope(der);
            out.add(der);
            at = bodyEnd + end.length();
        }
        if (out.isEmpty()) {
            throw new EvidenceException(FailureCode.CERTIFICATE_MALFORMED, "neither a DER certificate nor PEM certificates");
        }
        return List.copyOf(out);
    }

    /** A DER SEQUENCE whose definite length covers exactly the input (X.690 §8.1.3). */
    private static void checkEnvelope(Bytes der) throws EvidenceException {
        int n = der.length();
        if (n < 2 || der.unsignedByte(0) != 0x30) {
            throw new EvidenceException(FailureCode.CERTIFICATE_MALFORMED, "a certificate is not a DER SEQUENCE");
        }
        int first = der.unsignedByte(1);
        long length;
        int header;
        if (first < 0x80) {
            length = first;
            header = 2;
        } else {
            int octets = first & 0x7F;
            if (octets == 0 || octets > 4 || n < 2 + octets) {
                throw new EvidenceException(FailureCode.CERTIFICATE_MALFORMED, "a certificate has a malformed DER length");
            }
            length = 0;
            for (int i = 0; i < octets; i++) {
                length = length << 8 | der.unsignedByte(2 + i);
            }
            header = 2 + octets;
        }
        if (header + length != n) {
            throw new EvidenceException(FailureCode.CERTIFICATE_MALFORMED,
                    "a certificate's DER length (" + (header + length) + ") differs from its size (" + n + ")");
        }
    }

    /** A DER or PEM ("X509 CRL") certificate revocation list. */
    public static X509CRL crl(byte[] input) throws EvidenceException {
        try {
            return (X509CRL) factory().generateCRL(new ByteArrayInputStream(input));
        } catch (CRLException | RuntimeException e) {
            throw new EvidenceException(FailureCode.CERTIFICATE_MALFORMED, "not an X.509 CRL: " + e.getMessage(), e);
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }

    private static CertificateFactory factory() {
        try {
            return CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IllegalStateException("X.509 is mandatory in every JDK", e);
        }
    }
}
