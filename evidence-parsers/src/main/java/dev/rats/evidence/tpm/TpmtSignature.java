package dev.rats.evidence.tpm;

import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.FailureCode;
import dev.rats.evidence.binary.Bytes;
import java.util.Objects;

/**
 * A TPMT_SIGNATURE as {@code tpm2_quote -s} writes it (tpm2-tools "tss" format; tpm.md §2.3):
 * {@code u16 sigAlg ‖ u16 hashAlg ‖ TPMU_SIGNATURE}. Only the schemes a quote can carry are modelled.
 */
public sealed interface TpmtSignature permits TpmtSignature.Rsa, TpmtSignature.Ecdsa {

    /** The signature's hash: the message digest and the pcrDigest are computed with it (tpm.md §2.2). */
    TpmHashAlgorithm hash();

    /** The signature schemes of TPM 2.0 Part 2 TPMI_ALG_SIG_SCHEME that verifiers of quotes accept. */
    enum Scheme {
        /** spec: TPM_ALG_RSASSA, RSASSA-PKCS1-v1_5. */
        RSASSA(0x0014),
        /** spec: TPM_ALG_RSAPSS; salt = hash length (libtpms) or the maximum (older TPMs), tpm.md §2.3. */
        RSAPSS(0x0016),
        /** spec: TPM_ALG_ECDSA. */
        ECDSA(0x0018);

        private final int algorithmId;

        Scheme(int algorithmId) {
            this.algorithmId = algorithmId;
        }

        public int algorithmId() {
            return algorithmId;
        }
    }

    /** TPMS_SIGNATURE_RSA: the RSA signature as a big-endian TPM2B_PUBLIC_KEY_RSA. */
    record Rsa(Scheme scheme, TpmHashAlgorithm hash, Bytes signature) implements TpmtSignature {
        public Rsa {
            if (scheme == Scheme.ECDSA) {
                throw new IllegalArgumentException("ECDSA is not an RSA scheme");
            }
            Objects.requireNonNull(hash);
            Objects.requireNonNull(signature);
        }
    }

    /** TPMS_SIGNATURE_ECDSA: r and s as big-endian TPM2B_ECC_PARAMETERs (leading zeros may be stripped). */
    record Ecdsa(TpmHashAlgorithm hash, Bytes r, Bytes s) implements TpmtSignature {
        public Ecdsa {
            Objects.requireNonNull(hash);
            Objects.requireNonNull(r);
            Objects.requireNonNull(s);
        }
    }

    /** spec: TPM2B_PUBLIC_KEY_RSA holds at most MAX_RSA_KEY_BYTES; 512 covers RSA-4096. */
    int MAX_RSA_SIGNATURE = 512;
    /** spec: TPM2B_ECC_PARAMETER holds at most MAX_ECC_KEY_BYTES; 66 covers P-521. */
    int MAX_ECC_PARAMETER = 66;

    static TpmtSignature parse(byte[] input) throws EvidenceException {
        if (input == null) {
            throw new EvidenceException(FailureCode.TPM_SIGNATURE_MALFORMED, "no TPMT_SIGNATURE");
        }
        return parse(Bytes.of(input));
    }

    /** spec: TPM 2.0 Part 2 §11.3.4 TPMT_SIGNATURE, §11.3.1 TPMS_SIGNATURE_RSA, §11.3.2 TPMS_SIGNATURE_ECC; tpm.md §2.3. */
    static TpmtSignature parse(Bytes input) throws EvidenceException {
        TpmBuffer in = new TpmBuffer(input, FailureCode.TPM_SIGNATURE_MALFORMED, "TPMT_SIGNATURE");
        int sigAlg = in.u16("sigAlg");
        Scheme scheme = null;
        for (Scheme s : Scheme.values()) {
            if (s.algorithmId == sigAlg) {
                scheme = s;
            }
        }
        if (scheme == null) {
            throw new EvidenceException(FailureCode.TPM_SIGNATURE_SCHEME,
                    String.format("signature algorithm 0x%04X is not RSASSA, RSAPSS or ECDSA", sigAlg));
        }
        TpmHashAlgorithm hash = TpmHashAlgorithm.require(in.u16("hashAlg"), "the signature");
        TpmtSignature signature;
        if (scheme == Scheme.ECDSA) {
            Bytes r = in.tpm2b("signatureR", MAX_ECC_PARAMETER);
            Bytes s = in.tpm2b("signatureS", MAX_ECC_PARAMETER);
            signature = new Ecdsa(hash, r, s);
        } else {
            signature = new Rsa(scheme, hash, in.tpm2b("sig", MAX_RSA_SIGNATURE));
        }
        in.end();
        return signature;
    }

    /**
     * A bare RSASSA-PKCS1-v1_5 signature, as Azure vTPM evidence carries it instead of a
     * TPMT_SIGNATURE (tpm.md §2.3, §3).
     */
    static TpmtSignature rawRsassa(TpmHashAlgorithm hash, Bytes signature) throws EvidenceException {
        if (signature.length() == 0 || signature.length() > MAX_RSA_SIGNATURE) {
            throw new EvidenceException(FailureCode.TPM_SIGNATURE_MALFORMED,
                    "a raw RSA signature of " + signature.length() + " bytes");
        }
        return new Rsa(Scheme.RSASSA, hash, signature);
    }
}
