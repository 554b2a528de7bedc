package dev.rats.evidence.tpm;

import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.FailureCode;
import dev.rats.evidence.binary.Bytes;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;

/**
 * A TPMT_PUBLIC of an RSA or ECC key (TPM 2.0 Part 2 §12.2.4; tpm.md §2.4), with its unique field
 * converted to a JCA key. {@link #bytes()} are the TPMT_PUBLIC bytes as received, which the
 * object's Name hashes (tpm.md §2.5).
 *
 * @param bytes the TPMT_PUBLIC as received (without a TPM2B size prefix)
 * @param nameAlg the object's name algorithm
 * @param objectAttributes TPMA_OBJECT (Part 2 §8.3)
 * @param authPolicy the TPM2B_DIGEST authPolicy
 * @param symmetricAlgorithm TPMT_SYM_DEF_OBJECT.algorithm (0x0010 TPM_ALG_NULL for signing keys)
 * @param symmetricKeyBits TPMT_SYM_DEF_OBJECT.keyBits, 0 when the algorithm is TPM_ALG_NULL
 * @param symmetricMode TPMT_SYM_DEF_OBJECT.mode, 0 when the algorithm is TPM_ALG_NULL
 * @param scheme the TPMT_{RSA,ECC}_SCHEME algorithm (0x0010 when the key does not fix one)
 * @param schemeHash the scheme's hash, when the scheme names one
 * @param publicKey the key, validated (RSA modulus size, EC point on its curve)
 */
