package dev.rats.testkit.tpm;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a TPMS_ATTEST quote (TPM 2.0 Part 2 §10.12.12; tpm.md §2.1) byte for byte, as a TPM
 * would, with an option per field for negative tests, and signs it with a {@link SimulatedAk}.
 * The pcrDigest is computed with the signature hash over the selected values (tpm.md §2.2).
 */
public final class QuoteBuilder {

    /** How the builder signs. */
    public enum Scheme { DEFAULT, RSAPSS_HASH_SALT, RSAPSS_MAX_SALT, ECDSA_STRIPPED }

    private final SimulatedAk signer;
    private long magic = 0xFF544347L;
    private int type = 0x8018;
    private byte[] qualifiedSigner;
    private byte[] nonce = new byte[0];
    private long clock = 0x41E4;
    private long resetCount = 1;
    private long restartCount;
    private int safe = 1;
    private long firmwareVersion = 0x2019102300163636L;
    private final Map<TpmBank, List<Integer>> selection = new LinkedHashMap<>();
    private PcrBanks pcrs = PcrBanks.reset(TpmBank.SHA256);
    private TpmBank signatureHash = TpmBank.SHA256;
    private Scheme scheme = Scheme.DEFAULT;
    private byte[] pcrDigestOverride;
    private byte[] trailing = new byte[0];

    private QuoteBuilder(SimulatedAk signer) {
        this.signer = signer;
        this.qualifiedSigner = signer.name();
    }

    public static QuoteBuilder signedBy(SimulatedAk signer) {
        return new QuoteBuilder(signer);
    }

    public QuoteBuilder nonce(byte[] value) {
        nonce = value.clone();
        return this;
    }

    /** Adds a bank to the selection, in call order; indices are written as a bitmap. */
    public QuoteBuilder select(TpmBank bank, Integer... indices) {
        selection.put(bank, List.of(indices));
        return this;
    }

    public QuoteBuilder pcrs(PcrBanks values) {
        pcrs = values;
        return this;
    }

    public QuoteBuilder signatureHash(TpmBank hash) {
        signatureHash = hash;
        return this;
    }

    public QuoteBuilder scheme(Scheme value) {
        scheme = value;
        return this;
    }

    public QuoteBuilder magic(long value) {
        magic = value;
        return this;
    }

    public QuoteBuilder type(int value) {
        type = value;
        return this;
    }

    public QuoteBuilder clock(long clockMs, long resets, long restarts, boolean isSafe) {
        clock = clockMs;
        resetCount = resets;
        restartCount = restarts;
        safe = isSafe ? 1 : 0;
        return this;
    }

    public QuoteBuilder firmwareVersion(long value) {
        firmwareVersion = value;
        return this;
    }

    public QuoteBuilder qualifiedSigner(byte[] value) {
        qualifiedSigner = value.clone();
        return this;
    }

    public QuoteBuilder pcrDigest(byte[] value) {
        pcrDigestOverride = value.clone();
        return this;
    }

    /** Bytes appended to the TPMS_ATTEST (and signed). */
    public QuoteBuilder trailing(byte[] value) {
        trailing = value.clone();
        return this;
    }

    /** The selection as configured (bank order preserved). */
    public Map<TpmBank, List<Integer>> selection() {
        return selection;
    }

    public byte[] pcrDigest() {
        ByteArrayOutputStream concatenated = new ByteArrayOutputStream();
        selection.forEach((bank, indices) -> {
            List<Integer> sorted = new ArrayList<>(indices);
            sorted.sort(null);
            sorted.forEach(i -> concatenated.writeBytes(pcrs.get(bank, i)));
        });
        return signatureHash.hash(concatenated.toByteArray());
    }

    public byte[] attest() {
        TpmWriter w = TpmWriter.bigEndian().u32(magic).u16(type).tpm2b(qualifiedSigner).tpm2b(nonce)
                .u64(clock).u32(resetCount).u32(restartCount).u8(safe).u64(firmwareVersion)
                .u32(selection.size());
        selection.forEach((bank, indices) -> {
            byte[] bitmap = new byte[3];
            indices.forEach(i -> bitmap[i / 8] |= (byte) (1 << (i % 8)));
            w.u16(bank.algorithmId).u8(3).bytes(bitmap);
        });
        return w.tpm2b(pcrDigestOverride != null ? pcrDigestOverride : pcrDigest()).bytes(trailing).toByteArray();
    }

    public SimulatedQuote build() {
        byte[] attest = attest();
        byte[] signature = switch (scheme) {
            case DEFAULT -> signer.sign(signatureHash, attest);
            case RSAPSS_HASH_SALT -> signer.signRsaPss(signatureHash, attest, signatureHash.length);
            case RSAPSS_MAX_SALT -> signer.signRsaPss(signatureHash, attest,
                    (((java.security.interfaces.RSAPublicKey) signer.keyPair().getPublic()).getModulus().bitLength() - 1 + 7) / 8
                            - signatureHash.length - 2);
            case ECDSA_STRIPPED -> signer.signEcdsa(signatureHash, attest, true);
        };
        return new SimulatedQuote(attest, signature);
    }
}
