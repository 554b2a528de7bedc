package dev.rats.evidence.tpm;

import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.FailureCode;
import dev.rats.evidence.binary.Bytes;
import java.util.Objects;

/**
 * A TPMS_ATTEST of type quote, exactly as {@code tpm2_quote -m} writes it (no TPM2B prefix), with
 * the bytes received kept for the signature check (DESIGN §15 rule 3). Nothing in it is trusted
 * before {@link TpmVerifier} has verified the signature over {@link #signedBytes()}.
 *
 * @param signedBytes the TPMS_ATTEST as received: the signature covers exactly these bytes
 * @param qualifiedSigner the TPM2B_NAME qualified name of the signing key (tpm.md §2.5)
 * @param extraData the TPM2B_DATA qualifying data: the nonce (≤ 64 bytes)
 * @param firmwareVersion TPM vendor firmware version (obfuscated for owner-hierarchy keys)
 * @param pcrSelection the signed PCR selection: the only source of truth for which PCRs are quoted
 * @param pcrDigest the digest over the selected PCR values, with the signature's hash (tpm.md §2.2)
 */
public record TpmsAttest(Bytes signedBytes, Bytes qualifiedSigner, Bytes extraData, ClockInfo clockInfo,
        long firmwareVersion, PcrSelection pcrSelection, Bytes pcrDigest) {

    /** spec: TPM 2.0 Part 2 §6.2 TPM_GENERATED_VALUE. */
    public static final long TPM_GENERATED_VALUE = 0xFF544347L;
    /** spec: TPM 2.0 Part 2 §6.9 TPM_ST_ATTEST_QUOTE. */
    public static final int TPM_ST_ATTEST_QUOTE = 0x8018;
    /** spec: TPM2B_DATA holds at most sizeof(TPMT_HA) = 2 + 64 bytes; tpm2-tools caps the nonce at 64 (tpm.md §1 step 6). */
    static final int MAX_EXTRA_DATA = 64;
    /** spec: TPM2B_NAME holds at most sizeof(TPMU_NAME) = 2 + 64 bytes (a SHA-512 name). */
    static final int MAX_NAME = 66;
    /** spec: TPM2B_DIGEST holds at most sizeof(TPMU_HA) = 64 bytes. */
    static final int MAX_DIGEST = 64;
    /** A generous bound against inputs built to waste time; a quote over 16 banks is under 300 bytes. */
    static final int MAX_LENGTH = 4096;

    public TpmsAttest {
        Objects.requireNonNull(signedBytes);
        Objects.requireNonNull(qualifiedSigner);
        Objects.requireNonNull(extraData);
        Objects.requireNonNull(clockInfo);
        Objects.requireNonNull(pcrSelection);
        Objects.requireNonNull(pcrDigest);
    }

    public static TpmsAttest parse(byte[] input) throws EvidenceException {
        if (input == null) {
            throw new EvidenceException(FailureCode.TPM_ATTEST_MALFORMED, "no TPMS_ATTEST");
        }
        return parse(Bytes.of(input));
    }

    /** spec: TPM 2.0 Part 2 §10.12.12 TPMS_ATTEST with TPMS_QUOTE_INFO (§10.12.4); tpm.md §2.1. */
    public static TpmsAttest parse(Bytes input) throws EvidenceException {
        if (input.length() > MAX_LENGTH) {
            throw new EvidenceException(FailureCode.TPM_ATTEST_MALFORMED, "TPMS_ATTEST is " + input.length() + " bytes");
        }
        TpmBuffer in = new TpmBuffer(input, FailureCode.TPM_ATTEST_MALFORMED, "TPMS_ATTEST");
        long magic = in.u32("magic");
        if (magic != TPM_GENERATED_VALUE) {
            throw new EvidenceException(FailureCode.TPM_ATTEST_MAGIC,
                    String.format("magic 0x%08X is not TPM_GENERATED_VALUE 0xFF544347", magic));
        }
        int type = in.u16("type");
        if (type != TPM_ST_ATTEST_QUOTE) {
            throw new EvidenceException(FailureCode.TPM_ATTEST_TYPE,
                    String.format("type 0x%04X is not TPM_ST_ATTEST_QUOTE 0x8018", type));
        }
        Bytes qualifiedSigner = in.tpm2b("qualifiedSigner", MAX_NAME);
        Bytes extraData = in.tpm2b("extraData", MAX_EXTRA_DATA);
        // spec: TPMS_CLOCK_INFO = u64 clock ‖ u32 resetCount ‖ u32 restartCount ‖ TPMI_YES_NO safe
        long clock = in.u64("clockInfo.clock");
        long resetCount = in.u32("clockInfo.resetCount");
        long restartCount = in.u32("clockInfo.restartCount");
        int safe = in.u8("clockInfo.safe");
        if (safe > 1) {
            throw in.malformed("clockInfo.safe is " + safe + ", not TPMI_YES_NO (0 or 1)");
        }
        long firmwareVersion = in.u64("firmwareVersion");
        PcrSelection selection = PcrSelection.read(in);
        Bytes pcrDigest = in.tpm2b("pcrDigest", MAX_DIGEST);
        in.end();
        return new TpmsAttest(input, qualifiedSigner, extraData, new ClockInfo(clock, resetCount, restartCount, safe == 1),
                firmwareVersion, selection, pcrDigest);
    }
}
