package dev.rats.testkit.tdx;

import static dev.rats.testkit.tdx.TdxQuoteLayout.*;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.bouncycastle.asn1.ASN1Boolean;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Enumerated;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x509.Extension;

import dev.rats.testkit.Pem;

/**
 * Independent decoding for the TDX generator tests: reads quotes with the layout constants and plain
 * little-endian arithmetic, verifies raw r‖s signatures with the JDK's DER {@code SHA256withECDSA}, and
 * walks ASN.1 with Bouncy Castle. Uses no project parser and none of the generator's own helpers.
 */
final class TdxTestSupport {

    private TdxTestSupport() {
    }

    static int u16(byte[] b, int offset) {
        return (b[offset] & 0xFF) | (b[offset + 1] & 0xFF) << 8;
    }

    static long u32(byte[] b, int offset) {
        return (b[offset] & 0xFFL) | (b[offset + 1] & 0xFFL) << 8 | (b[offset + 2] & 0xFFL) << 16
                | (b[offset + 3] & 0xFFL) << 24;
    }

    static byte[] slice(byte[] b, int offset, int length) {
        return Arrays.copyOfRange(b, offset, offset + length);
    }

    /** The parts of a quote located by walking its length fields. */
    record QuoteView(byte[] raw, int version, int bodyType, int bodyOffset, int bodySize, int signedLength,
            int sigDataOffset, int sigDataLength, int certType, int certDataOffset, int certDataSize,
            int qeReportOffset, int qeAuthDataSize, int qeAuthDataOffset, int chainType, int chainOffset,
            int chainSize) {

        static QuoteView of(byte[] q) {
            int version = u16(q, VERSION);
            int bodyType = version >= 5 ? u16(q, V5_BODY_TYPE) : BODY_TYPE_TD10;
            int bodySize = version >= 5 ? (int) u32(q, V5_BODY_SIZE) : BODY_SIZE_TD10;
            int bodyOffset = version >= 5 ? HEADER_SIZE + V5_DESCRIPTOR_SIZE : HEADER_SIZE;
            int signed = bodyOffset + bodySize;
            int sigLen = (int) u32(q, signed);
            int sig = signed + 4;
            int certType = u16(q, sig + SIG_CERT_DATA_TYPE);
            int certSize = (int) u32(q, sig + SIG_CERT_DATA_SIZE);
            int cert = sig + SIG_CERT_DATA;
            int authSize = u16(q, cert + QE_AUTH_DATA_SIZE);
            int auth = cert + QE_AUTH_DATA;
            int chainType = u16(q, auth + authSize);
            int chainSize = (int) u32(q, auth + authSize + 2);
            return new QuoteView(q, version, bodyType, bodyOffset, bodySize, signed, sig, sigLen, certType, cert,
                    certSize, cert + QE_REPORT, authSize, auth, chainType, auth + authSize + 6, chainSize);
        }

        byte[] body(int offset, int length) {
            return slice(raw, bodyOffset + offset, length);
        }

        byte[] qeReport() {
            return slice(raw, qeReportOffset, QE_REPORT_SIZE);
        }

        byte[] qeReportSignature() {
            return slice(raw, certDataOffset + QE_REPORT_SIGNATURE, 64);
        }

        byte[] quoteSignature() {
            return slice(raw, sigDataOffset + SIG_QUOTE_SIGNATURE, 64);
        }

        byte[] attestationKey() {
            return slice(raw, sigDataOffset + SIG_ATTESTATION_KEY, 64);
        }

        byte[] qeAuthData() {
            return slice(raw, qeAuthDataOffset, qeAuthDataSize);
        }

        byte[] chain() {
            return slice(raw, chainOffset, chainSize);
        }

        byte[] signedBytes() {
            return slice(raw, 0, signedLength);
        }

        /** End of the signature data: everything after it is trailing. */
        int usedLength() {
            return sigDataOffset + sigDataLength;
        }

        /** The chain certificates parsed by the JDK (trailing NUL bytes removed first). */
        List<X509Certificate> certificates() {
            byte[] c = chain();
            int n = c.length;
            while (n > 0 && c[n - 1] == 0) {
                n--;
            }
            return Pem.certificates(Arrays.copyOf(c, n));
        }
    }

