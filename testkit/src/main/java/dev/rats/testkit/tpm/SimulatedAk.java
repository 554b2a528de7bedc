package dev.rats.testkit.tpm;

import dev.rats.testkit.Keys;
import dev.rats.testkit.Pem;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Arrays;

/**
 * A throwaway attestation key with the public area {@code tpm2_createak} would give it (tpm.md §2.4):
 * RSA with RSASSA/SHA-256 or ECC with ECDSA/SHA-256, attributes 0x00050072 unless changed.
 */
public final class SimulatedAk {

    /** fixedTPM | fixedParent | sensitiveDataOrigin | userWithAuth | restricted | sign (tpm.md §2.4). */
    public static final long AK_ATTRIBUTES = 0x00050072L;

    /** TPM_ALG_NULL: a key that fixes no scheme. */
    public static final int SCHEME_NULL = 0x0010;
    public static final int SCHEME_RSASSA = 0x0014;
    public static final int SCHEME_RSAPSS = 0x0016;
    public static final int SCHEME_ECDSA = 0x0018;

    private final KeyPair keyPair;
    private final long attributes;
    private final int scheme;
    private final TpmBank schemeHash;

    private SimulatedAk(KeyPair keyPair, long attributes, int scheme, TpmBank schemeHash) {
        this.keyPair = keyPair;
        this.attributes = attributes;
        this.scheme = scheme;
        this.schemeHash = schemeHash;
    }

    /** RSA with RSASSA/SHA-256 in its public area. */
    public static SimulatedAk rsa(int bits) {
        return new SimulatedAk(Keys.rsa(bits), AK_ATTRIBUTES, SCHEME_RSASSA, TpmBank.SHA256);
    }

    /** {@code secp256r1} or {@code secp384r1}, with ECDSA/SHA-256 in its public area. */
    public static SimulatedAk ecc(String curve) {
        return new SimulatedAk(Keys.ec(curve), AK_ATTRIBUTES, SCHEME_ECDSA, TpmBank.SHA256);
    }

    public SimulatedAk withAttributes(long objectAttributes) {
        return new SimulatedAk(keyPair, objectAttributes, scheme, schemeHash);
    }

    /** The same key with another scheme and hash in its public area ({@link #SCHEME_NULL}: none). */
    public SimulatedAk withScheme(int schemeId, TpmBank hash) {
        return new SimulatedAk(keyPair, attributes, schemeId, hash);
    }

    public KeyPair keyPair() {
        return keyPair;
    }

    public boolean isRsa() {
        return keyPair.getPublic() instanceof RSAPublicKey;
    }

    /** TPMT_PUBLIC (spec: TPM 2.0 Part 2 §12.2.4), without size prefix, as go-tpm-tools' {@code ak_pub}. */
    public byte[] tpmtPublic() {
        TpmWriter w = TpmWriter.bigEndian();
        if (keyPair.getPublic() instanceof RSAPublicKey rsa) {
            int bits = rsa.getModulus().bitLength();
            long e = rsa.getPublicExponent().longValueExact();
            w.u16(0x0001).u16(0x000B).u32(attributes).tpm2b(new byte[0])
                    .u16(0x0010);
            scheme(w);
            w.u16(bits).u32(e == 65537 ? 0 : e)
                    .tpm2b(unsigned(rsa.getModulus(), bits / 8));
        } else {
            ECPublicKey ec = (ECPublicKey) keyPair.getPublic();
            int size = (ec.getParams().getCurve().getField().getFieldSize() + 7) / 8;
            int curve = size == 32 ? 0x0003 : size == 48 ? 0x0004 : 0x0005;
            w.u16(0x0023).u16(0x000B).u32(attributes).tpm2b(new byte[0])
                    .u16(0x0010);
            scheme(w);
            w.u16(curve).u16(0x0010)
                    .tpm2b(unsigned(ec.getW().getAffineX(), size)).tpm2b(unsigned(ec.getW().getAffineY(), size));
        }
        return w.toByteArray();
    }

