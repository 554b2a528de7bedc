package dev.rats.evidence.tdx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rats.evidence.CollateralUnavailableException;
import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.FailureCode;
import dev.rats.evidence.TdxEvidence;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

/**
 * One negative test per quote-level check, on the real dcap-qvl and go-tdx-guest quotes. Signed
 * bytes cannot be re-signed without Intel's keys, but the unsigned signature data can be rebuilt
 * ({@link QuoteSurgery}), so the chain and binding checks are exercised on real Intel data.
 */
class TdxVerifierNegativeTest {

    private static FailureCode code(ThrowingCallable call) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(call);
        assertThat(t).as("expected an EvidenceException").isInstanceOf(EvidenceException.class);
        return ((EvidenceException) t).code();
    }

    private static VerifiedTdxQuote verifyDcap(byte[] quote) throws EvidenceException {
        return new TdxQuoteVerifier().verify(TdxVectors.evidence(quote), TdxVectors.dcapContext());
    }

    private static TdxQuote dcap() throws EvidenceException {
        return TdxQuoteParser.parse(TdxVectors.dcapQuote());
    }

    @Test
    void everySignedByteIsCoveredByTheQuoteSignature() throws EvidenceException {
        byte[] raw = TdxVectors.dcapQuote();
        TdxQuoteVerifier verifier = new TdxQuoteVerifier();
        TdxVerificationContext ctx = TdxVectors.dcapContext();
        // the header fields the parser or the vendor check would reject are covered in TdxParserNegativeTest
        for (int offset : new int[] {8, 11, 28, 47, 48, 63, 64, 160, 168, 176, 184, 232, 376, 520, 568, 631}) {
            byte[] m = raw.clone();
            m[offset] ^= 0x01;
            assertThat(code(() -> verifier.verify(TdxVectors.evidence(m), ctx))).as("offset %d", offset)
                    .isEqualTo(FailureCode.TDX_QUOTE_SIGNATURE);
        }
    }

    @Test
    void flippedQuoteSignatureFails() throws EvidenceException {
        QuoteSurgery s = QuoteSurgery.of(dcap());
        s.signature[5] ^= 0x40;
        assertThat(code(() -> verifyDcap(s.build()))).isEqualTo(FailureCode.TDX_QUOTE_SIGNATURE);
    }

    @Test
    void goTdxGuestFlippedReportDataFailsTheQuoteSignature() {
        byte[] raw = TdxVectors.goQuote();
        raw[48 + 520] ^= 1; // REPORTDATA
        assertThat(code(() -> new TdxQuoteVerifier().verify(TdxVectors.evidence(raw), TdxVectors.goContext())))
                .isEqualTo(FailureCode.TDX_QUOTE_SIGNATURE);
    }

    @Test
    void flippedQeReportByteFailsTheQeReportSignature() throws EvidenceException {
        byte[] raw = TdxVectors.dcapQuote();
        int qeReport = 636 + 134;
        for (int field : new int[] {0, 16, 48, 64, 128, 256, 258, 320, 383}) {
            byte[] m = raw.clone();
            m[qeReport + field] ^= 0x01;
            assertThat(code(() -> verifyDcap(m))).as("QE report offset %d", field).isEqualTo(FailureCode.TDX_QE_REPORT_SIGNATURE);
        }
        QuoteSurgery s = QuoteSurgery.of(dcap());
        s.qeReportSignature[63] ^= 1;
        assertThat(code(() -> verifyDcap(s.build()))).isEqualTo(FailureCode.TDX_QE_REPORT_SIGNATURE);
    }

    @Test
    void qeAuthDataOrAttestationKeyNotBoundByTheQeReportFails() throws EvidenceException {
        QuoteSurgery auth = QuoteSurgery.of(dcap());
        auth.authData[0] ^= 1;
        assertThat(code(() -> verifyDcap(auth.build()))).isEqualTo(FailureCode.TDX_QE_REPORT_DATA);

        QuoteSurgery longer = QuoteSurgery.of(dcap());
        longer.authData = java.util.Arrays.copyOf(longer.authData, 33);
        assertThat(code(() -> verifyDcap(longer.build()))).isEqualTo(FailureCode.TDX_QE_REPORT_DATA);

        // another valid point: the QE report binds the original key, so the swap is caught before the quote signature
        TdxQuote go = TdxQuoteParser.parse(TdxVectors.goQuote());
        QuoteSurgery key = QuoteSurgery.of(dcap());
        key.attestationKey = go.signatureData().attestationKey().toByteArray();
        assertThat(code(() -> verifyDcap(key.build()))).isEqualTo(FailureCode.TDX_QE_REPORT_DATA);
    }

    @Test
    void nonIntelQeVendorFails() {
        byte[] raw = TdxVectors.dcapQuote();
        raw[12] ^= 1;
        assertThat(code(() -> verifyDcap(raw))).isEqualTo(FailureCode.TDX_QE_VENDOR);
    }

    @Test
    void aDifferentPinnedRootRejectsTheQuotesRoot() throws Exception {
        X509Certificate impostor = selfSignedIntelLookalike();
        IntelTrustAnchors wrong = new ConfiguredIntelAnchors(impostor, "an impostor root");
        TdxEvidence e = TdxVectors.evidence(TdxVectors.dcapQuote());
        assertThat(code(() -> new TdxQuoteVerifier().verify(e, TdxVerificationContext.offline(TdxVectors.DCAP_AT, wrong))))
                .isEqualTo(FailureCode.INTEL_ROOT_NOT_PINNED);
        IntelTrustAnchors none = new IntelTrustAnchors() {
            @Override
            public Optional<X509Certificate> root() {
                return Optional.empty();
            }

            @Override
            public String description() {
                return "no Intel root";
            }
        };
        assertThat(code(() -> new TdxQuoteVerifier().verify(e, TdxVerificationContext.offline(TdxVectors.DCAP_AT, none))))
                .isEqualTo(FailureCode.INTEL_ROOT_NOT_PINNED);
    }

    @Test
    void aQuoteCarryingAnotherRootIsRejectedAndOneWithoutRootVerifies() throws Exception {
        TdxQuote q = dcap();
        List<String> pems = pemBlocks(q);
        assertThat(pems).hasSize(3);

        QuoteSurgery foreignRoot = QuoteSurgery.of(q);
        foreignRoot.pem = (pems.get(0) + pems.get(1) + dev.rats.testkit.Pem.encode("CERTIFICATE",
                selfSignedIntelLookalike().getEncoded())).getBytes(StandardCharsets.US_ASCII);
        assertThat(code(() -> verifyDcap(foreignRoot.build()))).isEqualTo(FailureCode.INTEL_ROOT_NOT_PINNED);

        // evidence may carry leaf and intermediate only (DESIGN §5): the pinned root completes the chain
        QuoteSurgery withoutRoot = QuoteSurgery.of(q);
        withoutRoot.pem = (pems.get(0) + pems.get(1)).getBytes(StandardCharsets.US_ASCII);
        assertThat(verifyDcap(withoutRoot.build()).revocation()).isEqualTo(PckRevocationStatus.NOT_REVOKED);

        // any order: certificates are identified by their names
        QuoteSurgery reordered = QuoteSurgery.of(q);
        reordered.pem = (pems.get(2) + pems.get(0) + pems.get(1)).getBytes(StandardCharsets.US_ASCII);
        verifyDcap(reordered.build());
    }

    @Test
    void anIncompleteOrPaddedChainIsRejected() throws Exception {
        TdxQuote q = dcap();
        List<String> pems = pemBlocks(q);
        QuoteSurgery noLeaf = QuoteSurgery.of(q);
        noLeaf.pem = (pems.get(1) + pems.get(2)).getBytes(StandardCharsets.US_ASCII);
        assertThat(code(() -> verifyDcap(noLeaf.build()))).isEqualTo(FailureCode.TDX_CERTIFICATION_DATA);

        QuoteSurgery noCa = QuoteSurgery.of(q);
        noCa.pem = (pems.get(0) + pems.get(2)).getBytes(StandardCharsets.US_ASCII);
        assertThat(code(() -> verifyDcap(noCa.build()))).isEqualTo(FailureCode.TDX_CERTIFICATION_DATA);

        QuoteSurgery twoLeaves = QuoteSurgery.of(q);
        twoLeaves.pem = (pems.get(0) + pems.get(0) + pems.get(1)).getBytes(StandardCharsets.US_ASCII);
        assertThat(code(() -> verifyDcap(twoLeaves.build()))).isEqualTo(FailureCode.TDX_PCK_PROFILE);

        QuoteSurgery stranger = QuoteSurgery.of(q);
        stranger.pem = (pems.get(0) + pems.get(1) + pems.get(2) + new String(dev.rats.testkit.Vectors.bytes(
                "tdx/go-tdx-guest/derived/tcbInfoIssuerChain.pem"), StandardCharsets.US_ASCII)).getBytes(StandardCharsets.US_ASCII);
        assertThat(code(() -> verifyDcap(stranger.build()))).isEqualTo(FailureCode.TDX_PCK_PROFILE);

        // the go-tdx-guest chain under the dcap-qvl quote: the chain verifies, the QE report signature does not
        QuoteSurgery otherLeaf = QuoteSurgery.of(q);
        otherLeaf.pem = TdxQuoteParser.parse(TdxVectors.goQuote()).signatureData().pckChainPem().toByteArray();
        TdxEvidence swapped = TdxVectors.evidence(otherLeaf.build());
        assertThat(code(() -> new TdxQuoteVerifier().verify(swapped,
                TdxVerificationContext.offline(TdxVectors.DCAP_AT, TdxVectors.anchors()))))
                .isEqualTo(FailureCode.TDX_QE_REPORT_SIGNATURE);
    }

    @Test
    void verificationOutsideTheValidityPeriodsFails() throws EvidenceException {
        TdxEvidence e = TdxVectors.evidence(TdxVectors.dcapQuote());
        TdxQuoteVerifier verifier = new TdxQuoteVerifier();
        // the PCK leaf is valid from 2025-02-06T23:25:51Z; the Platform CA until 2033-05-21
        assertThat(code(() -> verifier.verify(e, TdxVerificationContext.offline(Instant.parse("2025-02-06T23:25:50Z"),
                TdxVectors.anchors())))).isEqualTo(FailureCode.CERTIFICATE_NOT_YET_VALID);
        assertThat(code(() -> verifier.verify(e, TdxVerificationContext.offline(Instant.parse("2033-06-01T00:00:00Z"),
                TdxVectors.anchors())))).isEqualTo(FailureCode.CERTIFICATE_EXPIRED);
        // the go-tdx-guest PCK leaf expires 2029-09-20T13:20:31Z
        TdxEvidence go = TdxVectors.evidence(TdxVectors.goQuote());
        assertThat(code(() -> verifier.verify(go, TdxVerificationContext.offline(Instant.parse("2029-09-20T13:20:32Z"),
                TdxVectors.anchors())))).isEqualTo(FailureCode.CERTIFICATE_EXPIRED);
        verifier.verify(go, TdxVerificationContext.offline(Instant.parse("2029-09-20T13:20:31Z"), TdxVectors.anchors()));
    }

    @Test
    void crlsOutsideTheirWindowAreInvalid() throws EvidenceException {
        TdxEvidence e = TdxVectors.evidence(TdxVectors.dcapQuote());
        // the dcap-qvl PCK CRL: 2025-06-19T10:00:35Z … 2025-07-19T10:00:35Z
        assertThat(code(() -> new TdxQuoteVerifier().verify(e, TdxVectors.dcapContext().at(Instant.parse("2025-07-19T10:00:36Z")))))
                .isEqualTo(FailureCode.CRL_INVALID);
        assertThat(code(() -> new TdxQuoteVerifier().verify(e, TdxVectors.dcapContext().at(Instant.parse("2025-06-19T10:00:34Z")))))
                .isEqualTo(FailureCode.CRL_INVALID);
        // the go-tdx-guest CRLs (2023) are stale in 2025, though signed by the same Intel CAs
        assertThat(code(() -> new TdxQuoteVerifier().verify(e, TdxVectors.dcapContext().withCrlSource(TdxVectors.goCrls(), true))))
                .isEqualTo(FailureCode.CRL_INVALID);
    }

    @Test
    void crlsFromTheWrongIssuerOrWithBadSignaturesAreInvalid() throws Exception {
        TdxEvidence e = TdxVectors.evidence(TdxVectors.dcapQuote());
        X509CRL root = TdxVectors.dcapCrl("root_ca_crl");
        X509CRL pck = TdxVectors.dcapCrl("pck_crl");
        assertThat(code(() -> new TdxQuoteVerifier().verify(e, TdxVectors.dcapContext().withCrlSource(IntelCrlSource.of(pck, pck), true))))
                .isEqualTo(FailureCode.CRL_INVALID);
        assertThat(code(() -> new TdxQuoteVerifier().verify(e, TdxVectors.dcapContext().withCrlSource(IntelCrlSource.of(root, root), true))))
                .isEqualTo(FailureCode.CRL_INVALID);
        // a CRL with the right issuer name but another signer
        X509CRL forged = forgedCrl(pck);
        assertThat(code(() -> new TdxQuoteVerifier().verify(e, TdxVectors.dcapContext().withCrlSource(IntelCrlSource.of(root, forged), true))))
                .isEqualTo(FailureCode.CRL_INVALID);
    }

    @Test
    void missingCrlsFailOnlyWhenRequired() throws EvidenceException {
        TdxEvidence e = TdxVectors.evidence(TdxVectors.dcapQuote());
        X509CRL root = TdxVectors.dcapCrl("root_ca_crl");
        X509CRL pck = TdxVectors.dcapCrl("pck_crl");
        IntelCrlSource onlyRoot = new IntelCrlSource() {
            @Override
            public Optional<X509CRL> rootCaCrl() {
                return Optional.of(root);
            }

            @Override
            public Optional<X509CRL> pckCrl(PckCaType ca) {
                return Optional.empty();
            }
        };
        IntelCrlSource down = new IntelCrlSource() {
            @Override
            public Optional<X509CRL> rootCaCrl() throws EvidenceException {
                throw new CollateralUnavailableException(FailureCode.ENDORSEMENT_UNAVAILABLE, "PCS is down", Optional.empty(), null);
            }

            @Override
            public Optional<X509CRL> pckCrl(PckCaType ca) {
                return Optional.of(pck);
            }
        };
        TdxVerificationContext ctx = TdxVectors.dcapContext();
        assertThat(code(() -> new TdxQuoteVerifier().verify(e, ctx.withCrlSource(IntelCrlSource.NONE, true))))
                .isEqualTo(FailureCode.CRL_UNAVAILABLE);
        assertThat(code(() -> new TdxQuoteVerifier().verify(e, ctx.withCrlSource(onlyRoot, true))))
                .isEqualTo(FailureCode.CRL_UNAVAILABLE);
        assertThat(code(() -> new TdxQuoteVerifier().verify(e, ctx.withCrlSource(down, true))))
                .isEqualTo(FailureCode.ENDORSEMENT_UNAVAILABLE);
        assertThat(new TdxQuoteVerifier().verify(e, ctx.withCrlSource(onlyRoot, false)).revocation())
                .isEqualTo(PckRevocationStatus.NOT_CHECKED);
        assertThat(new TdxQuoteVerifier().verify(e, ctx.withCrlSource(down, false)).revocation())
                .isEqualTo(PckRevocationStatus.NOT_CHECKED);
    }

    /** The Root CA CRL, PCK CRL and all three certificates are verified with the serials they list. */
    @Test
    void realCrlsDoNotListTheRealChain() throws EvidenceException {
        X509CRL pck = TdxVectors.dcapCrl("pck_crl");
        VerifiedTdxQuote v = verifyDcap(TdxVectors.dcapQuote());
        assertThat(pck.getRevokedCertificates()).isNotEmpty();
        assertThat(pck.getRevokedCertificate(v.pckCertificate().getSerialNumber())).isNull();
    }

    // --- helpers

    static List<String> pemBlocks(TdxQuote q) {
        String text = new String(q.signatureData().pckChainPem().toByteArray(), StandardCharsets.US_ASCII);
        Matcher m = Pattern.compile("-----BEGIN CERTIFICATE-----.*?-----END CERTIFICATE-----\\n?", Pattern.DOTALL).matcher(text);
        List<String> out = new ArrayList<>();
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    /** A self-signed P-256 certificate with the Intel SGX Root CA's name and a throwaway key. */
    static X509Certificate selfSignedIntelLookalike() throws Exception {
        KeyPair kp = dev.rats.testkit.Keys.ec("secp256r1");
        X500Name name = new X500Name("CN=Intel SGX Root CA, O=Intel Corporation, L=Santa Clara, ST=CA, C=US");
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(42),
                Date.from(Instant.parse("2018-05-21T10:45:10Z")), Date.from(Instant.parse("2049-12-31T23:59:59Z")), name,
                kp.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(1));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate())));
    }

    /** A CRL with {@code template}'s issuer name and dates, signed by a throwaway key. */
    static X509CRL forgedCrl(X509CRL template) throws Exception {
        return crl(template, null);
    }

    private static X509CRL crl(X509CRL template, BigInteger revoked) throws Exception {
        KeyPair kp = dev.rats.testkit.Keys.ec("secp256r1");
        var b = new org.bouncycastle.cert.X509v2CRLBuilder(X500Name.getInstance(template.getIssuerX500Principal().getEncoded()),
                template.getThisUpdate());
        b.setNextUpdate(template.getNextUpdate());
        if (revoked != null) {
            b.addCRLEntry(revoked, template.getThisUpdate(), org.bouncycastle.asn1.x509.CRLReason.keyCompromise);
        }
        var holder = b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate()));
        return new org.bouncycastle.cert.jcajce.JcaX509CRLConverter().getCRL(holder);
    }
}