    /** A P-256 public key from raw big-endian x‖y. */
    static PublicKey p256(byte[] xy) throws GeneralSecurityException {
        AlgorithmParameters ap = AlgorithmParameters.getInstance("EC");
        ap.init(new ECGenParameterSpec("secp256r1"));
        ECParameterSpec spec = ap.getParameterSpec(ECParameterSpec.class);
        ECPoint w = new ECPoint(new BigInteger(1, slice(xy, 0, 32)), new BigInteger(1, slice(xy, 32, 32)));
        return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, spec));
    }

    /** DER {@code SEQUENCE {INTEGER r, INTEGER s}} of a raw r‖s signature. */
    static byte[] der(byte[] rs) throws IOException {
        int n = rs.length / 2;
        return new DERSequence(new ASN1Encodable[] {new ASN1Integer(new BigInteger(1, slice(rs, 0, n))),
            new ASN1Integer(new BigInteger(1, slice(rs, n, n)))}).getEncoded();
    }

    /** JDK {@code SHA256withECDSA} (DER) verification of a raw r‖s signature; false on any error. */
    static boolean verifies(PublicKey key, byte[] data, byte[] rs) {
        try {
            Signature v = Signature.getInstance("SHA256withECDSA");
            v.initVerify(key);
            v.update(data);
            return v.verify(der(rs));
        } catch (GeneralSecurityException | IOException e) {
            return false;
        }
    }

    static X509CRL crl(byte[] der) throws GeneralSecurityException {
        return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(der));
    }

    /** The TBSCertificate extensions in encoding order. */
    static List<Extension> extensions(byte[] certDer) {
        ASN1Sequence tbs = ASN1Sequence.getInstance(ASN1Sequence.getInstance(certDer).getObjectAt(0));
        List<Extension> out = new ArrayList<>();
        for (ASN1Encodable e : tbs) {
            if (e instanceof ASN1TaggedObject t && t.getTagNo() == 3) {
                for (ASN1Encodable ext : ASN1Sequence.getInstance(t.getExplicitBaseObject())) {
                    out.add(Extension.getInstance(ext));
                }
            }
        }
        return out;
    }

    /** The parsed value of the first extension with this OID. */
    static ASN1Primitive extensionValue(byte[] certDer, ASN1ObjectIdentifier oid) throws IOException {
        Extension e = extensions(certDer).stream().filter(x -> x.getExtnId().equals(oid)).findFirst().orElseThrow();
        return ASN1Primitive.fromByteArray(e.getExtnValue().getOctets());
    }

    /** The value of the top-level or nested {@code SEQUENCE {oid, value}} entry with this OID, or null. */
    static ASN1Primitive sgxEntry(ASN1Primitive root, ASN1ObjectIdentifier oid) {
        if (root instanceof ASN1Sequence s) {
            if (s.size() == 2 && oid.equals(s.getObjectAt(0))) {
                return s.getObjectAt(1).toASN1Primitive();
            }
            for (ASN1Encodable e : s) {
                ASN1Primitive found = sgxEntry(e.toASN1Primitive(), oid);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    /**
     * The structure of an ASN.1 value as lines "depth TYPE[detail]": OIDs with their value, OCTET
     * STRINGs with their length, other primitives by type only.
     */
    static List<String> shape(ASN1Primitive p) {
        List<String> out = new ArrayList<>();
        shape(p, 0, out);
        return out;
    }

    private static void shape(ASN1Primitive p, int depth, List<String> out) {
        String d = depth + " ";
        if (p instanceof ASN1Sequence s) {
            out.add(d + "SEQUENCE");
            for (ASN1Encodable e : s) {
                shape(e.toASN1Primitive(), depth + 1, out);
            }
        } else if (p instanceof ASN1ObjectIdentifier o) {
            out.add(d + "OID " + o.getId());
        } else if (p instanceof ASN1OctetString o) {
            out.add(d + "OCTET STRING[" + o.getOctets().length + "]");
        } else if (p instanceof ASN1Enumerated) {
            out.add(d + "ENUMERATED");
        } else if (p instanceof ASN1Integer) {
            out.add(d + "INTEGER");
        } else if (p instanceof ASN1Boolean) {
            out.add(d + "BOOLEAN");
        } else {
            out.add(d + p.getClass().getSimpleName());
        }
    }

    /** The value of a JSON string member {@code "key": "…"} (first occurrence), unescaped. */
    static String jsonString(String json, String key) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(key) + "\"\\s*:\\s*\"").matcher(json);
        if (!m.find()) {
            throw new IllegalArgumentException("no string member " + key);
        }
        StringBuilder sb = new StringBuilder();
        for (int i = m.end(); i < json.length(); i++) {
            char c = json.charAt(i);
            if (c == '"') {
                return sb.toString();
            }
            if (c == '\\') {
                char e = json.charAt(++i);
                switch (e) {
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'u' -> {
                        sb.append((char) Integer.parseInt(json.substring(i + 1, i + 5), 16));
                        i += 4;
                    }
                    default -> sb.append(e);
                }
            } else {
                sb.append(c);
            }
        }
        throw new IllegalArgumentException("unterminated string " + key);
    }

    /** Every object key of a JSON text, in order of appearance (string values are skipped). */
    static List<String> jsonKeys(String json) {
        List<String> keys = new ArrayList<>();
        int i = 0;
        while (i < json.length()) {
            if (json.charAt(i) != '"') {
                i++;
                continue;
            }
            int start = ++i;
            while (json.charAt(i) != '"') {
                i += json.charAt(i) == '\\' ? 2 : 1;
            }
            String text = json.substring(start, i++);
            int j = i;
            while (j < json.length() && Character.isWhitespace(json.charAt(j))) {
                j++;
            }
            if (j < json.length() && json.charAt(j) == ':') {
                keys.add(text);
            }
        }
        return keys;
    }

    /** The raw bytes of the first member's value of a PCS body {@code {"<key>":<value>,"signature":…}}. */
    static byte[] innerSlice(byte[] body, String key) {
        String s = new String(body, StandardCharsets.UTF_8);
        String prefix = "{\"" + key + "\":";
        int end = s.lastIndexOf(",\"signature\":");
        if (!s.startsWith(prefix) || end < 0) {
            throw new IllegalArgumentException("not a PCS body for " + key);
        }
        return s.substring(prefix.length(), end).getBytes(StandardCharsets.UTF_8);
    }

    /** The {@code signature} value of a PCS body as bytes (hex). */
    static byte[] bodySignature(byte[] body) {
        return java.util.HexFormat.of().parseHex(jsonString(new String(body, StandardCharsets.UTF_8), "signature"));
    }

    /** All integers following {@code "svn":} in a JSON fragment. */
    static List<Integer> svns(String fragment) {
        List<Integer> out = new ArrayList<>();
        Matcher m = Pattern.compile("\"svn\":(\\d+)").matcher(fragment);
        while (m.find()) {
            out.add(Integer.parseInt(m.group(1)));
        }
        return out;
    }
}
