package dev.rats.evidence.sig;

import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.FailureCode;
import dev.rats.evidence.binary.Bytes;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.math.ec.ECPoint;

/**
 * ECDSA P-256 with SHA-256 through Bouncy Castle's lightweight API on its specialised secp256r1
 * arithmetic (tdx.md §5 implementation notes: SunEC P-256 verification is an order of magnitude
 * slower than Bouncy Castle). Intel DCAP encodes signatures as raw big-endian {@code r‖s} and
 * attestation keys as raw {@code x‖y}, 32 bytes each (tdx.md §1.4, conventions); they are converted
 * here and nowhere else (DESIGN §15 rule 4). One instance holds one public key; keep it to reuse
 * the point precomputation Bouncy Castle attaches to the key's point.
 */
public final class EcdsaP256Verifier {

    /** The length of a P-256 coordinate or signature component, in bytes. */
    public static final int COMPONENT_LENGTH = 32;
    /** The length of a raw {@code r‖s} signature or {@code x‖y} public key. */
    public static final int RAW_LENGTH = 2 * COMPONENT_LENGTH;

    /** Bouncy Castle's specialised secp256r1 arithmetic, several times faster than its generic curve. */
    private static final X9ECParameters P256 = CustomNamedCurves.getByName("secp256r1");
    private static final ECDomainParameters DOMAIN =
            new ECDomainParameters(P256.getCurve(), P256.getG(), P256.getN(), P256.getH());

    private final ECPublicKeyParameters key;

    private EcdsaP256Verifier(ECPublicKeyParameters key) {
        this.key = key;
    }

    /** A JCA key, which must be on secp256r1; otherwise fails with {@code onInvalidKey}. */
    public static EcdsaP256Verifier of(PublicKey publicKey, FailureCode onInvalidKey) throws EvidenceException {
        if (!(publicKey instanceof ECPublicKey ec) || ec.getParams().getCurve().getField().getFieldSize() != 256
                || !ec.getParams().getOrder().equals(P256.getN())
                || !ec.getParams().getCurve().getA().equals(P256.getCurve().getA().toBigInteger())
                || !ec.getParams().getCurve().getB().equals(P256.getCurve().getB().toBigInteger())) {
            throw new EvidenceException(onInvalidKey, "the key is not an EC P-256 key");
        }
        return point(ec.getW().getAffineX(), ec.getW().getAffineY(), onInvalidKey);
    }

    /**
     * A raw public key: the big-endian affine coordinates {@code x‖y}, 64 bytes, without the 0x04
     * prefix of SEC 1 (Intel {@code sgx_ecdsa_sig_data_v4_t.attest_pub_key}, tdx.md §1.4). A point
     * that is not on the curve fails with {@code onInvalidKey}.
     */
    public static EcdsaP256Verifier fromRawXy(Bytes xy, FailureCode onInvalidKey) throws EvidenceException {
        if (xy.length() != RAW_LENGTH) {
            throw new EvidenceException(onInvalidKey, "a raw P-256 public key is 64 bytes, got " + xy.length());
        }
        byte[] raw = xy.toByteArray();
        BigInteger x = new BigInteger(1, raw, 0, COMPONENT_LENGTH);
        BigInteger y = new BigInteger(1, raw, COMPONENT_LENGTH, COMPONENT_LENGTH);
        return point(x, y, onInvalidKey);
    }

    private static EcdsaP256Verifier point(BigInteger x, BigInteger y, FailureCode onInvalidKey) throws EvidenceException {
        try {
            // createPoint rejects coordinates >= p; ECPublicKeyParameters rejects points off the curve and infinity
            ECPoint q = P256.getCurve().createPoint(x, y);
            return new EcdsaP256Verifier(new ECPublicKeyParameters(q, DOMAIN));
        } catch (RuntimeException e) {
            throw new EvidenceException(onInvalidKey, "the P-256 public key is not a valid point", e);
        }
    }

    /**
     * Verifies a raw signature: {@code r‖s}, 64 bytes, big-endian (Intel DCAP quote, QE report
     * and collateral signatures, tdx.md §1.4 and §3.2).
     */
    public void verifyRaw(Bytes message, Bytes rs, FailureCode onFailure) throws EvidenceException {
        if (rs.length() != RAW_LENGTH) {
            throw new EvidenceException(onFailure, "a raw P-256 signature is 64 bytes, got " + rs.length());
        }
        byte[] raw = rs.toByteArray();
        verify(message, new BigInteger(1, raw, 0, COMPONENT_LENGTH), new BigInteger(1, raw, COMPONENT_LENGTH, COMPONENT_LENGTH),
                onFailure);
    }

    /** Verifies (r, s) over SHA-256(message); r and s outside [1, n-1] never verify. */
    public void verify(Bytes message, BigInteger r, BigInteger s, FailureCode onFailure) throws EvidenceException {
        ECDSASigner signer = new ECDSASigner();
        signer.init(false, key);
        if (!signer.verifySignature(sha256(message), r, s)) {
            throw new EvidenceException(onFailure, "ECDSA P-256 signature does not verify");
        }
    }

    /** The key's affine coordinates {@code x‖y}, 64 bytes big-endian. */
    public Bytes rawXy() {
        ECPoint q = key.getQ().normalize();
        byte[] out = new byte[RAW_LENGTH];
        byte[] x = q.getAffineXCoord().getEncoded();
        byte[] y = q.getAffineYCoord().getEncoded();
        System.arraycopy(x, 0, out, 0, COMPONENT_LENGTH);
        System.arraycopy(y, 0, out, COMPONENT_LENGTH, COMPONENT_LENGTH);
        return Bytes.of(out);
    }

    private static byte[] sha256(Bytes message) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            message.updateDigest(d);
            return d.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is mandatory in every JDK", e);
        }
    }
}
