package dev.rats.benchmarks;

import dev.rats.endorsements.intel.PinnedIntelRoots;
import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.TdxEvidence;
import dev.rats.evidence.binary.Bytes;
import dev.rats.evidence.tdx.IntelTrustAnchors;
import dev.rats.evidence.tdx.PckChainCache;
import dev.rats.evidence.tdx.QeReportCache;
import dev.rats.evidence.tdx.TdxQuote;
import dev.rats.evidence.tdx.TdxQuoteParser;
import dev.rats.evidence.tdx.TdxQuoteVerifier;
import dev.rats.evidence.tdx.TdxVerificationContext;
import dev.rats.evidence.tdx.VerifiedTdxQuote;
import dev.rats.evidence.tdx.collateral.TcbStatus;
import dev.rats.evidence.tdx.collateral.TdxCollateral;
import dev.rats.evidence.tdx.collateral.TdxCollateralContext;
import dev.rats.evidence.tdx.collateral.TdxCollateralParser;
import dev.rats.evidence.tdx.collateral.TdxCollateralVerifier;
import dev.rats.evidence.tdx.collateral.TdxTcbEvaluator;
import dev.rats.evidence.tdx.collateral.TdxTcbResult;
import dev.rats.evidence.x509.CertificateDecoder;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERSequence;
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
 * The TDX hot path beside its raw crypto ceiling, all from one run (DESIGN §12).
 *
 * <ul>
 *   <li>{@code rawEcdsaP256Verify*}: one ECDSA P-256/SHA-256 verification of the dcap-qvl quote's
 *       signed bytes (header and TD report, 632 bytes) with its attestation key and quote signature,
 *       through Bouncy Castle's lightweight API on its specialised secp256r1 (exactly as
 *       {@code EcdsaP256Verifier} does it, key decoded once) and through the JDK's SunEC.</li>
 *   <li>{@code tdxFullVerificationCached}: parse the quote, {@link TdxQuoteVerifier#verify} (PCK chain,
 *       CRL signatures and QE report already verified and cached; validity, CRL windows, revocation
 *       and the quote signature checked), {@link TdxCollateralVerifier#verify} (collateral signatures
 *       cached; windows, ids, FMSPC checked) and {@link TdxTcbEvaluator#evaluate}; the collateral is
 *       parsed once in {@code @Setup}, as a service holds it. The result is UpToDate.</li>
 *   <li>{@code tdxQuoteVerifyOnlyCached} and {@code tdxCollateralAndTcbOnlyCached}: the two halves of
 *       the above on pre-parsed / pre-verified input, to show where time goes.</li>
 *   <li>{@code tdxFullVerificationNoCache}: the full verification with fresh verifiers (empty caches)
 *       on every call: every chain, CRL, collateral and QE signature verified, as dcap-qvl does (only
 *       the parser's process-wide memo of decoded PEM chains still applies).</li>
 *   <li>{@code tdxParseOnly}: {@link TdxQuoteParser#parse(byte[])} alone.</li>
 * </ul>
 *
 * Inputs are the real dcap-qvl sample (quote, QVL collateral JSON with both CRLs), verified against
 * the built-in pinned Intel SGX Root CA at 2025-07-19T10:00:34Z. Single-threaded; no timed
 * assertions anywhere. {@code benchmarks/run-tdx.sh} runs this class and then dcap-qvl
 * ({@code benchmarks/dcap-qvl/}) on the same inputs, back to back.
 *
 * <p>A pipeline-level benchmark ({@code VerificationPipeline#tdx}) belongs in the "product pipeline"
 * section: build the pipeline and its request in a {@code setUpPipeline()} called from
 * {@link #setUp()}, check its first answer like {@link #expectUpToDate}, and add one
 * {@code @Benchmark} method beside {@link #tdxFullVerificationCached()}.
 */
@State(Scope.Thread)
@Threads(1)
@Fork(1)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@BenchmarkMode({Mode.Throughput, Mode.AverageTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TdxVerificationBenchmark {

    /** The instant the dcap-qvl sample is verified at (its upstream test; the PCK CRL expires a second later). */
    static final Instant AT = Instant.parse("2025-07-19T10:00:34Z");

    private static final String DCAP = "tdx/dcap-qvl/";

    // --- raw crypto ceiling -------------------------------------------------------------------

    private byte[] message;
    private byte[] derSignature;
    private Signature jdk;
    private ECPublicKeyParameters bcKey;
    private BigInteger r;
    private BigInteger s;

    // --- product verification -----------------------------------------------------------------

    private byte[] quoteBytes;
    private TdxCollateral collateral;
    private TdxVerificationContext quoteContext;
    private TdxCollateralContext collateralContext;
    private TdxQuoteVerifier quoteVerifier;
    private TdxCollateralVerifier collateralVerifier;
    private TdxEvidence evidence;
    private VerifiedTdxQuote verifiedQuote;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        setUpVerifiers();
        setUpRawCrypto();
    }

    private void setUpVerifiers() throws Exception {
        quoteBytes = VectorFiles.bytes(DCAP + "tdx_quote");
        IntelTrustAnchors anchors = PinnedIntelRoots.builtIn();
        if (!CertificateDecoder.certificate(Bytes.of(VectorFiles.bytes(DCAP + "TrustedRootCA.der"))).equals(anchors.root().orElseThrow())) {
            throw new IllegalStateException("the vector's TrustedRootCA.der is not the built-in pinned Intel SGX Root CA");
        }
        // parsed once, as a service holds collateral between requests (tdx.md §3.5)
        collateral = TdxCollateralParser.fromQvlJson(VectorFiles.bytes(DCAP + "tdx_quote_collateral.json"));
        // both CRLs of the collateral, required: revocation is checked on every call
        quoteContext = new TdxVerificationContext(AT, anchors, collateral.crlSource(), true);
        collateralContext = TdxCollateralContext.of(AT, anchors);

        PckChainCache chains = new PckChainCache(1024);
        QeReportCache qeReports = new QeReportCache(1024);
        quoteVerifier = new TdxQuoteVerifier(chains, qeReports);
        collateralVerifier = new TdxCollateralVerifier();
        expectUpToDate(tdxFullVerificationCached(), "the first verification"); // fills the caches
        expectUpToDate(tdxFullVerificationCached(), "the second, cached, verification");
        check(chains.size() == 1 && qeReports.size() == 1 && collateralVerifier.cacheSize() == 2,
                "the caches do not hold the chain, the QE report and both collateral signatures");
        expectUpToDate(tdxFullVerificationNoCache(), "the uncached verification");

        evidence = new TdxEvidence(TdxQuoteParser.parse(quoteBytes));
        verifiedQuote = tdxQuoteVerifyOnlyCached();
        expectUpToDate(tdxCollateralAndTcbOnlyCached(), "collateral and TCB evaluation of the pre-verified quote");
    }

    private void setUpRawCrypto() throws Exception {
        // the quote's own signed bytes, signature and attestation key: what the product verifies per call
        TdxQuote quote = TdxQuoteParser.parse(quoteBytes);
        message = quote.signedBytes().toByteArray();
        byte[] rs = quote.signatureData().signature().toByteArray();
        byte[] xy = quote.signatureData().attestationKey().toByteArray();
        r = new BigInteger(1, rs, 0, 32);
        s = new BigInteger(1, rs, 32, 32);
        BigInteger x = new BigInteger(1, xy, 0, 32);
        BigInteger y = new BigInteger(1, xy, 32, 32);

        // Bouncy Castle's lightweight API, exactly as dev.rats.evidence.sig.EcdsaP256Verifier does it
        X9ECParameters p256 = CustomNamedCurves.getByName("secp256r1");
        bcKey = new ECPublicKeyParameters(p256.getCurve().createPoint(x, y),
                new ECDomainParameters(p256.getCurve(), p256.getG(), p256.getN(), p256.getH()));

        // the JDK's provider, with the signature DER-encoded as JCA wants it
        AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC", "SunEC");
        parameters.init(new ECGenParameterSpec("secp256r1"));
        PublicKey jdkKey = KeyFactory.getInstance("EC", "SunEC").generatePublic(
                new ECPublicKeySpec(new ECPoint(x, y), parameters.getParameterSpec(ECParameterSpec.class)));
        jdk = Signature.getInstance("SHA256withECDSA", "SunEC");
        jdk.initVerify(jdkKey);
        ASN1EncodableVector v = new ASN1EncodableVector();
        v.add(new ASN1Integer(r));
        v.add(new ASN1Integer(s));
        derSignature = new DERSequence(v).getEncoded();

        check(rawEcdsaP256VerifyBcLightweight(), "Bouncy Castle (lightweight) rejects the quote signature");
        check(rawEcdsaP256VerifyJdk(), "SunEC rejects the quote signature");
    }

    /** The dcap-qvl sample's expected result (tdx.md §6): UpToDate everywhere, no advisories, collateral current. */
    static void expectUpToDate(TdxTcbResult result, String what) {
        boolean ok = result.status() == TcbStatus.UpToDate && result.platformStatus() == TcbStatus.UpToDate
                && result.qeStatus() == TcbStatus.UpToDate && result.moduleStatus().equals(Optional.of(TcbStatus.UpToDate))
                && result.moduleIdentityId().equals(Optional.of("TDX_01")) && result.advisoryIds().isEmpty()
                && !result.collateralExpired();
        if (!ok) {
            throw new IllegalStateException(what + " of the dcap-qvl sample is not UpToDate: " + result);
        }
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalStateException(message);
        }
    }

    // --- benchmarks: raw crypto ---------------------------------------------------------------

    /**
     * The raw verification the product performs for the quote signature ({@code EcdsaP256Verifier}):
     * Bouncy Castle's lightweight API on {@code CustomNamedCurves}' secp256r1, the key held.
     */
    @Benchmark
    public boolean rawEcdsaP256VerifyBcLightweight() throws Exception {
        ECDSASigner signer = new ECDSASigner();
        signer.init(false, bcKey);
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        return signer.verifySignature(sha256.digest(message), r, s);
    }

    @Benchmark
    public boolean rawEcdsaP256VerifyJdk() throws Exception {
        jdk.update(message);
        return jdk.verify(derSignature); // resets the engine for the next call, same key
    }

    // --- benchmarks: product verification -----------------------------------------------------

    @Benchmark
    public TdxTcbResult tdxFullVerificationCached() throws EvidenceException {
        VerifiedTdxQuote quote = quoteVerifier.verify(new TdxEvidence(TdxQuoteParser.parse(quoteBytes)), quoteContext);
        return TdxTcbEvaluator.evaluate(collateralVerifier.verify(quote, collateral, collateralContext));
    }

    @Benchmark
    public VerifiedTdxQuote tdxQuoteVerifyOnlyCached() throws EvidenceException {
        return quoteVerifier.verify(evidence, quoteContext);
    }

    @Benchmark
    public TdxTcbResult tdxCollateralAndTcbOnlyCached() throws EvidenceException {
        return TdxTcbEvaluator.evaluate(collateralVerifier.verify(verifiedQuote, collateral, collateralContext));
    }

    /** Not the product's hot path: every signature verified on every call, for comparison with dcap-qvl. */
    @Benchmark
    public TdxTcbResult tdxFullVerificationNoCache() throws EvidenceException {
        VerifiedTdxQuote quote = new TdxQuoteVerifier(new PckChainCache(1), new QeReportCache(1))
                .verify(new TdxEvidence(TdxQuoteParser.parse(quoteBytes)), quoteContext);
        return TdxTcbEvaluator.evaluate(new TdxCollateralVerifier(2).verify(quote, collateral, collateralContext));
    }

    @Benchmark
    public TdxQuote tdxParseOnly() throws EvidenceException {
        return TdxQuoteParser.parse(quoteBytes);
    }
}
