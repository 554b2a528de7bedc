package dev.rats.policy.pipeline;

import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.FailureCode;
import dev.rats.evidence.TpmEvidence;
import dev.rats.evidence.binary.Bytes;
import dev.rats.evidence.tpm.AkClockHistory;
import dev.rats.evidence.tpm.AkTrust;
import dev.rats.evidence.tpm.AttestationKey;
import dev.rats.evidence.tpm.PcrValues;
import dev.rats.evidence.tpm.TcgEventLog;
import dev.rats.evidence.tpm.TpmHashAlgorithm;
import dev.rats.evidence.tpm.TpmQuote;
import dev.rats.evidence.tpm.TpmVerificationContext;
import dev.rats.evidence.tpm.TpmVerifier;
import dev.rats.evidence.tpm.VerifiedTpmEvidence;
import dev.rats.evidence.x509.CertificateDecoder;
import dev.rats.policy.Appraisal;
import dev.rats.policy.tpm.TpmAppraiser;
import dev.rats.policy.tpm.TpmPolicyRules;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The TPM 2.0 steps of the pipeline (tpm.md §1): parse every input strictly; verify AK trust by the
 * policy's one mechanism, AK attributes, each quote's signature, extraData, coverage and pcrDigest,
 * and the event-log replay; appraise. Thread-safe.
 */
final class TpmPipeline {

    /** More quotes than banks a TPM has would only be a way to make the verifier work. */
    static final int MAX_QUOTES = 8;

    private final TpmVerifier verifier = new TpmVerifier();
    private final TpmAppraiser appraiser = new TpmAppraiser();
    private final AkTrust enrolledAks;
    private final AkClockHistory clockHistory;

    /**
     * @param enrolledAks the AKs enrolled by credential activation, for policies that trust those
     * @param clockHistory where the clock of enrolled AKs is recorded
     */
    TpmPipeline(AkTrust enrolledAks, AkClockHistory clockHistory) {
        this.enrolledAks = enrolledAks;
        this.clockHistory = clockHistory;
    }

    Appraisal verify(TpmRequest request, Instant at) {
        TpmPolicyRules policy = request.policy();
        VerifiedTpmEvidence verified;
        try {
            TpmEvidence evidence = parse(request);
            AkTrust trust = policy.configuredAkTrust().orElse(enrolledAks);
            TpmVerificationContext ctx = request.expectedExtraData().isPresent()
                    ? TpmVerificationContext.of(at, trust, request.expectedExtraData().get())
                    : TpmVerificationContext.of(at, trust, Bytes.empty()).withoutNonce();
            if (policy.source().allowSha1Signatures()) {
                ctx = ctx.allowingSha1Signatures();
            }
            if (!policy.rejectEventLogMismatch()) {
                ctx = ctx.reportingEventLogMismatches();
            }
            verified = verifier.verify(evidence, ctx);
        } catch (EvidenceException e) {
            return Rejection.of(TpmEvidence.PLATFORM, policy.source().id(), e);
        }
        return appraiser.appraise(verified, new TpmAppraiser.Request(policy, request.referenceValues(), clockHistory));
    }

    /** Step one: strict parsing of every input. */
    static TpmEvidence parse(TpmRequest request) throws EvidenceException {
        if (request.quotes().isEmpty() || request.quotes().size() > MAX_QUOTES) {
            throw new EvidenceException(FailureCode.TPM_ATTEST_MALFORMED, "expected 1 to " + MAX_QUOTES + " quotes, got "
                    + request.quotes().size());
        }
        List<TpmQuote> quotes = new ArrayList<>();
        for (TpmRequest.Quote q : request.quotes()) {
            quotes.add(TpmQuote.parse(Bytes.of(q.attest()), Bytes.of(q.signature())));
        }
        AttestationKey ak = AttestationKey.parse(Bytes.of(request.akPublic()));
        PcrValues pcrs = switch (request.pcrs()) {
            case TpmRequest.Pcrs.Encoded encoded -> PcrValues.read(Bytes.of(encoded.bytes()));
            case TpmRequest.Pcrs.ByBank byBank -> byBank(byBank.values());
        };
        Optional<TcgEventLog> log = request.eventLog().isPresent()
                ? Optional.of(TcgEventLog.parse(Bytes.of(request.eventLog().get()))) : Optional.empty();
        List<Bytes> certificates = new ArrayList<>();
        for (byte[] input : request.akCertificates()) {
            certificates.addAll(CertificateDecoder.derCertificates(input));
        }
        return new TpmEvidence(ak, quotes, pcrs, log, certificates);
    }

    /** {@code {"sha256": {"0": "hex"}}} → PCR values; names, indexes and lengths checked by {@link PcrValues#of}. */
    private static PcrValues byBank(Map<String, Map<String, String>> values) throws EvidenceException {
        Map<TpmHashAlgorithm, Map<Integer, Bytes>> out = new EnumMap<>(TpmHashAlgorithm.class);
        for (var bank : values.entrySet()) {
            TpmHashAlgorithm hash = TpmHashAlgorithm.fromToolName(bank.getKey()).orElseThrow(() -> malformed(
                    "unknown PCR bank '" + abbreviate(bank.getKey()) + "' (sha1, sha256, sha384, sha512)"));
            Map<Integer, Bytes> byIndex = new TreeMap<>();
            if (bank.getValue() == null) {
                throw malformed("the " + hash.toolName() + " bank has no values");
            }
            for (var pcr : bank.getValue().entrySet()) {
                int index;
                try {
                    index = Integer.parseInt(pcr.getKey());
                } catch (NumberFormatException e) {
                    throw malformed("PCR index '" + abbreviate(pcr.getKey()) + "' is not a number");
                }
                if (!String.valueOf(index).equals(pcr.getKey()) || pcr.getValue() == null) {
                    throw malformed("PCR index '" + abbreviate(pcr.getKey()) + "' is not a plain decimal or has no value");
                }
                try {
                    byIndex.put(index, Bytes.of(HexFormat.of().parseHex(pcr.getValue())));
                } catch (IllegalArgumentException e) {
                    throw malformed(hash.toolName() + " PCR " + index + " is not hexadecimal");
                }
            }
            out.put(hash, byIndex);
        }
        return PcrValues.of(out);
    }

    private static EvidenceException malformed(String detail) {
        return new EvidenceException(FailureCode.TPM_PCR_VALUES_MALFORMED, detail);
    }

    private static String abbreviate(String s) {
        return s.length() > 20 ? s.substring(0, 20) + "…" : s;
    }
}
