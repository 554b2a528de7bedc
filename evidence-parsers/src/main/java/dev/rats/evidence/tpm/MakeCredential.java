package dev.rats.evidence.tpm;

import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.FailureCode;
import dev.rats.evidence.binary.Bytes;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;

/**
 * The verifier side of TPM2_MakeCredential for an RSA EK (TPM 2.0 Part 1 §24 "Credential
 * Protection", Part 3 TPM2_MakeCredential; tpm.md §4.3, keylime {@code tpm_util.makecredential}):
 * a credential only the TPM that holds both the EK and the AK with the given Name can recover
 * with TPM2_ActivateCredential. ECC EKs need the ECDH seed (KDFe) and are not supported yet.
 */
public final class MakeCredential {

    /** spec: Part 1 §24.4: the secret is a TPM2B_DIGEST. */
    static final int MAX_SECRET = 64;
    private static final int ALG_AES = 0x0006;
    private static final int MODE_CFB = 0x0043;
    /** tpm2-tools credential file header (tpm.md §2.8). */
    private static final long FILE_MAGIC = 0xBADCC0DEL;

    private MakeCredential() {
    }

    /**
     * The credential blob.
     *
     * @param idObject TPM2B_ID_OBJECT: {@code u16 size ‖ TPM2B_DIGEST integrityHMAC ‖ encIdentity}
     * @param encryptedSecret TPM2B_ENCRYPTED_SECRET: {@code u16 size ‖ RSA-OAEP(seed)}
     */
    public record Credential(Bytes idObject, Bytes encryptedSecret) {

