package dev.rats.evidence.tpm;

import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.FailureCode;
import dev.rats.evidence.TpmEvidence;
import dev.rats.evidence.binary.Bytes;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Verifies TPM 2.0 evidence in the order of tpm.md §1: AK trust (step 2), AK attributes (3), then
 * per quote the signature over the bytes received (4; magic and type were checked by the parser,
 * 5), extraData (6), coverage of the signed selection (7) and pcrDigest (8); finally the event log
 * replay against the quoted PCRs (11). Stops at the first failure. Stateless and thread-safe.
 */
public final class TpmVerifier {

    /**
     * spec: TPM 2.0 Part 1 §25.2 / Part 3 TPM2_Quote: an AK must be a restricted signing key that
     * never leaves its TPM and was generated inside it (tpm.md §1 step 3; go-attestation
     * attest/activation.go checkTPM20AttestationParameters).
     */
    static final long AK_ATTRIBUTES = TpmtPublic.RESTRICTED | TpmtPublic.SIGN | TpmtPublic.FIXED_TPM
            | TpmtPublic.FIXED_PARENT | TpmtPublic.SENSITIVE_DATA_ORIGIN;

    public VerifiedTpmEvidence verify(TpmEvidence evidence, TpmVerificationContext ctx) throws EvidenceException {
        if (evidence.quotes().isEmpty()) {
            throw new EvidenceException(FailureCode.TPM_ATTEST_MALFORMED, "the evidence carries no quote");
        }
        AttestationKey ak = evidence.ak();
        AkTrustBasis trust = ctx.akTrust().establish(ak, evidence.akCertificates(), ctx.at());
        checkAkAttributes(ak);

        Map<TpmHashAlgorithm, Map<Integer, Bytes>> verified = new EnumMap<>(TpmHashAlgorithm.class);
        for (TpmQuote quote : evidence.quotes()) {
            verifyQuote(ak, quote, evidence.pcrs(), ctx, verified);
        }
        PcrValues quoted = PcrValues.of(verified);

        Optional<EventLogReplay> replay = Optional.empty();
        if (evidence.eventLog().isPresent()) {
            EventLogReplay r = EventLogReplay.replay(evidence.eventLog().get(), quoted);
            if (ctx.eventLogMismatchFails() && r.anyMismatch()) {
                throw new EvidenceException(FailureCode.TPM_EVENT_LOG_MISMATCH, "replaying the event log does not give "
                        + "the quoted value of " + mismatches(r));
            }
            replay = Optional.of(r);
        }
        List<TpmsAttest> attests = evidence.quotes().stream().map(TpmQuote::attest).toList();
        return new VerifiedTpmEvidence(attests, quoted, ak, trust, replay, ctx.expectedNonce().isPresent(), ctx.at());
    }

    /** tpm.md §1 step 3: only checkable when the attester supplied the TPMT_PUBLIC. */
    private static void checkAkAttributes(AttestationKey ak) throws EvidenceException {
        if (ak.publicArea().isPresent() && !ak.publicArea().get().hasAttributes(AK_ATTRIBUTES)) {
            throw new EvidenceException(FailureCode.TPM_AK_ATTRIBUTES, String.format(
                    "AK objectAttributes 0x%08X lack restricted|sign|fixedTPM|fixedParent|sensitiveDataOrigin (0x%08X)",
                    ak.publicArea().get().objectAttributes(), AK_ATTRIBUTES));
        }
    }