public record TpmtPublic(Bytes bytes, KeyType type, TpmHashAlgorithm nameAlg, long objectAttributes, Bytes authPolicy,
        int symmetricAlgorithm, int symmetricKeyBits, int symmetricMode, int scheme, Optional<TpmHashAlgorithm> schemeHash, PublicKey publicKey) {

    /** spec: TPM 2.0 Part 2 §8.3.2 TPMA_OBJECT bits. */
    public static final long FIXED_TPM = 1L << 1;
    public static final long FIXED_PARENT = 1L << 4;
    public static final long SENSITIVE_DATA_ORIGIN = 1L << 5;
    public static final long USER_WITH_AUTH = 1L << 6;
    public static final long RESTRICTED = 1L << 16;
    public static final long DECRYPT = 1L << 17;
    public static final long SIGN = 1L << 18;

    /** spec: TPM_ALG_NULL. */
    static final int ALG_NULL = 0x0010;
    private static final int ALG_RSAES = 0x0015;
    private static final int ALG_ECDAA = 0x001A;
    /** spec: TPMI_ALG_SYM_OBJECT (+NULL): NULL, AES, SM4, CAMELLIA. */
    private static final java.util.Set<Integer> SYMMETRIC = java.util.Set.of(ALG_NULL, 0x0006, 0x0013, 0x0026);
    /** spec: TPMI_ALG_RSA_SCHEME: RSASSA, RSAES, RSAPSS, OAEP. */
    private static final java.util.Set<Integer> RSA_SCHEMES = java.util.Set.of(0x0014, 0x0015, 0x0016, 0x0017);
    /** spec: TPMI_ALG_ECC_SCHEME: ECDSA, ECDH, ECDAA, SM2, ECSCHNORR, ECMQV. */
    private static final java.util.Set<Integer> ECC_SCHEMES = java.util.Set.of(0x0018, 0x0019, 0x001A, 0x001B, 0x001C, 0x001D);
    /** spec: TPMI_ALG_KDF: MGF1, KDF1_SP800_56A, KDF2, KDF1_SP800_108. */
    private static final java.util.Set<Integer> KDF_SCHEMES = java.util.Set.of(0x0007, 0x0020, 0x0021, 0x0022);
    private static final int MAX_RSA_MODULUS = 512;
    private static final int MAX_ECC_PARAMETER = 66;

    /** spec: TPMI_ALG_PUBLIC values this verifier supports. */
    public enum KeyType {
        RSA(0x0001), ECC(0x0023);

        private final int algorithmId;

        KeyType(int algorithmId) {
            this.algorithmId = algorithmId;
        }

        public int algorithmId() {
            return algorithmId;
        }
    }

    /** spec: TCG Algorithm Registry TPM_ECC_CURVE: the NIST curves. */
    enum Curve {
        P256(0x0003, "secp256r1", 32), P384(0x0004, "secp384r1", 48), P521(0x0005, "secp521r1", 66);

        final int id;
        final String name;
        final int length;

        Curve(int id, String name, int length) {
            this.id = id;
            this.name = name;
            this.length = length;
        }
    }

    public TpmtPublic {
        Objects.requireNonNull(bytes);
        Objects.requireNonNull(type);
        Objects.requireNonNull(nameAlg);
        Objects.requireNonNull(authPolicy);
        Objects.requireNonNull(schemeHash);
        Objects.requireNonNull(publicKey);
    }

    /** Whether every bit of {@code mask} is set in the object attributes. */
    public boolean hasAttributes(long mask) {
        return (objectAttributes & mask) == mask;
    }

    /** spec: Part 1 §16 Names: {@code Name = u16 nameAlg ‖ H_nameAlg(TPMT_PUBLIC)} (tpm.md §2.5; equals {@code tpm2_createak -n}). */
    public Bytes name() {
        byte[] digest = nameAlg.hash(bytes).toByteArray();
        byte[] out = new byte[2 + digest.length];
        out[0] = (byte) (nameAlg.algorithmId() >> 8);
        out[1] = (byte) nameAlg.algorithmId();
        System.arraycopy(digest, 0, out, 2, digest.length);
        return Bytes.of(out);
    }

    /**
     * A TPM2B_PUBLIC (tpm2-tools "tss" files) or a bare TPMT_PUBLIC (go-tpm-tools {@code ak_pub}),
     * told apart by whether the first u16 equals the remaining length (tpm.md §6): a TPMT_PUBLIC
     * starts with its type, 0x0001 or 0x0023, which can never be that length.
     */
    public static TpmtPublic parse(Bytes input) throws EvidenceException {
        if (input.length() >= 2 && (input.unsignedByte(0) << 8 | input.unsignedByte(1)) == input.length() - 2) {
            return parseTpmt(input.slice(2, input.length() - 2));
        }
        return parseTpmt(input);
    }

    /** spec: TPM 2.0 Part 2 §12.2.4 TPMT_PUBLIC, §12.2.3.5 TPMS_RSA_PARMS, §12.2.3.6 TPMS_ECC_PARMS; tpm.md §2.4. */
    public static TpmtPublic parseTpmt(Bytes input) throws EvidenceException {
        TpmBuffer in = new TpmBuffer(input, FailureCode.TPM_PUBLIC_MALFORMED, "TPMT_PUBLIC");
        int typeId = in.u16("type");
        KeyType type = null;
        for (KeyType t : KeyType.values()) {
            if (t.algorithmId == typeId) {
                type = t;
            }
        }
        if (type == null) {
            throw new EvidenceException(FailureCode.TPM_KEY_UNSUPPORTED,
                    String.format("TPMT_PUBLIC type 0x%04X is neither RSA nor ECC", typeId));
        }
        TpmHashAlgorithm nameAlg = TpmHashAlgorithm.require(in.u16("nameAlg"), "TPMT_PUBLIC.nameAlg");
        long attributes = in.u32("objectAttributes");
        Bytes authPolicy = in.tpm2b("authPolicy", TpmsAttest.MAX_DIGEST);
        // TPMT_SYM_DEF_OBJECT: algorithm, then keyBits and mode unless TPM_ALG_NULL
        int symmetric = in.u16("symmetric.algorithm");
        if (!SYMMETRIC.contains(symmetric)) {
            throw in.malformed(String.format("symmetric algorithm 0x%04X is not NULL, AES, SM4 or CAMELLIA", symmetric));
        }
        int symmetricKeyBits = 0;
        int symmetricMode = 0;
        if (symmetric != ALG_NULL) {
            symmetricKeyBits = in.u16("symmetric.keyBits");
            symmetricMode = in.u16("symmetric.mode");
        }
        // TPMT_{RSA,ECC}_SCHEME: scheme, then its details; RSAES has none, ECDAA adds a count
        int scheme = in.u16("scheme");
        if (scheme != ALG_NULL && !(type == KeyType.RSA ? RSA_SCHEMES : ECC_SCHEMES).contains(scheme)) {
            throw in.malformed(String.format("scheme 0x%04X is not a %s scheme", scheme, type));
        }
        Optional<TpmHashAlgorithm> schemeHash = Optional.empty();
        if (scheme != ALG_NULL && scheme != ALG_RSAES) {
            schemeHash = Optional.of(TpmHashAlgorithm.require(in.u16("scheme.hashAlg"), "TPMT_PUBLIC.scheme"));
            if (scheme == ALG_ECDAA) {
                in.u16("scheme.count");
            }
        }
        PublicKey key = type == KeyType.RSA ? rsa(in) : ecc(in);
        in.end();
        return new TpmtPublic(input, type, nameAlg, attributes, authPolicy, symmetric, symmetricKeyBits, symmetricMode, scheme,
                schemeHash, key);
    }

    /** TPMS_RSA_PARMS keyBits ‖ exponent, then TPM2B_PUBLIC_KEY_RSA unique; exponent 0 means 65537. */
    private static PublicKey rsa(TpmBuffer in) throws EvidenceException {
        int keyBits = in.u16("keyBits");
        long exponent = in.u32("exponent");
        Bytes modulus = in.tpm2b("unique.rsa", MAX_RSA_MODULUS);
        if (keyBits != 2048 && keyBits != 3072 && keyBits != 4096) {
            throw new EvidenceException(FailureCode.TPM_KEY_UNSUPPORTED, "RSA keyBits " + keyBits + " (2048, 3072, 4096 supported)");
        }
        if (modulus.length() != keyBits / 8 || (modulus.unsignedByte(0) & 0x80) == 0) {
            throw in.malformed("the RSA modulus is not " + keyBits + " bits");
        }
        BigInteger e = BigInteger.valueOf(exponent == 0 ? 65537 : exponent);
        if (!e.testBit(0) || e.compareTo(BigInteger.valueOf(3)) < 0) {
            throw in.malformed("RSA exponent " + e + " is not an odd number ≥ 3");
        }
        try {
            return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(new BigInteger(1, modulus.toByteArray()), e));
        } catch (GeneralSecurityException ex) {
            throw new EvidenceException(FailureCode.TPM_PUBLIC_MALFORMED, "the RSA key is not valid: " + ex.getMessage(), ex);
        }
    }

    /** TPMS_ECC_PARMS curveID ‖ TPMT_KDF_SCHEME, then TPMS_ECC_POINT unique (x, y as TPM2B). */
    private static PublicKey ecc(TpmBuffer in) throws EvidenceException {
        int curveId = in.u16("curveID");
        int kdf = in.u16("kdf.scheme");
        if (kdf != ALG_NULL && !KDF_SCHEMES.contains(kdf)) {
            throw in.malformed(String.format("KDF scheme 0x%04X is not a TPMI_ALG_KDF", kdf));
        }
        if (kdf != ALG_NULL) {
            in.u16("kdf.hashAlg");
        }
        Bytes x = in.tpm2b("unique.ecc.x", MAX_ECC_PARAMETER);
        Bytes y = in.tpm2b("unique.ecc.y", MAX_ECC_PARAMETER);
        Curve curve = null;
        for (Curve c : Curve.values()) {
            if (c.id == curveId) {
                curve = c;
            }
        }
        if (curve == null) {
            throw new EvidenceException(FailureCode.TPM_KEY_UNSUPPORTED, String.format("ECC curve 0x%04X (P-256, P-384, P-521 supported)", curveId));
        }
        if (x.length() > curve.length || y.length() > curve.length) {
            throw in.malformed("an ECC coordinate is longer than the " + curve.name + " field");
        }
        return ecKey(curve.name, new BigInteger(1, x.toByteArray()), new BigInteger(1, y.toByteArray()));
    }

    /** A JCA key for a point that must lie on the named curve (checked with Bouncy Castle, which the JDK does not). */
    static PublicKey ecKey(String curveName, BigInteger x, BigInteger y) throws EvidenceException {
        X9ECParameters params = CustomNamedCurves.getByName(curveName);
        try {
            if (!params.getCurve().createPoint(x, y).isValid()) {
                throw new EvidenceException(FailureCode.TPM_PUBLIC_MALFORMED, "the ECC point is not on " + curveName);
            }
            AlgorithmParameters ap = AlgorithmParameters.getInstance("EC");
            ap.init(new ECGenParameterSpec(curveName));
            ECParameterSpec spec = ap.getParameterSpec(ECParameterSpec.class);
            return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(x, y), spec));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new EvidenceException(FailureCode.TPM_PUBLIC_MALFORMED, "the ECC point is not valid on " + curveName, e);
        }
    }
}