        /** The file {@code tpm2_makecredential -o} writes: {@code u32 0xBADCC0DE ‖ u32 1 ‖ idObject ‖ encryptedSecret} (tpm.md §2.8). */
        public Bytes toTpm2ToolsFile() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            u32(out, FILE_MAGIC);
            u32(out, 1);
            out.writeBytes(idObject.toByteArray());
            out.writeBytes(encryptedSecret.toByteArray());
            return Bytes.of(out.toByteArray());
        }
    }

    /**
     * Makes a credential carrying {@code secret} for the AK named {@code akName} (its Name, tpm.md
     * §2.5), encrypted to the EK's public area.
     */
    public static Credential make(TpmtPublic ek, Bytes akName, Bytes secret, SecureRandom random) throws EvidenceException {
        if (ek.type() != TpmtPublic.KeyType.RSA || !(ek.publicKey() instanceof RSAPublicKey rsa)) {
            throw new EvidenceException(FailureCode.TPM_CREDENTIAL_KEY, "only RSA EKs are supported (ECC needs KDFe)");
        }
        // spec: Part 1 §24.1: the EK is a restricted decryption (storage) key with an AES-CFB symmetric definition
        if (!ek.hasAttributes(TpmtPublic.RESTRICTED | TpmtPublic.DECRYPT) || ek.symmetricAlgorithm() != ALG_AES
                || ek.symmetricMode() != MODE_CFB || ek.symmetricKeyBits() % 64 != 0 || ek.symmetricKeyBits() == 0) {
            throw new EvidenceException(FailureCode.TPM_CREDENTIAL_KEY,
                    "the EK is not a restricted decryption key with an AES-CFB symmetric definition");
        }
        if (secret.length() == 0 || secret.length() > MAX_SECRET) {
            throw new IllegalArgumentException("the secret is 1 to 64 bytes");
        }
        TpmHashAlgorithm nameAlg = ek.nameAlg();
        try {
            // spec: Part 1 §24.4 / Annex B.10.3: seed of the nameAlg's size, RSA-OAEP with label "IDENTITY\0"
            byte[] seed = new byte[nameAlg.digestLength()];
            random.nextBytes(seed);
            Cipher oaep = Cipher.getInstance("RSA/ECB/OAEPPadding");
            oaep.init(Cipher.ENCRYPT_MODE, rsa, new OAEPParameterSpec(nameAlg.jcaName(), "MGF1",
                    new MGF1ParameterSpec(nameAlg.jcaName()), new PSource.PSpecified("IDENTITY\0".getBytes(StandardCharsets.US_ASCII))), random);
            byte[] encSecret = oaep.doFinal(seed);

            // spec: Part 1 §24.4: symKey = KDFa(nameAlg, seed, "STORAGE", Name(AK), ∅, symmetric keyBits)
            byte[] symKey = kdfa(nameAlg, seed, "STORAGE", akName.toByteArray(), new byte[0], ek.symmetricKeyBits());
            // encIdentity = CFB(symKey, IV = 0, TPM2B_DIGEST secret)
            Cipher cfb = Cipher.getInstance("AES/CFB/NoPadding");
            cfb.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(symKey, "AES"), new IvParameterSpec(new byte[16]));
            byte[] encIdentity = cfb.doFinal(tpm2b(secret.toByteArray()));

            // spec: Part 1 §24.5: HMACkey = KDFa(nameAlg, seed, "INTEGRITY", ∅, ∅, digest bits);
            // outerHMAC = HMAC(HMACkey, encIdentity ‖ Name(AK))
            byte[] hmacKey = kdfa(nameAlg, seed, "INTEGRITY", new byte[0], new byte[0], 8 * nameAlg.digestLength());
            Mac hmac = Mac.getInstance(hmacName(nameAlg));
            hmac.init(new SecretKeySpec(hmacKey, hmac.getAlgorithm()));
            hmac.update(encIdentity);
            hmac.update(akName.toByteArray());
            byte[] integrity = hmac.doFinal();

            ByteArrayOutputStream idObject = new ByteArrayOutputStream();
            idObject.writeBytes(tpm2b(integrity));
            idObject.writeBytes(encIdentity);
            return new Credential(Bytes.of(tpm2b(idObject.toByteArray())), Bytes.of(tpm2b(encSecret)));
        } catch (GeneralSecurityException e) {
            throw new EvidenceException(FailureCode.INTERNAL_ERROR, "MakeCredential failed: " + e.getMessage(), e);
        }
    }

    /**
     * spec: TPM 2.0 Part 1 §11.4.10.2 KDFa, SP 800-108 counter mode with HMAC:
     * {@code K(i) = HMAC(key, u32 i ‖ label ‖ 0x00 ‖ contextU ‖ contextV ‖ u32 bits)}, truncated to {@code bits}.
     */
    static byte[] kdfa(TpmHashAlgorithm hash, byte[] key, String label, byte[] contextU, byte[] contextV, int bits)
            throws GeneralSecurityException {
        Mac mac = Mac.getInstance(hmacName(hash));
        mac.init(new SecretKeySpec(key, mac.getAlgorithm()));
        byte[] out = new byte[(bits + 7) / 8];
        int filled = 0;
        for (int counter = 1; filled < out.length; counter++) {
            mac.update(be32(counter));
            mac.update(label.getBytes(StandardCharsets.US_ASCII));
            mac.update((byte) 0);
            mac.update(contextU);
            mac.update(contextV);
            mac.update(be32(bits));
            byte[] block = mac.doFinal();
            int n = Math.min(block.length, out.length - filled);
            System.arraycopy(block, 0, out, filled, n);
            filled += n;
        }
        return out;
    }

    private static String hmacName(TpmHashAlgorithm hash) {
        return "Hmac" + hash.jcaName().replace("-", "");
    }

    private static byte[] be32(int v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    private static byte[] tpm2b(byte[] b) {
        byte[] out = new byte[2 + b.length];
        out[0] = (byte) (b.length >>> 8);
        out[1] = (byte) b.length;
        System.arraycopy(b, 0, out, 2, b.length);
        return out;
    }

    private static void u32(ByteArrayOutputStream out, long v) {
        out.write((int) (v >>> 24));
        out.write((int) (v >>> 16));
        out.write((int) (v >>> 8));
        out.write((int) v);
    }
}
