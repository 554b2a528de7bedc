package dev.rats.benchmarks;

import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.TpmEvidence;
import dev.rats.evidence.binary.Bytes;
import dev.rats.evidence.snp.ConfiguredAmdAnchors;
import dev.rats.evidence.snp.SnpVerificationContext;
import dev.rats.evidence.snp.SnpVerifier;
import dev.rats.evidence.tpm.AttestationKey;
import dev.rats.evidence.tpm.EventLogReplay;
import dev.rats.evidence.tpm.PcrReplayStatus;
import dev.rats.evidence.tpm.PcrValues;
import dev.rats.evidence.tpm.PinnedAkKeys;
import dev.rats.evidence.tpm.TcgEventLog;
import dev.rats.evidence.tpm.TpmHashAlgorithm;
import dev.rats.evidence.tpm.TpmQuote;
import dev.rats.evidence.tpm.TpmVerificationContext;
import dev.rats.evidence.tpm.TpmVerifier;
import dev.rats.evidence.tpm.TpmtSignature;
import dev.rats.evidence.tpm.VerifiedTpmEvidence;
import dev.rats.policy.Appraisal;
import dev.rats.policy.pipeline.TpmRequest;
import dev.rats.policy.pipeline.VerificationPipeline;
import dev.rats.policy.tpm.TpmPolicyLoader;
import dev.rats.policy.tpm.TpmPolicyRules;
import dev.rats.refvalues.Enforcement;
import dev.rats.refvalues.HexValue;
import dev.rats.refvalues.ReferenceValue;
import dev.rats.refvalues.TpmReferenceValues;
import dev.rats.refvalues.io.DocumentFormat;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * TPM 2.0 quote verification beside its raw crypto ceiling, all from one run (DESIGN §12).
 *
 * <ul>
 *   <li>{@code rawRsa2048Pkcs1Sha256VerifyJca}: RSASSA-PKCS1-v1_5/SHA-256 verify of the RSA AK's
 *       quote signature over its TPMS_ATTEST through JCA's default provider (what
 *       {@code TpmSignatureVerifier} uses for RSASSA), the {@link Signature} initialised once.</li>
 *   <li>{@code rawEcdsaP256VerifyBcLightweight}: ECDSA P-256/SHA-256 verify of the ECC AK's quote
 *       signature with Bouncy Castle's lightweight {@link ECDSASigner} on {@code CustomNamedCurves}'
 *       secp256r1 (what {@code TpmSignatureVerifier} uses for ECDSA), the key decoded once;
 *       {@code rawEcdsaP256VerifyBcLightweightKeyPerCall} the same with the key decoded per call, as
 *       {@code TpmSignatureVerifier} does it.</li>
 *   <li>{@code tpmVerifyRsaAk} / {@code tpmVerifyEccAk}: {@link TpmVerifier#verify} on parsed
 *       evidence (AK from its TPM2B_PUBLIC, quote, PCR file; no event log) with the AK pinned and the
 *       nonce required: AK trust and attributes, signature, nonce, PCR coverage and pcrDigest.</li>
 *   <li>{@code tpmPipelineRsa}: {@link VerificationPipeline#tpm} from the bytes tpm2-tools writes
 *       (parse quote, signature, TPM2B_PUBLIC and serialized PCR file; verify; appraise against a
 *       policy pinning the AK and requiring sha256:0-7, with an enforced reference value for each of
 *       those PCRs); the result is {@code affirming}.</li>
 *   <li>{@code tpmPipelineRsaWithEventLog}: the same request plus the 100-event log, with a policy
 *       that also requires the log, every separator of PCRs 0-7 and Secure Boot enabled.</li>
 *   <li>{@code eventLogParseAndReplay100}: {@link TcgEventLog#parse} of the 100-event log and
 *       {@link EventLogReplay#replay} against the quoted sha256:0-7 values; every PCR replays OK.</li>
 * </ul>
 *
 * Inputs are real quotes made in {@code @Setup} by swtpm with tpm2-tools ({@link TpmBenchmarkInputs}):
 * an RSA-2048 and an ECC P-256 AK created under the EK, sha256:0-7 quoted with a 32-byte nonce after
 * the PCRs were extended with the log's digests. swtpm runs on 127.0.0.1 only while the inputs are
 * made and is stopped before measurement. Without swtpm the setup fails; nothing is simulated.
 * {@code benchmarks/run-tpm.sh} runs this class and {@code tpm2_checkquote} on the same quote files.
 * Single-threaded; no timed assertions anywhere.
 */
@State(Scope.Thread)
@Threads(1)
@Fork(1)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@BenchmarkMode({Mode.Throughput, Mode.AverageTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TpmVerificationBenchmark {

    /** The instant of verification; a pinned AK has no validity period, so any instant does. */
    static final Instant AT = Instant.parse("2026-06-01T00:00:00Z");

    // --- raw crypto ceiling -------------------------------------------------------------------

    private byte[] rsaMessage;
    private byte[] rsaSignature;
    private Signature rsaJca;
    private byte[] eccMessage;
    private ECPublicKeyParameters eccKey;
    private ECPublicKey eccPublic;
    private BigInteger eccR;
    private BigInteger eccS;

    // --- product verification -----------------------------------------------------------------

    private final TpmVerifier verifier = new TpmVerifier();
    private TpmEvidence rsaEvidence;
    private TpmVerificationContext rsaContext;
    private TpmEvidence eccEvidence;
    private TpmVerificationContext eccContext;
    private VerificationPipeline pipeline;
    private TpmRequest rsaRequest;
    private TpmRequest rsaRequestWithLog;
    private Bytes eventLog;
    private PcrValues quotedPcrs;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        TpmBenchmarkInputs inputs = TpmBenchmarkInputs.obtain();
        System.out.println("# TPM inputs " + inputs.origin + "; event log " + inputs.eventLog.length + " bytes");
        setUpVerifier(inputs);
        setUpRawCrypto(inputs);
        setUpPipeline(inputs);
        setUpEventLog(inputs);
    }

    private void setUpVerifier(TpmBenchmarkInputs inputs) throws EvidenceException {
        Bytes nonce = Bytes.of(TpmBenchmarkInputs.NONCE);
        rsaEvidence = evidence(inputs.rsa);
        rsaContext = TpmVerificationContext.of(AT, PinnedAkKeys.of(List.of(rsaEvidence.ak())), nonce);
        eccEvidence = evidence(inputs.ecc);
        eccContext = TpmVerificationContext.of(AT, PinnedAkKeys.of(List.of(eccEvidence.ak())), nonce);
        expectVerified(tpmVerifyRsaAk(), "RSA-2048");
        expectVerified(tpmVerifyEccAk(), "ECC P-256");
        if (!(rsaEvidence.quotes().get(0).signature() instanceof TpmtSignature.Rsa rsa
                && rsa.scheme() == TpmtSignature.Scheme.RSASSA && rsa.hash() == TpmHashAlgorithm.SHA256)) {
            throw new IllegalStateException("the RSA quote is not RSASSA-SHA256: " + rsaEvidence.quotes().get(0).signature());
        }
        if (!(eccEvidence.quotes().get(0).signature() instanceof TpmtSignature.Ecdsa ecdsa
                && ecdsa.hash() == TpmHashAlgorithm.SHA256)) {
            throw new IllegalStateException("the ECC quote is not ECDSA-SHA256: " + eccEvidence.quotes().get(0).signature());
        }
        // a wrong nonce must fail: the benchmark measures a verifier that checks
        try {
            verifier.verify(rsaEvidence, TpmVerificationContext.of(AT, PinnedAkKeys.of(List.of(rsaEvidence.ak())),
                    Bytes.of(new byte[32])));
            throw new IllegalStateException("the RSA quote verified against a wrong nonce");
        } catch (EvidenceException expected) {
            // as it should
        }
    }

    private static TpmEvidence evidence(TpmBenchmarkInputs.AkQuote q) throws EvidenceException {
        return TpmEvidence.of(AttestationKey.parse(Bytes.of(q.tpm2bPublic())),
                TpmQuote.parse(Bytes.of(q.attest()), Bytes.of(q.signature())), PcrValues.read(Bytes.of(q.pcrs())));
    }

    private static void expectVerified(VerifiedTpmEvidence v, String what) {
        SortedMap<Integer, Bytes> pcrs = v.pcrs().bank(TpmHashAlgorithm.SHA256);
        if (!v.nonceChecked() || v.pcrs().size() != 8 || !pcrs.keySet().equals(Set.of(0, 1, 2, 3, 4, 5, 6, 7))) {
            throw new IllegalStateException("the " + what + " quote did not verify with the nonce over sha256:0-7: " + v.pcrs());
        }
    }

    private void setUpRawCrypto(TpmBenchmarkInputs inputs) throws Exception {
        // RSA: the quote's own TPMS_ATTEST and signature, the AK's JCA key (as TpmSignatureVerifier gets it)
        TpmtSignature.Rsa rsa = (TpmtSignature.Rsa) rsaEvidence.quotes().get(0).signature();
        rsaMessage = inputs.rsa.attest();
        rsaSignature = rsa.signature().toByteArray();
        rsaJca = Signature.getInstance("SHA256withRSA"); // the default provider, as the product asks for it
        rsaJca.initVerify(rsaEvidence.ak().publicKey());
        System.out.println("# RSA verify provider: " + rsaJca.getProvider().getName());

        // ECDSA: Bouncy Castle's lightweight API on the specialised secp256r1, as TpmSignatureVerifier does it
        TpmtSignature.Ecdsa ecdsa = (TpmtSignature.Ecdsa) eccEvidence.quotes().get(0).signature();
        eccMessage = inputs.ecc.attest();
        ECPublicKey ec = (ECPublicKey) eccEvidence.ak().publicKey();
        eccPublic = ec;
        X9ECParameters p256 = CustomNamedCurves.getByName("secp256r1");
        eccKey = new ECPublicKeyParameters(p256.getCurve().createPoint(ec.getW().getAffineX(), ec.getW().getAffineY()),
                new ECDomainParameters(p256.getCurve(), p256.getG(), p256.getN(), p256.getH()));
        eccR = new BigInteger(1, ecdsa.r().toByteArray());
        eccS = new BigInteger(1, ecdsa.s().toByteArray());

        check(rawRsa2048Pkcs1Sha256VerifyJca(), "JCA rejects the RSA quote signature");
        check(rawEcdsaP256VerifyBcLightweight(), "Bouncy Castle (lightweight) rejects the ECC quote signature");
        check(rawEcdsaP256VerifyBcLightweightKeyPerCall(), "Bouncy Castle (key per call) rejects the ECC quote signature");
        rsaMessage[rsaMessage.length - 1] ^= 1;
        eccMessage[eccMessage.length - 1] ^= 1;
        check(!rawRsa2048Pkcs1Sha256VerifyJca(), "JCA accepts the RSA signature over a changed message");
        check(!rawEcdsaP256VerifyBcLightweight(), "Bouncy Castle accepts the ECDSA signature over a changed message");
        rsaMessage[rsaMessage.length - 1] ^= 1;
        eccMessage[eccMessage.length - 1] ^= 1;
        check(rawRsa2048Pkcs1Sha256VerifyJca() && rawEcdsaP256VerifyBcLightweight(), "restored messages do not verify");
    }

    private void setUpPipeline(TpmBenchmarkInputs inputs) throws Exception {
        // no SEV-SNP anchors are needed for TPM requests; the clock is never read (each request names its instant)
        pipeline = new VerificationPipeline(new SnpVerifier(), SnpVerificationContext.offline(Instant.EPOCH,
                new ConfiguredAmdAnchors(Map.of(), Map.of(), Map.of(), "none")), Clock.fixed(AT, ZoneOffset.UTC));
        String pinned = "akTrust:\n  pinnedKeys: [\"" + rsaEvidence.ak().spkiSha256().toHex() + "\"]\n"
                + "requirePcrs: {sha256: [0, 1, 2, 3, 4, 5, 6, 7]}\n";
        TpmPolicyRules policy = TpmPolicyLoader.parse("benchmark.yaml", pinned, DocumentFormat.YAML);
        TpmPolicyRules policyWithLog = TpmPolicyLoader.parse("benchmark-log.yaml", pinned
                + "eventLog: {required: true, requireSeparators: true, requireSecureBoot: true}\n", DocumentFormat.YAML);

        // an enforced reference value for each quoted PCR: its quoted value
        SortedMap<Integer, List<ReferenceValue>> references = new TreeMap<>();
        rsaEvidence.pcrs().bank(TpmHashAlgorithm.SHA256).forEach((index, value) -> references.put(index, List.of(
                new ReferenceValue(HexValue.of(value.toByteArray()), "pcr " + index, Optional.empty(), Enforcement.ENFORCED))));
        TpmReferenceValues referenceValues = new TpmReferenceValues(
                Map.of(dev.rats.refvalues.TpmBank.SHA256, references), List.of());

        List<TpmRequest.Quote> quotes = List.of(new TpmRequest.Quote(inputs.rsa.attest(), inputs.rsa.signature()));
        Optional<Bytes> nonce = Optional.of(Bytes.of(TpmBenchmarkInputs.NONCE));
        rsaRequest = new TpmRequest(quotes, inputs.rsa.tpm2bPublic(), new TpmRequest.Pcrs.Encoded(inputs.rsa.pcrs()),
                Optional.empty(), List.of(), policy, referenceValues, nonce, Optional.of(AT));
        rsaRequestWithLog = new TpmRequest(quotes, inputs.rsa.tpm2bPublic(), new TpmRequest.Pcrs.Encoded(inputs.rsa.pcrs()),
                Optional.of(inputs.eventLog), List.of(), policyWithLog, referenceValues, nonce, Optional.of(AT));
        expectAffirming(tpmPipelineRsa(), "the RSA quote");
        Appraisal withLog = tpmPipelineRsaWithEventLog();
        expectAffirming(withLog, "the RSA quote with the event log");
        if (!"enabled".equals(withLog.claims().get("secureBoot"))) {
            throw new IllegalStateException("the appraisal with the log does not see Secure Boot enabled: " + withLog.claims());
        }
    }

    private static void expectAffirming(Appraisal a, String what) {
        if (!a.isAffirming() || !a.failures().isEmpty()) {
            throw new IllegalStateException(what + " does not appraise as affirming: " + a.status() + " " + a.failures());
        }
    }

    private void setUpEventLog(TpmBenchmarkInputs inputs) throws EvidenceException {
        eventLog = Bytes.of(inputs.eventLog);
        quotedPcrs = tpmVerifyRsaAk().pcrs(); // the values the verified quote covers
        if (!quotedPcrs.equals(tpmVerifyEccAk().pcrs())) {
            throw new IllegalStateException("the two quotes cover different PCR values");
        }
        EventLogReplay replay = eventLogParseAndReplay100();
        long extending = replay.log().events().stream().filter(e -> e.eventType() != TcgEventLog.EV_NO_ACTION).count();
        if (extending != TpmBenchmarkInputs.EVENTS) {
            throw new IllegalStateException("the log holds " + extending + " extending events");
        }
        SortedMap<Integer, PcrReplayStatus> status = replay.status().get(TpmHashAlgorithm.SHA256);
        if (status == null || status.size() != 8 || status.values().stream().anyMatch(s -> s != PcrReplayStatus.OK)) {
            throw new IllegalStateException("the 100-event log does not replay OK for every quoted PCR: " + replay.status());
        }
        System.out.println("# quoted sha256:7 = " + HexFormat.of().formatHex(
                quotedPcrs.get(TpmHashAlgorithm.SHA256, 7).orElseThrow().toByteArray()));
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalStateException(message);
        }
    }

    // --- benchmarks: raw crypto ---------------------------------------------------------------

    @Benchmark
    public boolean rawRsa2048Pkcs1Sha256VerifyJca() throws Exception {
        rsaJca.update(rsaMessage);
        return rsaJca.verify(rsaSignature); // resets for the next call, same key
    }

    @Benchmark
    public boolean rawEcdsaP256VerifyBcLightweight() throws Exception {
        ECDSASigner signer = new ECDSASigner();
        signer.init(false, eccKey);
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        return signer.verifySignature(sha256.digest(eccMessage), eccR, eccS);
    }

    /**
     * Not a ceiling: the same verification with the Bouncy Castle key built from the JCA key on
     * every call, as {@code TpmSignatureVerifier#verifyEcdsa} did before it kept decoded keys per
     * AK. A key held across calls lets Bouncy Castle keep (and, after a few uses, widen) its
     * precomputation for the public point; a key built per call cannot. The difference to
     * {@link #rawEcdsaP256VerifyBcLightweight()} is what holding the key saves.
     */
    @Benchmark
    public boolean rawEcdsaP256VerifyBcLightweightKeyPerCall() throws Exception {
        X9ECParameters params = CustomNamedCurves.getByName("secp256r1");
        ECPublicKeyParameters key = new ECPublicKeyParameters(
                params.getCurve().createPoint(eccPublic.getW().getAffineX(), eccPublic.getW().getAffineY()),
                new ECDomainParameters(params.getCurve(), params.getG(), params.getN(), params.getH()));
        ECDSASigner signer = new ECDSASigner();
        signer.init(false, key);
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        return signer.verifySignature(sha256.digest(eccMessage), eccR, eccS);
    }

    // --- benchmarks: product verification -----------------------------------------------------

    @Benchmark
    public VerifiedTpmEvidence tpmVerifyRsaAk() throws EvidenceException {
        return verifier.verify(rsaEvidence, rsaContext);
    }

    @Benchmark
    public VerifiedTpmEvidence tpmVerifyEccAk() throws EvidenceException {
        return verifier.verify(eccEvidence, eccContext);
    }

    @Benchmark
    public Appraisal tpmPipelineRsa() {
        return pipeline.tpm(rsaRequest);
    }

    @Benchmark
    public Appraisal tpmPipelineRsaWithEventLog() {
        return pipeline.tpm(rsaRequestWithLog);
    }

    @Benchmark
    public EventLogReplay eventLogParseAndReplay100() throws EvidenceException {
        return EventLogReplay.replay(TcgEventLog.parse(eventLog), quotedPcrs);
    }
}