    private void scheme(TpmWriter w) {
        w.u16(scheme);
        if (scheme != SCHEME_NULL) {
            w.u16(schemeHash.algorithmId);
        }
    }

    /** TPM2B_PUBLIC: the TPMT_PUBLIC with its u16 size, as {@code tpm2_createak -u} writes. */
    public byte[] tpm2bPublic() {
        return TpmWriter.bigEndian().tpm2b(tpmtPublic()).toByteArray();
    }

    public byte[] spkiDer() {
        return keyPair.getPublic().getEncoded();
    }

    public String spkiPem() {
        return Pem.encode("PUBLIC KEY", spkiDer());
    }

    /** Name = u16 nameAlg (SHA-256) ‖ SHA-256(TPMT_PUBLIC) (tpm.md §2.5). */
    public byte[] name() {
        return TpmWriter.bigEndian().u16(0x000B).bytes(TpmBank.SHA256.hash(tpmtPublic())).toByteArray();
    }

    /** TPMT_SIGNATURE RSASSA (0x0014) over {@code message}. */
    public byte[] signRsassa(TpmBank hash, byte[] message) {
        byte[] sig = sign(hash.jcaName.replace("-", "") + "withRSA", null, message);
        return TpmWriter.bigEndian().u16(0x0014).u16(hash.algorithmId).tpm2b(sig).toByteArray();
    }

    /** TPMT_SIGNATURE RSAPSS (0x0016) with the given salt length. */
    public byte[] signRsaPss(TpmBank hash, byte[] message, int saltLength) {
        PSSParameterSpec spec = new PSSParameterSpec(hash.jcaName, "MGF1", new MGF1ParameterSpec(hash.jcaName), saltLength, 1);
        byte[] sig = sign("RSASSA-PSS", spec, message);
        return TpmWriter.bigEndian().u16(0x0016).u16(hash.algorithmId).tpm2b(sig).toByteArray();
    }

    /** TPMT_SIGNATURE ECDSA (0x0018); {@code stripLeadingZeros} mimics TPMs that shorten r and s. */
    public byte[] signEcdsa(TpmBank hash, byte[] message, boolean stripLeadingZeros) {
        byte[] p1363 = sign(hash.jcaName.replace("-", "") + "withECDSAinP1363Format", null, message);
        byte[] r = Arrays.copyOfRange(p1363, 0, p1363.length / 2);
        byte[] s = Arrays.copyOfRange(p1363, p1363.length / 2, p1363.length);
        if (stripLeadingZeros) {
            r = unsigned(new BigInteger(1, r), 0);
            s = unsigned(new BigInteger(1, s), 0);
        }
        return TpmWriter.bigEndian().u16(0x0018).u16(hash.algorithmId).tpm2b(r).tpm2b(s).toByteArray();
    }

    /** The scheme {@code tpm2_quote} would use for this key: RSASSA or ECDSA. */
    public byte[] sign(TpmBank hash, byte[] message) {
        return isRsa() ? signRsassa(hash, message) : signEcdsa(hash, message, false);
    }

    private byte[] sign(String algorithm, PSSParameterSpec spec, byte[] message) {
        try {
            Signature s = Signature.getInstance(algorithm);
            if (spec != null) {
                s.setParameter(spec);
            }
            s.initSign(keyPair.getPrivate());
            s.update(message);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Big-endian magnitude, left-padded to {@code length} (0: minimal length). */
    static byte[] unsigned(BigInteger v, int length) {
        byte[] raw = v.toByteArray();
        int start = raw.length > 1 && raw[0] == 0 ? 1 : 0;
        int n = raw.length - start;
        int size = Math.max(length, n);
        byte[] out = new byte[size];
        System.arraycopy(raw, start, out, size - n, n);
        return out;
    }
}
