package dev.rats.app.enrolment;

import dev.rats.app.api.ApiError;
import dev.rats.app.api.ApiException;
import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.binary.Bytes;
import dev.rats.evidence.tpm.TpmtPublic;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;

/**
 * The EK's TPMT_PUBLIC rebuilt from the key of its certificate, for MakeCredential: the TCG default
 * EK template (TCG EK Credential Profile 2.0, low-range template L-1, which {@code tpm2_createek -G
 * rsa} and swtpm_setup use; tpm.md §2.4): RSA-2048, nameAlg SHA-256, attributes 0x000300b2
 * (fixedTPM | fixedParent | sensitiveDataOrigin | adminWithPolicy | restricted | decrypt),
 * authPolicy PolicySecret(endorsement), AES-128-CFB, no scheme, exponent 65537. MakeCredential
 * uses the EK's nameAlg and symmetric definition (TPM 2.0 Part 1 §24.4); were the TPM's EK made
 * from another template, ActivateCredential would fail and the enrolment with it, never succeed wrongly.
 */
final class EkPublicArea {

    private static final int RSA_2048_BYTES = 256;
    private static final BigInteger DEFAULT_EXPONENT = BigInteger.valueOf(65537);
    /** PolicySecret(TPM_RH_ENDORSEMENT) with SHA-256, the default EK policy (tpm.md §2.4). */
    private static final String EK_AUTH_POLICY = "837197674484b3f81a90cc8d46a5d724fd52d76e06520b64f2a1da1b331469aa";

    private EkPublicArea() {
    }

    /** The RSA EK's public area; ECC EKs and other RSA sizes are refused with {@code ek-key-unsupported}. */
    static TpmtPublic fromCertificateKey(PublicKey key) {
        // tpm.md §4.3: MakeCredential is implemented for RSA EKs only (ECC needs the KDFe seed)
        if (!(key instanceof RSAPublicKey rsa)) {
            throw new ApiException(ApiError.EK_KEY_UNSUPPORTED,
                    "the EK certificate's key is " + key.getAlgorithm() + "; credential activation supports RSA-2048 EKs only");
        }
        if (rsa.getModulus().bitLength() != 8 * RSA_2048_BYTES || !rsa.getPublicExponent().equals(DEFAULT_EXPONENT)) {
            throw new ApiException(ApiError.EK_KEY_UNSUPPORTED, "the EK is RSA-" + rsa.getModulus().bitLength()
                    + " with exponent " + rsa.getPublicExponent() + "; the default EK template (RSA-2048, 65537) is supported");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        u16(out, 0x0001);                                     // type TPM_ALG_RSA
        u16(out, 0x000B);                                     // nameAlg TPM_ALG_SHA256
        u32(out, 0x000300B2L);                                // objectAttributes
        u16(out, 32);
        out.writeBytes(Bytes.fromHex(EK_AUTH_POLICY).toByteArray());
        u16(out, 0x0006);                                     // symmetric TPM_ALG_AES
        u16(out, 128);                                        // keyBits
        u16(out, 0x0043);                                     // mode TPM_ALG_CFB
        u16(out, 0x0010);                                     // scheme TPM_ALG_NULL
        u16(out, 2048);                                       // keyBits
        u32(out, 0);                                          // exponent 0 = 65537
        byte[] modulus = unsigned(rsa.getModulus());
        u16(out, modulus.length);
        out.writeBytes(modulus);
        try {
            return TpmtPublic.parseTpmt(Bytes.of(out.toByteArray()));
        } catch (EvidenceException e) {
            throw new ApiException(ApiError.EK_KEY_UNSUPPORTED, "the EK certificate's key is not a usable RSA EK");
        }
    }

    private static byte[] unsigned(BigInteger n) {
        byte[] b = n.toByteArray();
        if (b.length == RSA_2048_BYTES + 1 && b[0] == 0) {
            byte[] t = new byte[RSA_2048_BYTES];
            System.arraycopy(b, 1, t, 0, RSA_2048_BYTES);
            return t;
        }
        return b;
    }

    private static void u16(ByteArrayOutputStream out, int v) {
        out.write(v >>> 8);
        out.write(v);
    }

    private static void u32(ByteArrayOutputStream out, long v) {
        out.write((int) (v >>> 24));
        out.write((int) (v >>> 16));
        out.write((int) (v >>> 8));
        out.write((int) v);
    }
}