    /**
     * spec: TPM 2.0 Part 3 TPM2_Quote: a key whose public area fixes a scheme signs only with that
     * scheme and hash; a signature naming another one did not come from this key.
     */
    private static void checkSchemeFitsAk(AttestationKey ak, TpmtSignature signature) throws EvidenceException {
        if (ak.publicArea().isEmpty() || ak.publicArea().get().scheme() == TpmtPublic.ALG_NULL) {
            return;
        }
        TpmtPublic area = ak.publicArea().get();
        int signed = switch (signature) {
            case TpmtSignature.Rsa rsa -> rsa.scheme().algorithmId();
            case TpmtSignature.Ecdsa ecdsa -> TpmtSignature.Scheme.ECDSA.algorithmId();
        };
        if (signed != area.scheme() || area.schemeHash().isEmpty() || area.schemeHash().get() != signature.hash()) {
            throw new EvidenceException(FailureCode.TPM_SIGNATURE_SCHEME, String.format(
                    "the signature uses scheme 0x%04X with %s, the AK fixes scheme 0x%04X with %s", signed, signature.hash(),
                    area.scheme(), area.schemeHash().map(Enum::name).orElse("no hash")));
        }
    }

    private static void verifyQuote(AttestationKey ak, TpmQuote quote, PcrValues supplied, TpmVerificationContext ctx,
            Map<TpmHashAlgorithm, Map<Integer, Bytes>> verified) throws EvidenceException {
        TpmtSignature signature = quote.signature();
        TpmsAttest attest = quote.attest();
        // tpm.md §1 step 4: SHA-256/384/512 only unless SHA-1 is explicitly allowed (go-tpm-tools SignatureHashAlgs)
        if (!ctx.signatureHashes().contains(signature.hash())) {
            throw new EvidenceException(FailureCode.TPM_SIGNATURE_HASH,
                    "the signature uses " + signature.hash().jcaName() + ", which the policy does not allow");
        }
        checkSchemeFitsAk(ak, signature);
        // tpm.md §1 step 1 and DESIGN §15 rule 3: the signature covers the TPMS_ATTEST bytes received
        TpmSignatureVerifier.verify(ak, signature, attest.signedBytes());

        // tpm.md §1 step 6: extraData equals the nonce exactly, compared in constant time
        if (ctx.expectedNonce().isPresent() && !ctx.expectedNonce().get().constantTimeEquals(attest.extraData())) {
            throw new EvidenceException(FailureCode.TPM_NONCE_MISMATCH, "the quote's extraData is not the expected nonce");
        }

        // tpm.md §1 steps 7–8, §2.2: the selection comes from the signed quote; pcrDigest = H_sig(values in
        // selection order, indices ascending), H_sig being the signature's hash, not the bank's
        MessageDigest digest = signature.hash().newDigest();
        Map<TpmHashAlgorithm, Map<Integer, Bytes>> covered = new EnumMap<>(TpmHashAlgorithm.class);
        for (PcrSelection.Bank bank : attest.pcrSelection().banks()) {
            for (int index : bank.pcrs()) {
                Bytes value = supplied.get(bank.hash(), index).orElseThrow(() -> new EvidenceException(
                        FailureCode.TPM_PCR_VALUES_MISSING, "the quote selects " + bank.hash().toolName() + " PCR " + index
                                + " but no value was supplied for it"));
                value.updateDigest(digest);
                covered.computeIfAbsent(bank.hash(), h -> new TreeMap<>()).put(index, value);
            }
        }
        if (!Bytes.of(digest.digest()).constantTimeEquals(attest.pcrDigest())) {
            throw new EvidenceException(FailureCode.TPM_PCR_DIGEST_MISMATCH,
                    "the supplied values of the selected PCRs do not hash to the quote's pcrDigest");
        }
        // values of unselected PCRs are never taken over: only what a verified digest covers
        covered.forEach((hash, pcrs) -> verified.computeIfAbsent(hash, h -> new TreeMap<>()).putAll(pcrs));
    }

    private static String mismatches(EventLogReplay r) {
        List<String> out = new ArrayList<>();
        r.status().forEach((hash, pcrs) -> pcrs.forEach((index, status) -> {
            if (status == PcrReplayStatus.MISMATCH) {
                out.add(hash.toolName() + ":" + index);
            }
        }));
        return String.join(", ", out);
    }
}
