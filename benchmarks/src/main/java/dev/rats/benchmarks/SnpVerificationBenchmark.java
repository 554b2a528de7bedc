package dev.rats.benchmarks;

import dev.rats.endorsements.amd.PinnedAmdRoots;
import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.SnpEvidence;
import dev.rats.evidence.binary.Bytes;
import dev.rats.evidence.snp.SnpReport;
import dev.rats.evidence.snp.SnpReportParser;
import dev.rats.evidence.snp.SnpVerificationContext;
import dev.rats.evidence.snp.SnpVerifier;
import dev.rats.evidence.snp.VerifiedSnpEvidence;
import dev.rats.evidence.x509.CertificateDecoder;
import dev.rats.policy.Appraisal;
import dev.rats.policy.pipeline.SnpRequest;
import dev.rats.policy.pipeline.VerificationPipeline;
import dev.rats.policy.snp.SnpPolicyLoader;
import dev.rats.policy.snp.SnpPolicyRules;
import dev.rats.refvalues.Enforcement;
import dev.rats.refvalues.HexValue;
import dev.rats.refvalues.ReferenceValue;
import dev.rats.refvalues.SnpReferenceValues;
import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.sec.SECNamedCurves;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
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
 * The SEV-SNP hot path beside its raw crypto ceiling, all from one run (DESIGN §12).
 *
 * <ul>
 *   <li>{@code rawEcdsaP384Verify*}: one ECDSA P-384/SHA-384 verification of a 672-byte message
 *       (the size of the signed part of an SNP report), through Bouncy Castle's JCA provider, Bouncy
 *       Castle's lightweight API on its specialised secp384r1 (as {@code EcdsaP384Verifier} does it),
 *       the same on the generic curve, and the JDK's SunEC.</li>
 *   <li>{@code snpFullVerificationCachedChain}: one request through
 *       {@link VerificationPipeline#snp(SnpRequest)} (parse, verify, appraise) with the chain
 *       already verified and cached.</li>
 *   <li>{@code snpVerifyOnlyCachedChain}: {@link SnpVerifier#verify} alone on pre-parsed evidence.</li>
 *   <li>{@code snpParseOnly}: {@link SnpReportParser#parse(byte[])} alone.</li>
 * </ul>
 *
 * Inputs are the real Milan vector of virtee/sev (report, VCEK, ASK+ARK), verified against the
 * built-in pinned AMD roots at a fixed instant. Single-threaded; no timed assertions anywhere.
 */
@State(Scope.Thread)
@Threads(1)
@Fork(1)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@BenchmarkMode({Mode.Throughput, Mode.AverageTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SnpVerificationBenchmark {

    /** The instant the Milan vector is verified at; its certificates are valid then. */
    static final Instant AT = Instant.parse("2026-06-01T00:00:00Z");
    /** The signed part of an SEV-SNP report: bytes 0x000..0x29F. */
    static final int MESSAGE_LENGTH = 0x2A0;

    private static final String MILAN = "snp/virtee-sev/";

    // --- raw crypto ceiling -------------------------------------------------------------------

    private byte[] message;
    private byte[] derSignature;
    private Signature bcJca;
    private Signature jdk;
    private ECPublicKeyParameters bcKey;
    private ECPublicKeyParameters bcCustomCurveKey;
    private BigInteger r;
    private BigInteger s;

    // --- product pipeline ---------------------------------------------------------------------

    private byte[] reportBytes;
    private SnpRequest request;
    private VerificationPipeline pipeline;
    private SnpVerifier verifier;
    private SnpVerificationContext verifyContext;
    private SnpEvidence evidence;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        setUpRawCrypto();
        setUpPipeline();
    }

    private void setUpRawCrypto() throws Exception {
        SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
        random.setSeed(384);
        message = new byte[MESSAGE_LENGTH];
        random.nextBytes(message);

        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", "SunEC");
        generator.initialize(new ECGenParameterSpec("secp384r1"), random);
        KeyPair pair = generator.generateKeyPair();
        Signature signer = Signature.getInstance("SHA384withECDSA", "SunEC");
        signer.initSign(pair.getPrivate(), random);
        signer.update(message);
        derSignature = signer.sign();

        // Bouncy Castle through JCA: the key converted to a BC key once, as a verifier holding
        // a certificate's key would, so that BC's point precomputation is kept between calls.
        BouncyCastleProvider bc = new BouncyCastleProvider();
        PublicKey bcPublic = KeyFactory.getInstance("EC", bc)
                .generatePublic(new X509EncodedKeySpec(pair.getPublic().getEncoded()));
        bcJca = Signature.getInstance("SHA384withECDSA", bc);
        bcJca.initVerify(bcPublic);

        // The JDK's provider.
        jdk = Signature.getInstance("SHA384withECDSA", "SunEC");
        jdk.initVerify(pair.getPublic());

        // Bouncy Castle's lightweight API, exactly as dev.rats.evidence.sig.EcdsaP384Verifier does it.
        X9ECParameters p384 = SECNamedCurves.getByName("secp384r1");
        ECDomainParameters domain = new ECDomainParameters(p384.getCurve(), p384.getG(), p384.getN(), p384.getH());
        ECPublicKey ec = (ECPublicKey) pair.getPublic();
        bcKey = new ECPublicKeyParameters(
                p384.getCurve().createPoint(ec.getW().getAffineX(), ec.getW().getAffineY()), domain);
        // The same, on Bouncy Castle's specialised secp384r1 arithmetic (CustomNamedCurves), which
        // is the curve BC's own JCA provider uses; a comparison point for EcdsaP384Verifier.
        X9ECParameters custom = CustomNamedCurves.getByName("secp384r1");
        bcCustomCurveKey = new ECPublicKeyParameters(
                custom.getCurve().createPoint(ec.getW().getAffineX(), ec.getW().getAffineY()),
                new ECDomainParameters(custom.getCurve(), custom.getG(), custom.getN(), custom.getH()));
        ASN1Sequence rs = ASN1Sequence.getInstance(derSignature);
        r = ASN1Integer.getInstance(rs.getObjectAt(0)).getPositiveValue();
        s = ASN1Integer.getInstance(rs.getObjectAt(1)).getPositiveValue();

        check(rawEcdsaP384VerifyBouncyCastle(), "Bouncy Castle (JCA) rejects the raw signature");
        check(rawEcdsaP384VerifyBcLightweight(), "Bouncy Castle (lightweight, specialised curve) rejects the raw signature");
        check(rawEcdsaP384VerifyBcLightweightGenericCurve(), "Bouncy Castle (lightweight, generic curve) rejects the raw signature");
        check(rawEcdsaP384VerifyJdk(), "SunEC rejects the raw signature");
    }

    private void setUpPipeline() throws Exception {
        reportBytes = VectorFiles.hex(MILAN + "report_milan.hex");
        if (reportBytes.length != SnpReportParser.REPORT_LENGTH) {
            throw new IllegalStateException("report_milan.hex holds " + reportBytes.length + " bytes, expected "
                    + SnpReportParser.REPORT_LENGTH);
        }
        List<byte[]> certificates = List.of(VectorFiles.bytes(MILAN + "vcek_milan.der"),
                VectorFiles.bytes(MILAN + "cert_chain_milan"));
        SnpReport report = SnpReportParser.parse(reportBytes);
        SnpPolicyRules policy = SnpPolicyLoader.defaults();
        SnpReferenceValues referenceValues = new SnpReferenceValues(List.of(new ReferenceValue(
                HexValue.of(report.measurement().toByteArray()), "virtee-sev milan test vector",
                Optional.empty(), Enforcement.ENFORCED)));

        SnpVerificationContext context = SnpVerificationContext.offline(Instant.EPOCH, PinnedAmdRoots.builtIn());
        // The clock is never read: every request names its instant.
        pipeline = new VerificationPipeline(new SnpVerifier(), context, Clock.fixed(AT, ZoneOffset.UTC));
        request = new SnpRequest(reportBytes, certificates, Optional.empty(), policy, referenceValues,
                Optional.empty(), Optional.of(AT));
        Appraisal appraisal = pipeline.snp(request); // verifies and caches the chain
        if (!appraisal.isAffirming()) {
            throw new IllegalStateException("the Milan vector does not appraise as affirming: " + appraisal.status()
                    + " " + appraisal.failures());
        }
        if (!snpFullVerificationCachedChain().isAffirming()) {
            throw new IllegalStateException("the second, cached, verification is not affirming");
        }

        // Verify-only: the same evidence, pre-parsed, and the context the pipeline derives per request.
        List<Bytes> ders = new ArrayList<>();
        for (byte[] input : certificates) {
            ders.addAll(CertificateDecoder.derCertificates(input));
        }
        evidence = new SnpEvidence(report, ders);
        verifyContext = context.at(AT).withCrlSource(context.crlSource(), policy.crlRequired());
        if (policy.product().isPresent()) {
            verifyContext = verifyContext.withFallbackProduct(policy.product().get());
        }
        verifier = new SnpVerifier();
        verifier.verify(evidence, verifyContext); // verifies and caches the chain
        snpVerifyOnlyCachedChain();
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalStateException(message);
        }
    }

    // --- benchmarks ---------------------------------------------------------------------------

    @Benchmark
    public boolean rawEcdsaP384VerifyBouncyCastle() throws Exception {
        bcJca.update(message);
        return bcJca.verify(derSignature); // resets the engine for the next call, same key
    }

    /**
     * Not the product path: the lightweight API on {@code SECNamedCurves}' generic secp384r1, which
     * the product used before it moved to the specialised curve; kept to show what the curve costs.
     */
    @Benchmark
    public boolean rawEcdsaP384VerifyBcLightweightGenericCurve() throws Exception {
        ECDSASigner signer = new ECDSASigner();
        signer.init(false, bcKey);
        MessageDigest sha384 = MessageDigest.getInstance("SHA-384");
        return signer.verifySignature(sha384.digest(message), r, s);
    }

    /**
     * The raw verification the product performs ({@code EcdsaP384Verifier}): Bouncy Castle's
     * lightweight API on {@code CustomNamedCurves}' specialised secp384r1.
     */
    @Benchmark
    public boolean rawEcdsaP384VerifyBcLightweight() throws Exception {
        ECDSASigner signer = new ECDSASigner();
        signer.init(false, bcCustomCurveKey);
        MessageDigest sha384 = MessageDigest.getInstance("SHA-384");
        return signer.verifySignature(sha384.digest(message), r, s);
    }

    @Benchmark
    public boolean rawEcdsaP384VerifyJdk() throws Exception {
        jdk.update(message);
        return jdk.verify(derSignature);
    }

    @Benchmark
    public Appraisal snpFullVerificationCachedChain() throws EvidenceException {
        return pipeline.snp(request);
    }

    @Benchmark
    public VerifiedSnpEvidence snpVerifyOnlyCachedChain() throws EvidenceException {
        return verifier.verify(evidence, verifyContext);
    }

    @Benchmark
    public SnpReport snpParseOnly() throws EvidenceException {
        return SnpReportParser.parse(reportBytes);
    }
}
