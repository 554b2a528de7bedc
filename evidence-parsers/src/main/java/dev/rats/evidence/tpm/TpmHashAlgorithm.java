package dev.rats.evidence.tpm;

import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.FailureCode;
import dev.rats.evidence.binary.Bytes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * The hash algorithms of TPM PCR banks and signatures. spec: TCG Algorithm Registry, TPM_ALG_ID
 * (tpm.md §2.1 "Algorithm IDs").
 */
public enum TpmHashAlgorithm {
    SHA1(0x0004, 20, "SHA-1", "sha1"),
    SHA256(0x000B, 32, "SHA-256", "sha256"),
    SHA384(0x000C, 48, "SHA-384", "sha384"),
    SHA512(0x000D, 64, "SHA-512", "sha512");

    private final int algorithmId;
    private final int digestLength;
    private final String jcaName;
    private final String toolName;

    TpmHashAlgorithm(int algorithmId, int digestLength, String jcaName, String toolName) {
        this.algorithmId = algorithmId;
        this.digestLength = digestLength;
        this.jcaName = jcaName;
        this.toolName = toolName;
    }

    /** The TPM_ALG_ID, e.g. 0x000B for SHA-256. */
    public int algorithmId() {
        return algorithmId;
    }

    public int digestLength() {
        return digestLength;
    }

    /** The JCA name, e.g. {@code SHA-256}. */
    public String jcaName() {
        return jcaName;
    }

    /** The bank name tpm2-tools uses, e.g. {@code sha256}. */
    public String toolName() {
        return toolName;
    }

    public static Optional<TpmHashAlgorithm> fromId(int algorithmId) {
        for (TpmHashAlgorithm h : values()) {
            if (h.algorithmId == algorithmId) {
                return Optional.of(h);
            }
        }
        return Optional.empty();
    }

    public static Optional<TpmHashAlgorithm> fromToolName(String name) {
        for (TpmHashAlgorithm h : values()) {
            if (h.toolName.equals(name)) {
                return Optional.of(h);
            }
        }
        return Optional.empty();
    }

    /** The algorithm with this id, or {@code tpm-hash-algorithm-unsupported}. */
    static TpmHashAlgorithm require(int algorithmId, String where) throws EvidenceException {
        return fromId(algorithmId).orElseThrow(() -> new EvidenceException(FailureCode.TPM_HASH_ALGORITHM_UNSUPPORTED,
                String.format("%s names hash algorithm 0x%04X, not SHA-1/256/384/512", where, algorithmId)));
    }

    public MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance(jcaName);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(jcaName + " is mandatory in every JDK", e);
        }
    }

    public Bytes hash(Bytes data) {
        MessageDigest d = newDigest();
        data.updateDigest(d);
        return Bytes.of(d.digest());
    }
}
