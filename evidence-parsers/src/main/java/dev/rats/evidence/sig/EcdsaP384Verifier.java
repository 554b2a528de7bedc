package dev.rats.evidence.sig;

import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.FailureCode;
import dev.rats.evidence.binary.Bytes;
import dev.rats.evidence.binary.LittleEndian;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.math.ec.ECPoint;

/**
 * ECDSA P-384 with SHA-384 through Bouncy Castle's lightweight API, which is several times faster
 * than the JDK provider for P-384 (DESIGN §12). One instance holds one public key; keep it to
 * reuse the point precomputation Bouncy Castle attaches to the key's point.
 */
public final class EcdsaP384Verifier {

    /** Bouncy Castle's specialised secp384r1 arithmetic, about 3× faster than its generic curve. */
    private static final X9ECParameters P384 = CustomNamedCurves.getByName("secp384r1");
    private static final ECDomainParameters DOMAIN =
            new ECDomainParameters(P384.getCurve(), P384.getG(), P384.getN(), P384.getH());

    private final ECPublicKeyParameters key;

    private EcdsaP384Verifier(ECPublicKeyParameters key) {
        this.key = key;
    }

    /** Accepts only keys on secp384r1. */
    public static EcdsaP384Verifier of(PublicKey publicKey) throws EvidenceException {
        if (!(publicKey instanceof ECPublicKey ec) || ec.getParams().getCurve().getField().getFieldSize() != 384
                || !ec.getParams().getOrder().equals(P384.getN())) {
            throw new EvidenceException(FailureCode.SNP_CERT_PROFILE, "the key is not an EC P-384 key");
        }
        try {
            ECPoint q = P384.getCurve().createPoint(ec.getW().getAffineX(), ec.getW().getAffineY());
            return new EcdsaP384Verifier(new ECPublicKeyParameters(q, DOMAIN));
        } catch (IllegalArgumentException e) {
            throw new EvidenceException(FailureCode.SNP_CERT_PROFILE, "the P-384 public key is not a valid point", e);
        }
    }

    /**
     * Verifies an SEV-SNP style signature: {@code r} and {@code s} are little-endian unsigned
     * integers (SEV-SNP ABI Table 145), converted here and nowhere else.
     */
    public void verifyLittleEndian(Bytes message, Bytes rLittleEndian, Bytes sLittleEndian, FailureCode onFailure)
            throws EvidenceException {
        BigInteger r = new BigInteger(1, LittleEndian.reversed(rLittleEndian, 0, rLittleEndian.length()));
        BigInteger s = new BigInteger(1, LittleEndian.reversed(sLittleEndian, 0, sLittleEndian.length()));
        verify(message, r, s, onFailure);
    }

    /** Verifies (r, s) over SHA-384(message); r and s must lie in [1, n-1]. */
    public void verify(Bytes message, BigInteger r, BigInteger s, FailureCode onFailure) throws EvidenceException {
        ECDSASigner signer = new ECDSASigner();
        signer.init(false, key);
        if (!signer.verifySignature(sha384(message), r, s)) {
            throw new EvidenceException(onFailure, "ECDSA P-384 signature does not verify");
        }
    }

    private static byte[] sha384(Bytes message) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-384");
            message.updateDigest(d);
            return d.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-384 is mandatory in every JDK", e);
        }
    }
}
