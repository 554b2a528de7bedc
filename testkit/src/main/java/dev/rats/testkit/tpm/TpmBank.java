package dev.rats.testkit.tpm;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** PCR bank and signature hash algorithms with their TPM_ALG_ID (TCG Algorithm Registry); testkit's own copy. */
public enum TpmBank {
    SHA1(0x0004, "SHA-1", "sha1", 20),
    SHA256(0x000B, "SHA-256", "sha256", 32),
    SHA384(0x000C, "SHA-384", "sha384", 48),
    SHA512(0x000D, "SHA-512", "sha512", 64);

    public final int algorithmId;
    public final String jcaName;
    public final String toolName;
    public final int length;

    TpmBank(int algorithmId, String jcaName, String toolName, int length) {
        this.algorithmId = algorithmId;
        this.jcaName = jcaName;
        this.toolName = toolName;
        this.length = length;
    }

    public byte[] hash(byte[]... parts) {
        try {
            MessageDigest d = MessageDigest.getInstance(jcaName);
            for (byte[] p : parts) {
                d.update(p);
            }
            return d.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
