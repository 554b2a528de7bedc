package dev.rats.evidence.tpm;

import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.FailureCode;
import dev.rats.evidence.binary.Bytes;
import dev.rats.evidence.cache.VerificationCache;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;

/**
 * Verifies a TPMT_SIGNATURE over the bytes received with the hash the signature names (tpm.md §1
 * step 4, §2.3). TPM signature encodings are converted here and nowhere else (DESIGN §15 rule 4):
 * RSASSA-PKCS1-v1_5 and RSA-PSS through the JDK; ECDSA through Bouncy Castle's lightweight API,
 * which is an order of magnitude faster than SunEC for P-256/P-384 (tpm.md §7.4).
 */
final class TpmSignatureVerifier {

    /**
     * Decoded Bouncy Castle keys by the AK's SubjectPublicKeyInfo DER: Bouncy Castle keeps its
     * precomputed multiples on the key's point, so a key kept across requests verifies 2-2.5 times
     * faster than one rebuilt per quote (BENCHMARKS.md, TPM section). Decoding is deterministic, and
     * only keys that decoded to a valid point are kept.
     */
    private static final VerificationCache<Bytes, ECPublicKeyParameters> EC_KEYS = new VerificationCache<>(4096);

    private TpmSignatureVerifier() {
    }

    static void verify(AttestationKey ak, TpmtSignature signature, Bytes message) throws EvidenceException {
        switch (signature) {
            case TpmtSignature.Rsa rsa -> verifyRsa(ak.publicKey(), rsa, message);
            case TpmtSignature.Ecdsa ecdsa -> verifyEcdsa(ak, ecdsa, message);
        }
    }

    private static void verifyRsa(PublicKey key, TpmtSignature.Rsa signature, Bytes message) throws EvidenceException {
        if (!(key instanceof RSAPublicKey rsa)) {
            throw new EvidenceException(FailureCode.TPM_SIGNATURE_SCHEME, signature.scheme() + " signature from a non-RSA AK");
        }
        int modulusBytes = (rsa.getModulus().bitLength() + 7) / 8;
        if (signature.signature().length() != modulusBytes) {
            throw new EvidenceException(FailureCode.TPM_QUOTE_SIGNATURE,
                    "the RSA signature is " + signature.signature().length() + " bytes, the modulus " + modulusBytes);
        }
        String hash = signature.hash().jcaName();
        boolean valid;
        if (signature.scheme() == TpmtSignature.Scheme.RSASSA) {
            valid = verifyJca(hash.replace("-", "") + "withRSA", null, key, signature.signature(), message);
        } else {
            // tpm.md §2.3: libtpms salts with the hash length; older TPMs and TCG Part 1 B.7 use the maximum
            int hLen = signature.hash().digestLength();
            int emLen = (rsa.getModulus().bitLength() - 1 + 7) / 8;
            valid = verifyJca("RSASSA-PSS", pss(hash, hLen), key, signature.signature(), message)
                    || emLen - hLen - 2 > hLen
                            && verifyJca("RSASSA-PSS", pss(hash, emLen - hLen - 2), key, signature.signature(), message);
        }
        if (!valid) {
            throw new EvidenceException(FailureCode.TPM_QUOTE_SIGNATURE, signature.scheme() + "-" + hash + " signature does not verify");
        }
    }

    private static PSSParameterSpec pss(String hash, int saltLength) {
        return new PSSParameterSpec(hash, "MGF1", new MGF1ParameterSpec(hash), saltLength, PSSParameterSpec.TRAILER_FIELD_BC);
    }

    private static boolean verifyJca(String algorithm, PSSParameterSpec params, PublicKey key, Bytes signature, Bytes message)
            throws EvidenceException {
        try {
            Signature verifier = Signature.getInstance(algorithm);
            if (params != null) {
                verifier.setParameter(params);
            }
            verifier.initVerify(key);
            verifier.update(message.toByteArray());
            return verifier.verify(signature.toByteArray());
        } catch (java.security.SignatureException e) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new EvidenceException(FailureCode.INTERNAL_ERROR, algorithm + " is not available: " + e.getMessage(), e);
        }
    }

    /** spec: TPMS_SIGNATURE_ECDSA r, s big-endian, leading zeros possibly stripped (tpm.md §2.3). */
    private static void verifyEcdsa(AttestationKey ak, TpmtSignature.Ecdsa signature, Bytes message) throws EvidenceException {
        if (!(ak.publicKey() instanceof ECPublicKey ec)) {
            throw new EvidenceException(FailureCode.TPM_SIGNATURE_SCHEME, "ECDSA signature from a non-EC AK");
        }
        String curve = switch (ec.getParams().getCurve().getField().getFieldSize()) {
            case 256 -> "secp256r1";
            case 384 -> "secp384r1";
            default -> "secp521r1";
        };
        X9ECParameters params = CustomNamedCurves.getByName(curve);
        int fieldBytes = (params.getCurve().getFieldSize() + 7) / 8;
        if (signature.r().length() > fieldBytes || signature.s().length() > fieldBytes) {
            throw new EvidenceException(FailureCode.TPM_QUOTE_SIGNATURE, "ECDSA r or s is longer than the " + curve + " order");
        }
        ECPublicKeyParameters bcKey = EC_KEYS.get(ak.spki(), () -> {
            try {
                var q = params.getCurve().createPoint(ec.getW().getAffineX(), ec.getW().getAffineY());
                return new ECPublicKeyParameters(q, new ECDomainParameters(params.getCurve(), params.getG(), params.getN(),
                        params.getH()));
            } catch (RuntimeException e) {
                throw new EvidenceException(FailureCode.TPM_PUBLIC_MALFORMED, "the AK is not a valid point on " + curve, e);
            }
        });
        ECDSASigner signer = new ECDSASigner();
        signer.init(false, bcKey);
        byte[] digest = signature.hash().hash(message).toByteArray();
        // ECDSASigner rejects r, s outside [1, n-1] and truncates the digest to the order's bit length (SEC 1 §4.1.4)
        if (!signer.verifySignature(digest, new BigInteger(1, signature.r().toByteArray()), new BigInteger(1, signature.s().toByteArray()))) {
            throw new EvidenceException(FailureCode.TPM_QUOTE_SIGNATURE, "ECDSA-" + signature.hash().jcaName() + " signature does not verify");
        }
    }
}
