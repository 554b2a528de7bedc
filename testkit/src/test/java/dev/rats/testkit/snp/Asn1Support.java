package dev.rats.testkit.snp;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.ArrayList;
import java.util.List;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x509.Extension;

/** Independent decoding helpers for the tests (BC ASN.1 and the JDK only). */
final class Asn1Support {

    private Asn1Support() {
    }

    /** The TBSCertificate extensions in encoding order, duplicates kept (no Extensions-level validation). */
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

    /** The extnValue content of the first extension with this OID. */
    static byte[] extnValue(byte[] certDer, org.bouncycastle.asn1.ASN1ObjectIdentifier oid) {
        return extensions(certDer).stream().filter(e -> e.getExtnId().equals(oid)).findFirst().orElseThrow()
                .getExtnValue().getOctets();
    }

    /** Unsigned little-endian integer of {@code length} bytes at {@code offset}. */
    static BigInteger le(byte[] b, int offset, int length) {
        byte[] be = new byte[length];
        for (int i = 0; i < length; i++) {
            be[i] = b[offset + length - 1 - i];
        }
        return new BigInteger(1, be);
    }

    /** Verifies a report signature (§2.4) with the JDK's SHA384withECDSA after converting LE R/S to DER. */
    static boolean reportSignatureVerifies(byte[] report, PublicKey key) {
        try {
            BigInteger r = le(report, SnpReportLayout.SIGNATURE_R, 72);
            BigInteger s = le(report, SnpReportLayout.SIGNATURE_S, 72);
            byte[] der = new DERSequence(new ASN1Encodable[] {new ASN1Integer(r), new ASN1Integer(s)}).getEncoded();
            Signature v = Signature.getInstance("SHA384withECDSA");
            v.initVerify(key);
            v.update(report, 0, SnpReportLayout.SIGNED_LENGTH);
            return v.verify(der);
        } catch (GeneralSecurityException | IOException e) {
            return false;
        }
    }
}
