package dev.rats.evidence.snp;

import static dev.rats.evidence.snp.SnpTestSupport.AT;
import static dev.rats.evidence.snp.SnpTestSupport.NOT_BEFORE;
import static dev.rats.evidence.snp.SnpTestSupport.assertFails;
import static dev.rats.evidence.snp.SnpTestSupport.codeOf;
import static dev.rats.evidence.snp.SnpTestSupport.evidence;
import static dev.rats.evidence.snp.SnpTestSupport.pki;
import static dev.rats.evidence.snp.SnpTestSupport.pkiBuilder;
import static dev.rats.evidence.snp.SnpTestSupport.product;
import static dev.rats.evidence.snp.SnpTestSupport.rogueRsa4096;
import static dev.rats.evidence.snp.SnpTestSupport.tcb;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rats.evidence.CollateralUnavailableException;
import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.FailureCode;
import dev.rats.evidence.SnpEvidence;
import dev.rats.evidence.binary.Bytes;
import dev.rats.testkit.Keys;
import dev.rats.testkit.snp.AmdCertRole;
import dev.rats.testkit.snp.AmdExtensions;
import dev.rats.testkit.snp.AmdTestPki;
import dev.rats.testkit.snp.CertSpec;
import dev.rats.testkit.snp.SignatureScheme;
import dev.rats.testkit.snp.SimProduct;
import dev.rats.testkit.snp.SimulatedSnpAttester;
import dev.rats.testkit.snp.SnpCertTableBuilder;
import dev.rats.testkit.snp.SnpTcb;
import java.io.IOException;
import java.math.BigInteger;
import java.security.cert.X509CRL;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One test per verification check of {@link SnpVerifier} (sev-snp.md §3, §5.3 B–D), each asserting its
 * {@link FailureCode}. Each negative breaks exactly one property with a testkit knob and re-signs.
 */
class SnpVerifierNegativeTest {

    private static final SimProduct MILAN = SimProduct.MILAN;

    // ------------------------------------------------------------------ helpers

    /** A v3 VCEK-signed report of the PKI's chip, with VCEK, ASK and ARK. */
    private static dev.rats.testkit.snp.SnpEvidence vcekEvidence(AmdTestPki pki) {
        return SimulatedSnpAttester.vcek(pki).report().build();
    }

    private static SnpVerificationContext ctx(AmdTestPki... pkis) {
        return SnpVerificationContext.offline(AT, SimulatedAnchors.of(pkis));
    }

    private static FailureCode verifyCode(SnpEvidence e, SnpVerificationContext ctx) {
        return codeOf(() -> new SnpVerifier().verify(e, ctx));
    }

    /** The code of verifying the PKI's own full VCEK evidence under its own anchors. */
    private static FailureCode chainCode(AmdTestPki pki) throws EvidenceException {
        return verifyCode(evidence(vcekEvidence(pki)), ctx(pki));
    }

    private static FailureCode vlekChainCode(AmdTestPki pki) throws EvidenceException {
        return verifyCode(evidence(SimulatedSnpAttester.vlek(pki).report().build()), ctx(pki));
    }

    private static AmdTestPki customized(SimProduct p, AmdCertRole role, UnaryOperator<CertSpec> change) {
        return pkiBuilder(p).customize(role, change).build();
    }

    private static void assertVerifies(AmdTestPki pki) throws EvidenceException {
        assertThat(new SnpVerifier().verify(evidence(vcekEvidence(pki)), ctx(pki)).product())
                .isEqualTo(product(pki.product()));
    }

    private static Instant years(int n) {
        return NOT_BEFORE.atOffset(ZoneOffset.UTC).plusYears(n).toInstant();
    }

    // ------------------------------------------------------------------ B: product

    @Test
    void productUnknownForVeniceCpuid() throws EvidenceException {
        AmdTestPki pki = pki(MILAN);
        var ev = SimulatedSnpAttester.vcek(pki).report().cpuid(0x1A, 0x50, 0x00).build();
        assertThat(verifyCode(evidence(ev), ctx(pki(MILAN), pki(SimProduct.GENOA), pki(SimProduct.TURIN))))
                .isEqualTo(FailureCode.SNP_PRODUCT_UNKNOWN);
    }

    @Test
    void productUnknownForVersion2WithoutVcekFallbackOrTurinChipId() throws EvidenceException {
        AmdTestPki pki = pki(MILAN);
        var ev = SimulatedSnpAttester.vcek(pki).report().version(2).build();
        SnpEvidence e = new SnpEvidence(SnpReportParser.parse(ev.report()), List.of());
        assertThat(verifyCode(e, ctx(pki).withVcekSource((p, hw, t) -> Optional.of(Bytes.of(ev.vekDer())))))
                .isEqualTo(FailureCode.SNP_PRODUCT_UNKNOWN);
    }

    @Test
    void productUnknownForVersion2WithZeroChipIdAndNoVcek() throws EvidenceException {
        var ev = SimulatedSnpAttester.vcek(pki(SimProduct.TURIN)).report().version(2).chipId(new byte[0]).build();
        assertThat(verifyCode(new SnpEvidence(SnpReportParser.parse(ev.report()), List.of()), ctx(pki(SimProduct.TURIN))))
                .isEqualTo(FailureCode.SNP_PRODUCT_UNKNOWN);
    }

    // ------------------------------------------------------------------ C12: anchors and pinning

    @Test
    void noTrustAnchorForTheProduct() throws EvidenceException {
        assertThat(verifyCode(evidence(vcekEvidence(pki(MILAN))), ctx(pki(SimProduct.GENOA), pki(SimProduct.TURIN))))
                .isEqualTo(FailureCode.SNP_NO_TRUST_ANCHOR);
    }

    @Test
    void arkNotPinnedWhenTheEvidenceCarriesAnotherSelfSignedArkMilan() throws EvidenceException {
        AmdTestPki pki = pki(MILAN);
        AmdTestPki rogue = pkiBuilder(MILAN).keyPair(AmdCertRole.ARK, rogueRsa4096()).build();
        assertThat(rogue.ark().getSubjectX500Principal()).isEqualTo(pki.ark().getSubjectX500Principal());
        var ev = vcekEvidence(pki);
        assertThat(verifyCode(evidence(ev.report(), ev.vekDer(), ev.intermediateDer(), rogue.der(AmdCertRole.ARK)), ctx(pki)))
                .isEqualTo(FailureCode.SNP_ARK_NOT_PINNED);
    }

    @Test
    void arkNotPinnedEvenWhenItHasThePinnedKey() throws EvidenceException {
        // same key and names, different certificate: only a byte-identical copy of the pin is acceptable
        AmdTestPki pki = pki(MILAN);
        AmdTestPki twin = pkiBuilder(MILAN).build();
        assertThat(twin.der(AmdCertRole.ARK)).isNotEqualTo(pki.der(AmdCertRole.ARK));
        var ev = vcekEvidence(pki);
        assertThat(verifyCode(evidence(ev.report(), ev.vekDer(), ev.intermediateDer(), twin.der(AmdCertRole.ARK)), ctx(pki)))
                .isEqualTo(FailureCode.SNP_ARK_NOT_PINNED);
    }

    @Test
    void completeRogueChainDoesNotVerifyUnderThePinnedArk() throws EvidenceException {
        // go-sev-guest #185: a chain that is self-consistent but rooted in another ARK must fail
        AmdTestPki rogue = pkiBuilder(MILAN).keyPair(AmdCertRole.ARK, rogueRsa4096()).build();
        var ev = vcekEvidence(rogue);
        assertThat(verifyCode(evidence(ev.report(), ev.vekDer(), ev.intermediateDer()), ctx(pki(MILAN))))
                .isEqualTo(FailureCode.SNP_CHAIN_SIGNATURE);
        assertThat(verifyCode(evidence(ev), ctx(pki(MILAN)))).isEqualTo(FailureCode.SNP_ARK_NOT_PINNED);
    }

    // ------------------------------------------------------------------ C13: chain signatures

    @Test
    void chainSignatureVcekSignedByAnotherKey() throws EvidenceException {
        AmdTestPki pki = customized(MILAN, AmdCertRole.VCEK, s -> s.withSigningKey(rogueRsa4096().getPrivate()));
        assertThat(chainCode(pki)).isEqualTo(FailureCode.SNP_CHAIN_SIGNATURE);
    }

    @Test
    void chainSignatureAskSignedByAnotherKey() throws EvidenceException {
        AmdTestPki pki = customized(MILAN, AmdCertRole.ASK, s -> s.withSigningKey(rogueRsa4096().getPrivate()));
        assertThat(chainCode(pki)).isEqualTo(FailureCode.SNP_CHAIN_SIGNATURE);
    }

    @Test
    void chainSignatureAsvkSignedByAnotherKey() throws EvidenceException {
        AmdTestPki pki = customized(MILAN, AmdCertRole.ASVK, s -> s.withSigningKey(rogueRsa4096().getPrivate()));
        assertThat(vlekChainCode(pki)).isEqualTo(FailureCode.SNP_CHAIN_SIGNATURE);
    }

    @Test
    void chainSignatureArkNotSelfSigned() throws EvidenceException {
        AmdTestPki pki = customized(MILAN, AmdCertRole.ARK, s -> s.withSigningKey(rogueRsa4096().getPrivate()));
        assertThat(chainCode(pki)).isEqualTo(FailureCode.SNP_CHAIN_SIGNATURE);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 10, 100})
    void chainSignatureTamperedVcekSignatureBytes(int fromEnd) throws EvidenceException {
        AmdTestPki pki = pki(MILAN);
        var ev = vcekEvidence(pki);
        byte[] vcek = ev.vekDer();
        vcek[vcek.length - fromEnd] ^= 0x01; // inside the signature BIT STRING
        assertThat(verifyCode(evidence(ev.report(), vcek, ev.intermediateDer(), ev.arkDer()), ctx(pki)))
                .isEqualTo(FailureCode.SNP_CHAIN_SIGNATURE);
    }

    @Test
    void chainSignatureVcekOfAnotherChainUnderThisAsk() throws EvidenceException {
        AmdTestPki pki = pki(MILAN);
        AmdTestPki other = pkiBuilder(MILAN).keyPair(AmdCertRole.ASK, rogueRsa4096()).build();
        var ev = SimulatedSnpAttester.vcek(other).report().build();
        // the VCEK is signed by another ASK key; the ASK is taken from the anchors
        assertThat(verifyCode(evidence(ev.report(), ev.vekDer()), ctx(pki))).isEqualTo(FailureCode.SNP_CHAIN_SIGNATURE);
    }

    // ------------------------------------------------------------------ C14: certificate profile

    @Test
    void profileWrongSubjectCnOnTheSuppliedAsk() throws EvidenceException {
        AmdTestPki pki = customized(MILAN, AmdCertRole.ASK, s -> s.withSubjectCn("SEV-Milan-Rogue"));
        assertThat(chainCode(pki)).isEqualTo(FailureCode.SNP_CERT_PROFILE);
    }

    @Test
    void profileWrongSubjectCnOnTheAnchorAsk() throws EvidenceException {
        AmdTestPki pki = customized(MILAN, AmdCertRole.ASK, s -> s.withSubjectCn("SEV-Milan-Rogue"));
        var ev = vcekEvidence(pki);
        assertThat(verifyCode(evidence(ev.report(), ev.vekDer()), ctx(pki))).isEqualTo(FailureCode.SNP_CERT_PROFILE);
    }

    @Test
    void profileWrongSubjectCnOnTheArk() throws EvidenceException {
        AmdTestPki pki = customized(MILAN, AmdCertRole.ARK, s -> s.withSubjectCn("ARK-Rogue").withIssuerCn("ARK-Rogue"));
        var ev = vcekEvidence(pki);
        assertThat(verifyCode(evidence(ev.report(), ev.vekDer()), ctx(pki))).isEqualTo(FailureCode.SNP_CERT_PROFILE);
    }

    @Test
    void profileWrongSubjectCnOnASuppliedVcekWhenTheSourceHasTheRealOne() throws EvidenceException {
        AmdTestPki pki = pki(MILAN);
        AmdTestPki renamed = pkiBuilder(MILAN).hwId(pki.hwId())
                .customize(AmdCertRole.VCEK, s -> s.withSubjectCn("SEV-VCEK-X")).build();
        var ev = vcekEvidence(pki);
        SnpEvidence e = evidence(ev.report(), renamed.der(AmdCertRole.VCEK), ev.intermediateDer());
        assertThat(verifyCode(e, ctx(pki).withVcekSource((p, hw, t) -> Optional.of(Bytes.of(ev.vekDer())))))
                .isEqualTo(FailureCode.SNP_CERT_PROFILE);
    }

    @Test
    void profileWrongIssuerCnOnTheVcek() throws EvidenceException {
        assertThat(chainCode(customized(MILAN, AmdCertRole.VCEK, s -> s.withIssuerCn("SEV-Genoa"))))
                .isEqualTo(FailureCode.SNP_CERT_PROFILE);
    }

    @Test
    void profileWrongIssuerCnOnTheAsk() throws EvidenceException {
        assertThat(chainCode(customized(MILAN, AmdCertRole.ASK, s -> s.withIssuerCn("ARK-Genoa"))))
                .isEqualTo(FailureCode.SNP_CERT_PROFILE);
    }

    @Test
    void profileVlekIssuedUnderTheAskName() throws EvidenceException {
        assertThat(vlekChainCode(customized(MILAN, AmdCertRole.VLEK, s -> s.withIssuerCn("SEV-Milan"))))
                .isEqualTo(FailureCode.SNP_CERT_PROFILE);
    }

    static Stream<Arguments> dnAttributes() {
        List<Arguments> out = new ArrayList<>();
        for (String side : List.of("subject", "issuer")) {
            for (ASN1ObjectIdentifier type : List.of(BCStyle.O, BCStyle.OU, BCStyle.L, BCStyle.ST, BCStyle.C)) {
                out.add(Arguments.of(side, BCStyle.INSTANCE.oidToDisplayName(type), type, null));
                out.add(Arguments.of(side, BCStyle.INSTANCE.oidToDisplayName(type), type, type == BCStyle.C ? "DE" : "Other"));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "VCEK {0} {1} = {3}")
    @MethodSource("dnAttributes")
    void profileVcekDnAttributeMissingOrWrong(String side, String name, ASN1ObjectIdentifier type, String value)
            throws EvidenceException {
        UnaryOperator<CertSpec> change = side.equals("subject")
                ? (value == null ? s -> s.withoutSubjectAttribute(type) : s -> s.withSubjectAttribute(type, value))
                : (value == null ? s -> s.withoutIssuerAttribute(type) : s -> s.withIssuerAttribute(type, value));
        assertThat(chainCode(customized(MILAN, AmdCertRole.VCEK, change))).isEqualTo(FailureCode.SNP_CERT_PROFILE);
    }

    static Stream<Arguments> caSubjectAttributes() {
        return dnAttributes().filter(a -> a.get()[0].equals("subject"));
    }

    @ParameterizedTest(name = "ASK subject {1} = {3}")
    @MethodSource("caSubjectAttributes")
    void profileAnchorAskDnAttributeMissingOrWrong(String side, String name, ASN1ObjectIdentifier type, String value)
            throws EvidenceException {
        UnaryOperator<CertSpec> change = value == null ? s -> s.withoutSubjectAttribute(type) : s -> s.withSubjectAttribute(type, value);
        // evidence without the ASK: the anchors' ASK is profile-checked (the VCEK's issuer follows the ASK subject)
        AmdTestPki pki = customized(MILAN, AmdCertRole.ASK, change);
        var ev = vcekEvidence(pki);
        assertThat(verifyCode(evidence(ev.report(), ev.vekDer()), ctx(pki))).isEqualTo(FailureCode.SNP_CERT_PROFILE);
    }

    @ParameterizedTest(name = "ARK subject/issuer {1} = {3}")
    @MethodSource("caSubjectAttributes")
    void profileArkDnAttributeMissingOrWrong(String side, String name, ASN1ObjectIdentifier type, String value)
            throws EvidenceException {
        UnaryOperator<CertSpec> change = value == null
                ? s -> s.withoutSubjectAttribute(type).withoutIssuerAttribute(type)
                : s -> s.withSubjectAttribute(type, value).withIssuerAttribute(type, value);
        AmdTestPki pki = customized(MILAN, AmdCertRole.ARK, change);
        var ev = vcekEvidence(pki);
        assertThat(verifyCode(evidence(ev.report(), ev.vekDer()), ctx(pki))).isEqualTo(FailureCode.SNP_CERT_PROFILE);
    }

    @Test
    void profileExtraDnAttribute() throws EvidenceException {
        assertThat(chainCode(customized(MILAN, AmdCertRole.VCEK, s -> s.withSubjectAttribute(BCStyle.SERIALNUMBER, "1"))))
                .isEqualTo(FailureCode.SNP_CERT_PROFILE);
    }

    @Test
    void profileSecondOrganizationalUnit() throws EvidenceException {
        X500Name base = AmdTestPki.amdName("SEV-VCEK");
        RDN[] rdns = Arrays.copyOf(base.getRDNs(), base.getRDNs().length + 1);
        rdns[rdns.length - 1] = new RDN(BCStyle.OU, new DERUTF8String("Engineering"));
        X500Name twoOus = new X500Name(rdns);
        assertThat(chainCode(customized(MILAN, AmdCertRole.VCEK, s -> s.withSubject(twoOus))))
                .isEqualTo(FailureCode.SNP_CERT_PROFILE);
    }

    @ParameterizedTest
    @EnumSource(value = AmdCertRole.class, names = {"ARK", "ASK", "VCEK"})
    void profileNonPssSignature(AmdCertRole role) throws EvidenceException {
        assertThat(chainCode(customized(MILAN, role, s -> s.withSignatureScheme(SignatureScheme.of("SHA384withRSA")))))
                .isEqualTo(FailureCode.SNP_CERT_PROFILE);
    }

    @ParameterizedTest
    @EnumSource(value = AmdCertRole.class, names = {"ARK", "ASK", "VCEK"})
    void profilePssWithSalt32(AmdCertRole role) throws EvidenceException {
        assertThat(chainCode(customized(MILAN, role, s -> s.withSignatureScheme(SignatureScheme.rsaPss("SHA-384", 32, true)))))
                .isEqualTo(FailureCode.SNP_CERT_PROFILE);
    }

    @ParameterizedTest
    @EnumSource(value = AmdCertRole.class, names = {"ARK", "ASK", "VCEK"})
    void profilePssWithSha256(AmdCertRole role) throws EvidenceException {
        assertThat(chainCode(customized(MILAN, role, s -> s.withSignatureScheme(SignatureScheme.rsaPss("SHA-256", 48, true)))))
                .isEqualTo(FailureCode.SNP_CERT_PROFILE);
    }

    @ParameterizedTest
    @EnumSource(value = AmdCertRole.class, names = {"ARK", "ASK", "VCEK"})
    void profilePssWithSha512(AmdCertRole role) throws EvidenceException {
        assertThat(chainCode(customized(MILAN, role, s -> s.withSignatureScheme(SignatureScheme.rsaPss("SHA-512", 48, true)))))
                .isEqualTo(FailureCode.SNP_CERT_PROFILE);
    }

    @Test
    void pssWithoutExplicitTrailerIsAccepted() throws EvidenceException {
        // the real Turin VCEK omits the default trailer field
        assertVerifies(customized(MILAN, AmdCertRole.VCEK, s -> s.withSignatureScheme(SignatureScheme.rsaPss("SHA-384", 48, false))));
        assertVerifies(customized(MILAN, AmdCertRole.ASK, s -> s.withSignatureScheme(SignatureScheme.rsaPss("SHA-384", 48, false))));
    }

    @Test
    void profileVcekWithP256Key() throws EvidenceException {
        assertThat(chainCode(pkiBuilder(MILAN).keyPair(AmdCertRole.VCEK, Keys.ec("secp256r1")).build()))
                .isEqualTo(FailureCode.SNP_CERT_PROFILE);
    }

    @Test
    void profileVcekWithRsaKey() throws EvidenceException {
        AmdTestPki pki = pkiBuilder(MILAN).keyPair(AmdCertRole.VCEK, Keys.rsa(2048)).build();
        var ev = SimulatedSnpAttester.vcek(pki).report().signWith(Keys.ecP384().getPrivate()).build();
        assertThat(verifyCode(evidence(ev), ctx(pki))).isEqualTo(FailureCode.SNP_CERT_PROFILE);
    }

    @Test
    void profileAskWithRsa2048Key() throws EvidenceException {
        assertThat(chainCode(pkiBuilder(MILAN).keyPair(AmdCertRole.ASK, Keys.rsa(2048)).build()))
                .isEqualTo(FailureCode.SNP_CERT_PROFILE);
    }

    @Test
    void profileArkWithRsa2048Key() throws EvidenceException {
        assertThat(chainCode(pkiBuilder(MILAN).keyPair(AmdCertRole.ARK, Keys.rsa(2048)).build()))
                .isEqualTo(FailureCode.SNP_CERT_PROFILE);
    }

    @Test
    void profileAskWithoutBasicConstraints() throws EvidenceException {
        assertThat(chainCode(customized(MILAN, AmdCertRole.ASK, s -> s.withoutExtension(Extension.basicConstraints))))
                .isEqualTo(FailureCode.SNP_CERT_PROFILE);
    }

    @Test
    void profileAskWithBasicConstraintsNotCa() throws EvidenceException {
        Extension notCa = new Extension(Extension.basicConstraints, true, der(new BasicConstraints(false)));
        assertThat(chainCode(customized(MILAN, AmdCertRole.ASK, s -> s.withExtension(notCa))))
                .isEqualTo(FailureCode.SNP_CERT_PROFILE);
    }

    @Test
    void profileArkWithoutBasicConstraints() throws EvidenceException {
        assertThat(chainCode(customized(MILAN, AmdCertRole.ARK, s -> s.withoutExtension(Extension.basicConstraints))))
                .isEqualTo(FailureCode.SNP_CERT_PROFILE);
    }

    @Test
    void profileAskKeyUsageWithoutKeyCertSign() throws EvidenceException {
        // digitalSignature only: 03 02 07 80
        Extension ku = AmdExtensions.keyUsage(new byte[] {0x03, 0x02, 0x07, (byte) 0x80});
        assertThat(chainCode(customized(MILAN, AmdCertRole.ASK, s -> s.withExtension(ku))))
                .isEqualTo(FailureCode.SNP_CERT_PROFILE);
    }

    @Test
    void profileAskWithoutKeyUsage() throws EvidenceException {
        assertThat(chainCode(customized(MILAN, AmdCertRole.ASK, s -> s.withoutExtension(Extension.keyUsage))))
                .isEqualTo(FailureCode.SNP_CERT_PROFILE);
    }

    @Test
    void profileAskCrlDistributionPointWithWrongUrl() throws EvidenceException {
        Extension cdp = AmdExtensions.crlDistributionPoints("https://kdsintf.amd.com/vcek/v1/Genoa/crl");
        assertThat(chainCode(customized(MILAN, AmdCertRole.ASK, s -> s.withExtension(cdp))))
                .isEqualTo(FailureCode.SNP_CERT_PROFILE);
    }

    @Test
    void profileAskCrlDistributionPointWithTheVlekUrl() throws EvidenceException {
        Extension cdp = AmdExtensions.crlDistributionPoints(AmdExtensions.crlUrl(MILAN, true));
        assertThat(chainCode(customized(MILAN, AmdCertRole.ASK, s -> s.withExtension(cdp))))
                .isEqualTo(FailureCode.SNP_CERT_PROFILE);
    }

    @Test
    void profileAsvkCrlDistributionPointWithTheVcekUrl() throws EvidenceException {
        Extension cdp = AmdExtensions.crlDistributionPoints(AmdExtensions.crlUrl(MILAN, false));
        assertThat(vlekChainCode(customized(MILAN, AmdCertRole.ASVK, s -> s.withExtension(cdp))))
                .isEqualTo(FailureCode.SNP_CERT_PROFILE);
    }

    @Test
    void profileAskWithTwoCrlDistributionPoints() throws EvidenceException {
        String url = AmdExtensions.crlUrl(MILAN, false);
        Extension cdp = AmdExtensions.crlDistributionPoints(url, url);
        assertThat(chainCode(customized(MILAN, AmdCertRole.ASK, s -> s.withExtension(cdp))))
                .isEqualTo(FailureCode.SNP_CERT_PROFILE);
    }

    @Test
    void profileAskWithoutCrlDistributionPoint() throws EvidenceException {
        assertThat(chainCode(customized(MILAN, AmdCertRole.ASK, s -> s.withoutExtension(Extension.cRLDistributionPoints))))
                .isEqualTo(FailureCode.SNP_CERT_PROFILE);
    }

    @Test
    void profileArkWithoutCrlDistributionPoint() throws EvidenceException {
        assertThat(chainCode(customized(MILAN, AmdCertRole.ARK, s -> s.withoutExtension(Extension.cRLDistributionPoints))))
                .isEqualTo(FailureCode.SNP_CERT_PROFILE);
    }

    @Test
    void profileVcekIsNotX509v3() throws EvidenceException {
        assertThat(chainCode(customized(MILAN, AmdCertRole.VCEK, s -> s.withVersion(1))))
                .isEqualTo(FailureCode.SNP_CERT_PROFILE);
    }

    @Test
    void profileExtraNonAmdExtensionOnTheVcek() throws EvidenceException {
        AmdTestPki base = pki(MILAN);
        Extension ski = AmdExtensions.subjectKeyIdentifier(base.keyPair(AmdCertRole.VCEK).getPublic());
        assertThat(chainCode(customized(MILAN, AmdCertRole.VCEK, s -> s.withAddedExtension(ski))))
                .isEqualTo(FailureCode.SNP_CERT_PROFILE);
    }

    @Test
    void authorityKeyIdentifierOnTheVcekIsTolerated() throws EvidenceException {
        Extension aki = AmdExtensions.authorityKeyIdentifier(pki(MILAN).keyPair(AmdCertRole.ASK).getPublic());
        assertVerifies(customized(MILAN, AmdCertRole.VCEK, s -> s.withAddedExtension(aki)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "2", "3.1", "3.8", "4"})
    void profileCriticalAmdExtension(String arc) throws EvidenceException {
        ASN1ObjectIdentifier oid = AmdExtensions.AMD_PREFIX.branch(arc);
        assertThat(chainCode(customized(MILAN, AmdCertRole.VCEK, s -> s.withCritical(oid, true))))
                .isEqualTo(FailureCode.SNP_CERT_PROFILE);
    }

    static Stream<Arguments> requiredVcekExtensions() {
        List<Arguments> out = new ArrayList<>();
        for (SimProduct p : SimProduct.values()) {
            for (ASN1ObjectIdentifier oid : List.of(AmdExtensions.STRUCT_VERSION, AmdExtensions.PRODUCT_NAME,
                    AmdExtensions.BL_SPL, AmdExtensions.TEE_SPL, AmdExtensions.SNP_SPL, AmdExtensions.UCODE_SPL,
                    AmdExtensions.HW_ID)) {
                out.add(Arguments.of(p, oid));
            }
        }
        out.add(Arguments.of(SimProduct.TURIN, AmdExtensions.FMC_SPL));
        return out.stream();
    }

    @ParameterizedTest(name = "{0} without {1}")
    @MethodSource("requiredVcekExtensions")
    void profileVcekMissingARequiredExtension(SimProduct p, ASN1ObjectIdentifier oid) throws EvidenceException {
        assertThat(chainCode(customized(p, AmdCertRole.VCEK, s -> s.withoutExtension(oid))))
                .isEqualTo(FailureCode.SNP_CERT_PROFILE);
    }

    @Test
    void profileMissingHwId() throws EvidenceException {
        assertThat(chainCode(customized(MILAN, AmdCertRole.VCEK, s -> s.withoutExtension(AmdExtensions.HW_ID))))
                .isEqualTo(FailureCode.SNP_CERT_PROFILE);
    }

    @Test
    void profileMissingUcodeSpl() throws EvidenceException {
        assertThat(chainCode(customized(MILAN, AmdCertRole.VCEK, s -> s.withoutExtension(AmdExtensions.UCODE_SPL))))
                .isEqualTo(FailureCode.SNP_CERT_PROFILE);
    }

    @Test
    void profileTurinVcekWithoutFmcSpl() throws EvidenceException {
        assertThat(chainCode(customized(SimProduct.TURIN, AmdCertRole.VCEK, s -> s.withoutExtension(AmdExtensions.FMC_SPL))))
                .isEqualTo(FailureCode.SNP_CERT_PROFILE);
    }

    @ParameterizedTest
    @EnumSource(value = SimProduct.class, names = {"MILAN", "GENOA"})
    void profileMilanOrGenoaVcekWithFmcSpl(SimProduct p) throws EvidenceException {
        assertThat(chainCode(customized(p, AmdCertRole.VCEK, s -> s.withAddedExtension(AmdExtensions.integer(AmdExtensions.FMC_SPL, 0)))))
                .isEqualTo(FailureCode.SNP_CERT_PROFILE);
    }

    @Test
    void turinVcekWithoutSpl4IsAccepted() throws EvidenceException {
        assertThat(pki(SimProduct.TURIN).spec(AmdCertRole.VCEK).extensions().stream()
                .noneMatch(e -> e.getExtnId().equals(AmdExtensions.SPL_4))).isTrue();
        assertVerifies(pki(SimProduct.TURIN));
    }

    @Test
    void profileWrongStructVersion() throws EvidenceException {
        assertThat(chainCode(pkiBuilder(MILAN).structVersion(1).build())).isEqualTo(FailureCode.SNP_CERT_PROFILE);
        assertThat(chainCode(pkiBuilder(SimProduct.TURIN).structVersion(0).build())).isEqualTo(FailureCode.SNP_CERT_PROFILE);
    }

    @Test
    void profileWrongHwIdLength() throws EvidenceException {
        assertThat(chainCode(pkiBuilder(MILAN).hwId(filled(32, 0x42)).build())).isEqualTo(FailureCode.SNP_CERT_PROFILE);
        assertThat(chainCode(pkiBuilder(SimProduct.TURIN).hwId(filled(64, 0x42)).build())).isEqualTo(FailureCode.SNP_CERT_PROFILE);
    }

    @Test
    void profileVcekCarryingCspId() throws EvidenceException {
        assertThat(chainCode(customized(MILAN, AmdCertRole.VCEK, s -> s.withAddedExtension(AmdExtensions.ia5(AmdExtensions.CSP_ID, "TestCSP")))))
                .isEqualTo(FailureCode.SNP_CERT_PROFILE);
    }

    @Test
    void profileVlekCarryingHwId() throws EvidenceException {
        assertThat(vlekChainCode(customized(MILAN, AmdCertRole.VLEK, s -> s.withAddedExtension(AmdExtensions.hwIdRaw(filled(64, 1))))))
                .isEqualTo(FailureCode.SNP_CERT_PROFILE);
    }

    @Test
    void profileVlekWithoutCspId() throws EvidenceException {
        assertThat(vlekChainCode(customized(MILAN, AmdCertRole.VLEK, s -> s.withoutExtension(AmdExtensions.CSP_ID))))
                .isEqualTo(FailureCode.SNP_CERT_PROFILE);
    }

    @Test
    void profileAmdExtensionValueIsNotDer() throws EvidenceException {
        assertThat(chainCode(customized(MILAN, AmdCertRole.VCEK, s -> s.withExtensionValue(AmdExtensions.BL_SPL, new byte[] {0x02, 0x05, 0x00}))))
                .isEqualTo(FailureCode.SNP_CERT_PROFILE);
        assertThat(chainCode(customized(MILAN, AmdCertRole.VCEK, s -> s.withExtensionValue(AmdExtensions.STRUCT_VERSION, new byte[] {0x02, 0x01, 0x00, 0x00}))))
                .isEqualTo(FailureCode.SNP_CERT_PROFILE);
    }

    @Test
    void profileSplIsNotAnInteger() throws EvidenceException {
        assertThat(chainCode(customized(MILAN, AmdCertRole.VCEK, s -> s.withExtension(AmdExtensions.ia5(AmdExtensions.SNP_SPL, "20")))))
                .isEqualTo(FailureCode.SNP_CERT_PROFILE);
    }

    @ParameterizedTest
    @ValueSource(longs = {256, -1, 1L << 40})
    void profileSplOutOfByteRange(long value) throws EvidenceException {
        assertThat(chainCode(customized(MILAN, AmdCertRole.VCEK, s -> s.withExtension(AmdExtensions.integer(AmdExtensions.TEE_SPL, value)))))
                .isEqualTo(FailureCode.SNP_CERT_PROFILE);
    }

    @Test
    void profileProductNameIsNotAnIa5String() throws EvidenceException {
        Extension utf8 = new Extension(AmdExtensions.PRODUCT_NAME, false, der(new DERUTF8String("Milan-B0")));
        assertThat(chainCode(customized(MILAN, AmdCertRole.VCEK, s -> s.withExtension(utf8))))
                .isEqualTo(FailureCode.SNP_CERT_PROFILE);
    }

    @Test
    void profileTwoVceksInTheEvidence() throws EvidenceException {
        AmdTestPki pki = pki(MILAN);
        AmdTestPki second = pkiBuilder(MILAN).build();
        var ev = vcekEvidence(pki);
        assertThat(verifyCode(evidence(ev.report(), ev.vekDer(), second.der(AmdCertRole.VCEK), ev.intermediateDer(), ev.arkDer()), ctx(pki)))
                .isEqualTo(FailureCode.SNP_CERT_PROFILE);
        assertThat(verifyCode(evidence(ev.report(), ev.vekDer(), ev.vekDer()), ctx(pki)))
                .isEqualTo(FailureCode.SNP_CERT_PROFILE);
    }

    @Test
    void profileTwoAsksInTheEvidence() throws EvidenceException {
        AmdTestPki pki = pki(MILAN);
        var ev = vcekEvidence(pki);
        assertThat(verifyCode(evidence(ev.report(), ev.vekDer(), ev.intermediateDer(), ev.intermediateDer()), ctx(pki)))
                .isEqualTo(FailureCode.SNP_CERT_PROFILE);
    }

    @Test
    void profileUnexpectedCertificateInTheEvidence() throws EvidenceException {
        AmdTestPki pki = pki(MILAN);
        byte[] stranger = pki.spec(AmdCertRole.ARK).withSubjectCn("Some Other CA").withIssuerCn("Some Other CA").issue();
        var ev = vcekEvidence(pki);
        assertThat(verifyCode(evidence(ev.report(), ev.vekDer(), ev.intermediateDer(), stranger), ctx(pki)))
                .isEqualTo(FailureCode.SNP_CERT_PROFILE);
    }

    // ------------------------------------------------------------------ accepted quirks of real certificates (§6)

    @Test
    void quirkVcekSerialZeroVerifies() throws EvidenceException {
        AmdTestPki pki = pki(MILAN);
        assertThat(pki.vcek().getSerialNumber()).isEqualTo(BigInteger.ZERO);
        assertVerifies(pki);
    }

    @Test
    void quirkUcodeSpl219AsTwoByteIntegerVerifies() throws Exception {
        AmdTestPki pki = pki(MILAN);
        assertThat(pki.tcb().microcode()).isEqualTo(219);
        byte[] value = org.bouncycastle.asn1.ASN1OctetString.getInstance(
                pki.vcek().getExtensionValue(AmdExtensions.UCODE_SPL.getId())).getOctets();
        assertThat(value).containsExactly(0x02, 0x02, 0x00, 0xdb);
        VerifiedSnpEvidence v = new SnpVerifier().verify(evidence(vcekEvidence(pki)), ctx(pki));
        assertThat(v.vek().tcb().microcode()).isEqualTo(219);
        assertThat(v.reportedTcb().microcode()).isEqualTo(219);
    }

    @ParameterizedTest
    @EnumSource(SimProduct.class)
    void quirkHwIdWrappedInAnOctetStringVerifies(SimProduct p) throws EvidenceException {
        byte[] hw = filled(p.hwIdLength(), 0x5A);
        AmdTestPki pki = pkiBuilder(p).hwId(hw).customize(AmdCertRole.VCEK, s -> s.withExtension(AmdExtensions.hwIdWrapped(hw))).build();
        VerifiedSnpEvidence v = new SnpVerifier().verify(evidence(vcekEvidence(pki)), ctx(pki));
        assertThat(v.vek().hwId()).contains(Bytes.of(hw));
    }

    @Test
    void hwIdWrappedButDifferentFromTheChipIdStillMismatches() throws EvidenceException {
        byte[] hw = filled(64, 0x5A);
        byte[] other = filled(64, 0x5B);
        AmdTestPki pki = pkiBuilder(MILAN).hwId(hw).customize(AmdCertRole.VCEK, s -> s.withExtension(AmdExtensions.hwIdWrapped(other))).build();
        assertThat(chainCode(pki)).isEqualTo(FailureCode.SNP_CHIP_ID_MISMATCH);
    }

    // ------------------------------------------------------------------ C15: validity

    static Stream<Arguments> validityCases() {
        List<Arguments> out = new ArrayList<>();
        for (AmdCertRole role : List.of(AmdCertRole.VCEK, AmdCertRole.ASK, AmdCertRole.ARK)) {
            out.add(Arguments.of(role, true));
            out.add(Arguments.of(role, false));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} expired={1}")
    @MethodSource("validityCases")
    void certificateOutsideItsValidity(AmdCertRole role, boolean expired) throws EvidenceException {
        UnaryOperator<CertSpec> window = expired
                ? s -> s.withValidity(NOT_BEFORE, AT.minus(Duration.ofDays(1)))
                : s -> s.withValidity(AT.plus(Duration.ofDays(1)), years(20));
        assertThat(chainCode(customized(MILAN, role, window)))
                .isEqualTo(expired ? FailureCode.CERTIFICATE_EXPIRED : FailureCode.CERTIFICATE_NOT_YET_VALID);
    }

    @ParameterizedTest(name = "{0} expired={1}")
    @MethodSource("validityCases")
    void vlekChainCertificateOutsideItsValidity(AmdCertRole role, boolean expired) throws EvidenceException {
        AmdCertRole vlekRole = switch (role) {
            case VCEK -> AmdCertRole.VLEK;
            case ASK -> AmdCertRole.ASVK;
            default -> role;
        };
        UnaryOperator<CertSpec> window = expired
                ? s -> s.withValidity(NOT_BEFORE, AT.minus(Duration.ofDays(1)))
                : s -> s.withValidity(AT.plus(Duration.ofDays(1)), years(20));
        assertThat(vlekChainCode(customized(MILAN, vlekRole, window)))
                .isEqualTo(expired ? FailureCode.CERTIFICATE_EXPIRED : FailureCode.CERTIFICATE_NOT_YET_VALID);
    }

    @Test
    void validityIsJudgedAtTheVerificationInstant() throws EvidenceException {
        AmdTestPki pki = pki(MILAN);
        SnpEvidence e = evidence(vcekEvidence(pki));
        Instant vcekEnd = pki.vcek().getNotAfter().toInstant();
        Instant caEnd = pki.ask().getNotAfter().toInstant();
        assertThat(vcekEnd).isEqualTo(years(7));
        SnpVerifier verifier = new SnpVerifier();
        // before everything: the ARK is judged first
        assertThat(codeOf(() -> verifier.verify(e, ctx(pki).at(NOT_BEFORE.minusSeconds(1)))))
                .isEqualTo(FailureCode.CERTIFICATE_NOT_YET_VALID);
        // RFC 5280: notBefore and notAfter are inclusive
        assertThat(verifier.verify(e, ctx(pki).at(NOT_BEFORE)).verifiedAt()).isEqualTo(NOT_BEFORE);
        assertThat(verifier.verify(e, ctx(pki).at(vcekEnd)).verifiedAt()).isEqualTo(vcekEnd);
        assertThat(codeOf(() -> verifier.verify(e, ctx(pki).at(vcekEnd.plusSeconds(1)))))
                .isEqualTo(FailureCode.CERTIFICATE_EXPIRED);
        assertThat(codeOf(() -> verifier.verify(e, ctx(pki).at(caEnd.plusSeconds(1)))))
                .isEqualTo(FailureCode.CERTIFICATE_EXPIRED);
        // the cached chain does not remember an earlier instant
        assertThat(verifier.verify(e, ctx(pki)).verifiedAt()).isEqualTo(AT);
    }

    // ------------------------------------------------------------------ C16: revocation

    private static AmdTestPki.CrlBuilder currentCrl(AmdTestPki pki) {
        return pki.crl().thisUpdate(AT.minus(Duration.ofDays(1))).nextUpdate(AT.plus(Duration.ofDays(7)));
    }

    private static SnpVerificationContext withCrl(SnpVerificationContext ctx, X509CRL crl, boolean required) {
        return ctx.withCrlSource((p, k) -> Optional.of(crl), required);
    }

    @Test
    void revokedAsk() throws EvidenceException {
        AmdTestPki pki = pki(MILAN);
        X509CRL crl = currentCrl(pki).revoke(AmdCertRole.ASK).build();
        assertThat(verifyCode(evidence(vcekEvidence(pki)), withCrl(ctx(pki), crl, false)))
                .isEqualTo(FailureCode.CERTIFICATE_REVOKED);
    }

    @Test
    void revokedAskTakenFromTheAnchors() throws EvidenceException {
        AmdTestPki pki = pki(MILAN);
        X509CRL crl = currentCrl(pki).revoke(AmdCertRole.ASK).build();
        var ev = vcekEvidence(pki);
        assertThat(verifyCode(evidence(ev.report(), ev.vekDer()), withCrl(ctx(pki), crl, true)))
                .isEqualTo(FailureCode.CERTIFICATE_REVOKED);
    }

    @Test
    void revokedAsvkForAVlekReport() throws EvidenceException {
        AmdTestPki pki = pki(MILAN);
        X509CRL crl = currentCrl(pki).revoke(AmdCertRole.ASVK).build();
        List<SigningKey> asked = new ArrayList<>();
        SnpVerificationContext c = ctx(pki).withCrlSource((p, k) -> {
            asked.add(k);
            return Optional.of(crl);
        }, false);
        assertThat(verifyCode(evidence(SimulatedSnpAttester.vlek(pki).report().build()), c))
                .isEqualTo(FailureCode.CERTIFICATE_REVOKED);
        assertThat(asked).containsExactly(SigningKey.VLEK);
    }

    @Test
    void crlSignedByAnotherKeyIsInvalid() throws EvidenceException {
        AmdTestPki pki = pki(MILAN);
        X509CRL crl = currentCrl(pki).signedBy(rogueRsa4096().getPrivate()).build();
        assertThat(verifyCode(evidence(vcekEvidence(pki)), withCrl(ctx(pki), crl, false)))
                .isEqualTo(FailureCode.CRL_INVALID);
    }

    @Test
    void crlOfAnotherProductIsInvalid() throws EvidenceException {
        AmdTestPki pki = pki(MILAN);
        X509CRL genoa = currentCrl(pki(SimProduct.GENOA)).build();
        assertThat(verifyCode(evidence(vcekEvidence(pki)), withCrl(ctx(pki), genoa, false)))
                .isEqualTo(FailureCode.CRL_INVALID);
    }

    @Test
    void expiredCrlIsInvalid() throws EvidenceException {
        AmdTestPki pki = pki(MILAN);
        X509CRL crl = pki.crl().thisUpdate(AT.minus(Duration.ofDays(14))).nextUpdate(AT.minus(Duration.ofDays(7))).build();
        assertThat(verifyCode(evidence(vcekEvidence(pki)), withCrl(ctx(pki), crl, false)))
                .isEqualTo(FailureCode.CRL_INVALID);
    }

    @Test
    void notYetValidCrlIsInvalid() throws EvidenceException {
        AmdTestPki pki = pki(MILAN);
        X509CRL crl = pki.crl().thisUpdate(AT.plus(Duration.ofDays(1))).nextUpdate(AT.plus(Duration.ofDays(8))).build();
        assertThat(verifyCode(evidence(vcekEvidence(pki)), withCrl(ctx(pki), crl, false)))
                .isEqualTo(FailureCode.CRL_INVALID);
    }

    @Test
    void requiredCrlUnavailable() throws EvidenceException {
        AmdTestPki pki = pki(MILAN);
        SnpVerificationContext c = ctx(pki).withCrlSource((p, k) -> Optional.empty(), true);
        assertThat(verifyCode(evidence(vcekEvidence(pki)), c)).isEqualTo(FailureCode.CRL_UNAVAILABLE);
    }

    @Test
    void optionalCrlUnavailableIsNotChecked() throws EvidenceException {
        AmdTestPki pki = pki(MILAN);
        SnpVerificationContext c = ctx(pki).withCrlSource((p, k) -> Optional.empty(), false);
        assertThat(new SnpVerifier().verify(evidence(vcekEvidence(pki)), c).revocation()).isEqualTo(RevocationStatus.NOT_CHECKED);
    }

    private static CollateralUnavailableException outage(FailureCode code) {
        return new CollateralUnavailableException(code, "KDS answered 429", Optional.of(Duration.ofSeconds(10)), null);
    }

    @Test
    void crlSourceOutageFailsWhenTheCrlIsRequired() throws EvidenceException {
        AmdTestPki pki = pki(MILAN);
        SnpVerificationContext c = ctx(pki).withCrlSource((p, k) -> {
            throw outage(FailureCode.CRL_UNAVAILABLE);
        }, true);
        SnpEvidence e = evidence(vcekEvidence(pki));
        assertThatThrownBy(() -> new SnpVerifier().verify(e, c))
                .isInstanceOf(CollateralUnavailableException.class)
                .satisfies(x -> {
                    assertThat(((EvidenceException) x).code()).isEqualTo(FailureCode.CRL_UNAVAILABLE);
                    assertThat(((CollateralUnavailableException) x).retryAfter()).contains(Duration.ofSeconds(10));
                });
    }

    @Test
    void crlSourceOutageIsNotCheckedWhenTheCrlIsOptional() throws EvidenceException {
        AmdTestPki pki = pki(MILAN);
        SnpVerificationContext c = ctx(pki).withCrlSource((p, k) -> {
            throw outage(FailureCode.CRL_UNAVAILABLE);
        }, false);
        assertThat(new SnpVerifier().verify(evidence(vcekEvidence(pki)), c).revocation()).isEqualTo(RevocationStatus.NOT_CHECKED);
    }

    /** Regression: the CRL signature cache once keyed CRLs by their DER alone. */
    void crlSignatureVerifiedUnderOneArkIsNotTrustedUnderAnother() throws EvidenceException {
        AmdTestPki pki = pki(MILAN);
        AmdTestPki other = pkiBuilder(MILAN).keyPair(AmdCertRole.ARK, rogueRsa4096()).build();
        X509CRL crl = currentCrl(pki).build();
        SnpVerifier verifier = new SnpVerifier();
        assertThat(verifier.verify(evidence(vcekEvidence(pki)), withCrl(ctx(pki), crl, true)).revocation())
                .isEqualTo(RevocationStatus.NOT_REVOKED);
        // a fresh verifier rejects the CRL under the other ARK ...
        SnpEvidence otherEvidence = evidence(vcekEvidence(other));
        assertThat(verifyCode(otherEvidence, withCrl(ctx(other), crl, true))).isEqualTo(FailureCode.CRL_INVALID);
        // ... and so must a verifier that has seen the CRL before
        assertThat(codeOf(() -> verifier.verify(otherEvidence, withCrl(ctx(other), crl, true))))
                .isEqualTo(FailureCode.CRL_INVALID);
    }

    // ------------------------------------------------------------------ C11: obtaining the VCEK/VLEK

    @Test
    void vekMissingWithoutVcekAndWithoutSource() throws EvidenceException {
        AmdTestPki pki = pki(MILAN);
        var ev = vcekEvidence(pki);
        assertThat(verifyCode(evidence(ev.report(), ev.intermediateDer(), ev.arkDer()), ctx(pki)))
                .isEqualTo(FailureCode.SNP_VEK_MISSING);
        assertThat(verifyCode(evidence(ev.report()), ctx(pki))).isEqualTo(FailureCode.SNP_VEK_MISSING);
    }

    @Test
    void vekMissingWhenTheSourceHasNone() throws EvidenceException {
        AmdTestPki pki = pki(SimProduct.TURIN);
        AtomicInteger calls = new AtomicInteger();
        SnpVerificationContext c = ctx(pki).withVcekSource((p, hw, t) -> {
            calls.incrementAndGet();
            return Optional.empty();
        });
        assertThat(verifyCode(evidence(vcekEvidence(pki).report()), c)).isEqualTo(FailureCode.SNP_VEK_MISSING);
        assertThat(calls).hasValue(1);
    }

    @Test
    void vcekSourceOutagePropagatesWithItsRetryAfter() throws EvidenceException {
        AmdTestPki pki = pki(MILAN);
        SnpVerificationContext c = ctx(pki).withVcekSource((p, hw, t) -> {
            throw outage(FailureCode.SNP_VEK_MISSING);
        });
        SnpEvidence e = evidence(vcekEvidence(pki).report());
        assertThatThrownBy(() -> new SnpVerifier().verify(e, c))
                .isInstanceOf(CollateralUnavailableException.class)
                .satisfies(x -> {
                    assertThat(((EvidenceException) x).code()).isEqualTo(FailureCode.SNP_VEK_MISSING);
                    assertThat(((CollateralUnavailableException) x).retryAfter()).contains(Duration.ofSeconds(10));
                });
    }

    @Test
    void vekMissingForAVlekReportWithoutVlek() throws EvidenceException {
        AmdTestPki pki = pki(MILAN);
        var ev = SimulatedSnpAttester.vlek(pki).report().build();
        AtomicInteger calls = new AtomicInteger();
        SnpVerificationContext c = ctx(pki).withVcekSource((p, hw, t) -> {
            calls.incrementAndGet();
            return Optional.of(Bytes.of(pki.der(AmdCertRole.VLEK)));
        });
        assertThat(verifyCode(evidence(ev.report(), ev.intermediateDer(), ev.arkDer()), c)).isEqualTo(FailureCode.SNP_VEK_MISSING);
        assertThat(calls).as("a VLEK is never fetched").hasValue(0);
    }

    @Test
    void vekMissingWhenChipIdIsAllZeroEvenWithASource() throws EvidenceException {
        AmdTestPki pki = pki(MILAN);
        var ev = SimulatedSnpAttester.vcek(pki).report().chipId(new byte[0]).build();
        AtomicInteger calls = new AtomicInteger();
        SnpVerificationContext c = ctx(pki).withVcekSource((p, hw, t) -> {
            calls.incrementAndGet();
            return Optional.of(Bytes.of(ev.vekDer()));
        });
        assertThat(verifyCode(evidence(ev.report()), c)).isEqualTo(FailureCode.SNP_VEK_MISSING);
        assertThat(calls).as("CHIP_ID zero cannot be looked up").hasValue(0);
    }

    @Test
    void chainIncompleteWithoutIntermediateAnywhere() throws EvidenceException {
        AmdTestPki pki = pki(MILAN);
        var ev = vcekEvidence(pki);
        SnpVerificationContext c = SnpVerificationContext.offline(AT, SimulatedAnchors.of(pki).withoutIntermediates());
        assertThat(verifyCode(evidence(ev.report(), ev.vekDer()), c)).isEqualTo(FailureCode.SNP_CHAIN_INCOMPLETE);
        assertThat(verifyCode(evidence(ev.report(), ev.vekDer(), ev.arkDer()), c)).isEqualTo(FailureCode.SNP_CHAIN_INCOMPLETE);
        var vlek = SimulatedSnpAttester.vlek(pki).report().build();
        assertThat(verifyCode(evidence(vlek.report(), vlek.vekDer(), vlek.arkDer()), c)).isEqualTo(FailureCode.SNP_CHAIN_INCOMPLETE);
    }

    // ------------------------------------------------------------------ D17: report signature

    @Test
    void reportSignedByAnotherP384Key() throws EvidenceException {
        AmdTestPki pki = pki(MILAN);
        var ev = SimulatedSnpAttester.vcek(pki).report().signWith(Keys.ecP384().getPrivate()).build();
        assertThat(verifyCode(evidence(ev), ctx(pki))).isEqualTo(FailureCode.SNP_REPORT_SIGNATURE);
    }

    @Test
    void vlekReportSignedByTheVcekKey() throws EvidenceException {
        AmdTestPki pki = pki(MILAN);
        var ev = SimulatedSnpAttester.vlek(pki).report().signWith(pki.vcekPrivateKey()).build();
        assertThat(verifyCode(evidence(ev), ctx(pki))).isEqualTo(FailureCode.SNP_REPORT_SIGNATURE);
    }

    @ParameterizedTest
    @ValueSource(ints = {0x004, 0x030, 0x050, 0x090, 0x0C0, 0x180, 0x1A0, 0x1F8, 0x207})
    void signedRangeByteChangedAfterSigning(int offset) throws EvidenceException {
        AmdTestPki pki = pki(MILAN);
        byte[] original = vcekEvidence(pki).report();
        var ev = SimulatedSnpAttester.vcek(pki).report()
                .postSignOverride(offset, new byte[] {(byte) (original[offset] ^ 0x01)}).build();
        assertThat(verifyCode(evidence(ev), ctx(pki))).isEqualTo(FailureCode.SNP_REPORT_SIGNATURE);
    }

    @Test
    void signatureOverReservedBytesIsTheReceivedBytes() throws EvidenceException {
        // a pre-v5 report with non-zero 0x1F8..0x207 parses (warning) and its signature covers those bytes
        AmdTestPki pki = pki(MILAN);
        var signed = SimulatedSnpAttester.vcek(pki).report().launchMitVector(7).build();
        VerifiedSnpEvidence v = new SnpVerifier().verify(evidence(signed), ctx(pki));
        assertThat(v.report().reservedMitigationNonZero()).isTrue();
        var flipped = SimulatedSnpAttester.vcek(pki).report().launchMitVector(7)
                .postSignOverride(0x1F8, new byte[] {6}).build();
        assertThat(verifyCode(evidence(flipped), ctx(pki))).isEqualTo(FailureCode.SNP_REPORT_SIGNATURE);
    }

    // ------------------------------------------------------------------ D18: signing key vs certificate kind

    @Test
    void signingKeyMismatchVcekSignedReportClaimingVlek() throws EvidenceException {
        AmdTestPki pki = pki(MILAN);
        var ev = SimulatedSnpAttester.vcek(pki).report().signingKey(1).build();
        assertThat(verifyCode(evidence(ev), ctx(pki))).isEqualTo(FailureCode.SNP_SIGNING_KEY_MISMATCH);
        assertThat(verifyCode(evidence(ev.report(), ev.vekDer()), ctx(pki))).isEqualTo(FailureCode.SNP_SIGNING_KEY_MISMATCH);
    }

    @Test
    void signingKeyMismatchVlekPresentedForAVcekReport() throws EvidenceException {
        // microsoft/TEE-Attestation-Verification #149
        AmdTestPki pki = pki(MILAN);
        var ev = SimulatedSnpAttester.vlek(pki).report().signingKey(0).build();
        assertThat(verifyCode(evidence(ev), ctx(pki))).isEqualTo(FailureCode.SNP_SIGNING_KEY_MISMATCH);
        assertThat(verifyCode(evidence(ev.report(), ev.vekDer()), ctx(pki))).isEqualTo(FailureCode.SNP_SIGNING_KEY_MISMATCH);
    }

    @Test
    void signingKeyMismatchVcekReportCarryingTheAsvk() throws EvidenceException {
        AmdTestPki pki = pki(MILAN);
        var ev = vcekEvidence(pki);
        assertThat(verifyCode(evidence(ev.report(), ev.vekDer(), pki.der(AmdCertRole.ASVK)), ctx(pki)))
                .isEqualTo(FailureCode.SNP_SIGNING_KEY_MISMATCH);
    }

    // ------------------------------------------------------------------ D19: TCB binding

    static Stream<Arguments> tcbComponents() {
        List<Arguments> out = new ArrayList<>();
        for (SimProduct p : SimProduct.values()) {
            for (String c : List.of("fmc", "bootloader", "tee", "snp", "microcode")) {
                if (!c.equals("fmc") || p == SimProduct.TURIN) {
                    out.add(Arguments.of(p, c));
                }
            }
        }
        return out.stream();
    }

    private static SnpTcb lower(SnpTcb t, String component) {
        return new SnpTcb(
                t.fmc() - (component.equals("fmc") ? 1 : 0),
                t.bootloader() - (component.equals("bootloader") ? 1 : 0),
                t.tee() - (component.equals("tee") ? 1 : 0),
                t.snp() - (component.equals("snp") ? 1 : 0),
                t.microcode() - (component.equals("microcode") ? 1 : 0));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("tcbComponents")
    void tcbMismatchInOneComponent(SimProduct p, String component) throws EvidenceException {
        AmdTestPki pki = pki(p);
        // REPORTED below the VCEK's TCB (and CURRENT), so only the equality check can catch it
        var ev = SimulatedSnpAttester.vcek(pki).report().reportedTcb(lower(tcb(p), component)).build();
        assertThat(verifyCode(evidence(ev), ctx(pki))).isEqualTo(FailureCode.SNP_TCB_MISMATCH);
    }

    @ParameterizedTest
    @EnumSource(SimProduct.class)
    void tcbMismatchInAReservedByte(SimProduct p) throws EvidenceException {
        AmdTestPki pki = pki(p);
        byte[] reported = tcb(p).encode(p);
        reported[p == SimProduct.TURIN ? 5 : 3] = 1;
        var ev = SimulatedSnpAttester.vcek(pki).report().reportedTcbRaw(reported).build();
        assertThat(verifyCode(evidence(ev), ctx(pki))).isEqualTo(FailureCode.SNP_TCB_MISMATCH);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("tcbComponents")
    void tcbAboveCurrentInOneComponent(SimProduct p, String component) throws EvidenceException {
        AmdTestPki pki = pki(p);
        var ev = SimulatedSnpAttester.vcek(pki).report().currentTcb(lower(tcb(p), component)).build();
        assertThat(verifyCode(evidence(ev), ctx(pki))).isEqualTo(FailureCode.SNP_TCB_ABOVE_CURRENT);
    }

    // ------------------------------------------------------------------ D20: chip id and product binding

    @ParameterizedTest
    @ValueSource(ints = {0, 7, 8, 31, 63})
    void chipIdMismatchOnMilanInOneByte(int index) throws EvidenceException {
        AmdTestPki pki = pki(MILAN);
        byte[] chip = pki.chipId();
        chip[index] ^= 0x01;
        var ev = SimulatedSnpAttester.vcek(pki).report().chipId(chip).build();
        assertThat(verifyCode(evidence(ev), ctx(pki))).isEqualTo(FailureCode.SNP_CHIP_ID_MISMATCH);
    }

    @Test
    void chipIdMismatchOnGenoa() throws EvidenceException {
        AmdTestPki pki = pki(SimProduct.GENOA);
        byte[] chip = pki.chipId();
        chip[40] ^= (byte) 0x80;
        var ev = SimulatedSnpAttester.vcek(pki).report().chipId(chip).build();
        assertThat(verifyCode(evidence(ev), ctx(pki))).isEqualTo(FailureCode.SNP_CHIP_ID_MISMATCH);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 3, 7})
    void chipIdMismatchOnTurinInTheFirstEightBytes(int index) throws EvidenceException {
        AmdTestPki pki = pki(SimProduct.TURIN);
        byte[] chip = pki.chipId();
        chip[index] ^= 0x01;
        var ev = SimulatedSnpAttester.vcek(pki).report().chipId(chip).build();
        assertThat(verifyCode(evidence(ev), ctx(pki))).isEqualTo(FailureCode.SNP_CHIP_ID_MISMATCH);
    }

    @ParameterizedTest
    @ValueSource(ints = {8, 9, 32, 63})
    void chipIdMismatchOnTurinWithNonZeroTail(int index) throws EvidenceException {
        AmdTestPki pki = pki(SimProduct.TURIN);
        byte[] chip = pki.chipId();
        chip[index] = 0x01;
        for (int version : new int[] {2, 3, 5}) {
            var ev = SimulatedSnpAttester.vcek(pki).report().version(version).chipId(chip).build();
            assertThat(verifyCode(evidence(ev), ctx(pki))).as("v%d", version).isEqualTo(FailureCode.SNP_CHIP_ID_MISMATCH);
        }
    }

    @ParameterizedTest
    @EnumSource(SimProduct.class)
    void allZeroChipIdSkipsTheHwIdCheck(SimProduct p) throws EvidenceException {
        AmdTestPki pki = pki(p);
        var ev = SimulatedSnpAttester.vcek(pki).report().chipId(new byte[0]).build();
        VerifiedSnpEvidence v = new SnpVerifier().verify(evidence(ev), ctx(pki));
        assertThat(v.report().chipId().isAllZero()).isTrue();
        assertThat(v.vek().hwId()).contains(Bytes.of(pki.hwId()));
    }

    @Test
    void productMismatchVcekNamedGenoaOnAMilanReport() throws EvidenceException {
        AmdTestPki pki = pkiBuilder(MILAN).productName("Genoa").build();
        assertThat(chainCode(pki)).isEqualTo(FailureCode.SNP_PRODUCT_MISMATCH);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Milan", "Milan-B1", "Milan-B0"})
    void productNameSteppingIsIgnored(String name) throws EvidenceException {
        assertVerifies(pkiBuilder(MILAN).productName(name).build());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Mil", "Milano", "Genoa-Milan", "Venice"})
    void productMismatchForOtherProductNames(String name) throws EvidenceException {
        assertThat(chainCode(pkiBuilder(MILAN).productName(name).build())).isEqualTo(FailureCode.SNP_PRODUCT_MISMATCH);
    }

    @Test
    void productMismatchEvidenceCarryingAnotherProductsAsk() throws EvidenceException {
        AmdTestPki pki = pki(MILAN);
        var ev = vcekEvidence(pki);
        assertThat(verifyCode(evidence(ev.report(), ev.vekDer(), pki(SimProduct.GENOA).der(AmdCertRole.ASK), ev.arkDer()), ctx(pki)))
                .isEqualTo(FailureCode.SNP_PRODUCT_MISMATCH);
    }

    @Test
    void productMismatchEvidenceCarryingAnotherProductsArk() throws EvidenceException {
        AmdTestPki pki = pki(MILAN);
        var ev = vcekEvidence(pki);
        assertThat(verifyCode(evidence(ev.report(), ev.vekDer(), ev.intermediateDer(), pki(SimProduct.TURIN).der(AmdCertRole.ARK)), ctx(pki)))
                .isEqualTo(FailureCode.SNP_PRODUCT_MISMATCH);
    }

    @Test
    void productMismatchMilanCpuidReportWithATurinChain() throws EvidenceException {
        AmdTestPki turin = pki(SimProduct.TURIN);
        // a Turin chip's report that claims Milan CPUID: the Turin ASK/ARK are another product's
        var ev = SimulatedSnpAttester.vcek(turin).report().cpuid(0x19, 0x01, 0x01).build();
        assertThat(verifyCode(evidence(ev), ctx(pki(MILAN), turin))).isEqualTo(FailureCode.SNP_PRODUCT_MISMATCH);
    }

    // ------------------------------------------------------------------ extended-report certificate table

    private static byte[] vcekDer() {
        return pki(MILAN).der(AmdCertRole.VCEK);
    }

    @Test
    void certTableWithoutTerminator() {
        byte[] table = new SnpCertTableBuilder().vcek(vcekDer()).omitTerminator().build();
        assertFails(FailureCode.SNP_CERT_TABLE_MALFORMED, () -> SnpCertTable.parse(Bytes.of(table)));
        byte[] onlyEntries = Arrays.copyOf(new SnpCertTableBuilder().rawEntry(SnpCertTableBuilder.VCEK_GUID, 24, 1).omitTerminator().build(), 24);
        assertFails(FailureCode.SNP_CERT_TABLE_MALFORMED, () -> SnpCertTable.parse(Bytes.of(onlyEntries)));
        assertFails(FailureCode.SNP_CERT_TABLE_MALFORMED, () -> SnpCertTable.parse(Bytes.empty()));
        assertFails(FailureCode.SNP_CERT_TABLE_MALFORMED, () -> SnpCertTable.parse(Bytes.zeros(23)));
    }

    @Test
    void certTableEntryOutOfRange() {
        for (long[] offLen : new long[][] {{10_000, 100}, {48, 10_000}, {0, 24}, {24, 0}, {0xFFFFFFF0L, 0x20}, {48, 0xFFFFFFFFL}}) {
            byte[] table = new SnpCertTableBuilder().rawEntry(SnpCertTableBuilder.VCEK_GUID, offLen[0], offLen[1]).build();
            byte[] padded = Arrays.copyOf(table, table.length + 64);
            assertThat(codeOf(() -> SnpCertTable.parse(Bytes.of(padded)))).as("offset %d length %d", offLen[0], offLen[1])
                    .isEqualTo(FailureCode.SNP_CERT_TABLE_MALFORMED);
        }
    }

    @Test
    void certTableDuplicateVcekGuid() {
        byte[] table = new SnpCertTableBuilder().vcek(vcekDer()).vcek(vcekDer()).build();
        assertFails(FailureCode.SNP_CERT_TABLE_MALFORMED, () -> SnpCertTable.parse(Bytes.of(table)));
        byte[] big = new SnpCertTableBuilder().guidEncoding(SnpCertTableBuilder.GuidEncoding.BIG_ENDIAN)
                .vcek(vcekDer()).ask(vcekDer()).vcek(vcekDer()).build();
        assertFails(FailureCode.SNP_CERT_TABLE_MALFORMED, () -> SnpCertTable.parse(Bytes.of(big)));
    }

    @Test
    void certTableDuplicateVcekGuidInBothByteOrders() {
        byte[] table = new SnpCertTableBuilder().vcek(vcekDer()).vcek(vcekDer()).build();
        // rewrite the second entry's GUID in big-endian order: still the VCEK, still a duplicate
        byte[] be = SnpCertTableBuilder.GuidEncoding.BIG_ENDIAN.encode(SnpCertTableBuilder.VCEK_GUID);
        System.arraycopy(be, 0, table, 24, 16);
        assertFails(FailureCode.SNP_CERT_TABLE_MALFORMED, () -> SnpCertTable.parse(Bytes.of(table)));
    }

    @Test
    void certTableUnknownEntriesAreIgnored() throws EvidenceException {
        AmdTestPki pki = pki(MILAN);
        var ev = vcekEvidence(pki);
        byte[] table = new SnpCertTableBuilder().entry(UUID.fromString("ecb6e6ed-1b2a-4a8b-8e0d-5e2d8c8e8c8e"), new byte[] {1, 2, 3})
                .vcek(ev.vekDer()).ask(ev.intermediateDer()).build();
        SnpCertTable t = SnpCertTable.parse(Bytes.of(table));
        assertThat(t.get(SnpCertTable.Entry.VCEK)).contains(Bytes.of(ev.vekDer()));
        assertThat(t.get(SnpCertTable.Entry.ARK)).isEmpty();
        assertThat(new SnpVerifier().verify(SnpEvidence.withCertTable(SnpReportParser.parse(ev.report()), t), ctx(pki)).product())
                .isEqualTo(SnpProduct.MILAN);
    }

    // ------------------------------------------------------------------ certificates the JDK reads but Bouncy Castle does not

    @Test
    /** Regression: DistinguishedNames once let Bouncy Castle's IllegalArgumentException escape for such names. */
    void certificateWithAnUnreadableDnIsRejectedWithAFailureCode() throws EvidenceException {
        AmdTestPki pki = pki(MILAN);
        var ev = vcekEvidence(pki);
        byte[] odd = unknownTagInSubject(pki);
        for (List<byte[]> certs : List.of(List.of(odd, ev.vekDer(), ev.intermediateDer()), List.of(ev.vekDer(), odd))) {
            SnpEvidence e = evidence(ev.report(), certs.toArray(new byte[0][]));
            FailureCode code = codeOf(() -> new SnpVerifier().verify(e, ctx(pki)));
            assertThat(code).isIn(FailureCode.CERTIFICATE_MALFORMED, FailureCode.SNP_CERT_PROFILE);
        }
        // v2: the product is looked up from the certificates' names first
        var v2 = SimulatedSnpAttester.vcek(pki).report().version(2).build();
        FailureCode code = codeOf(() -> new SnpVerifier().verify(evidence(v2.report(), odd, v2.vekDer()), ctx(pki)));
        assertThat(code).isIn(FailureCode.CERTIFICATE_MALFORMED, FailureCode.SNP_CERT_PROFILE);
        // a CN whose UTF8String content is not UTF-8
        byte[] badUtf8 = invalidUtf8InSubjectCn(pki);
        FailureCode utf8 = codeOf(() -> new SnpVerifier().verify(evidence(ev.report(), badUtf8, ev.vekDer()), ctx(pki)));
        assertThat(utf8).isIn(FailureCode.CERTIFICATE_MALFORMED, FailureCode.SNP_CERT_PROFILE);
    }

    /** A certificate whose subject CN is a UTF8String holding the invalid UTF-8 byte 0xFF (the JDK accepts it). */
    static byte[] invalidUtf8InSubjectCn(AmdTestPki pki) {
        byte[] der = pki.spec(AmdCertRole.VCEK).withSubjectCn("SEV-ZZZZ").issue();
        for (int i = 0; i + 4 < der.length; i++) {
            if (der[i] == 'Z' && der[i + 1] == 'Z' && der[i + 2] == 'Z' && der[i + 3] == 'Z') {
                der[i] = (byte) 0xFF;
                return der;
            }
        }
        throw new IllegalStateException("CN value not found");
    }

    /** A certificate whose subject OU value has universal tag 14, which the JDK parser accepts. */
    static byte[] unknownTagInSubject(AmdTestPki pki) {
        byte[] der = pki.spec(AmdCertRole.VCEK).withSubjectAttribute(BCStyle.OU, "QQQQ").issue();
        for (int i = 0; i + 5 < der.length; i++) {
            if (der[i] == 0x0C && der[i + 1] == 4 && der[i + 2] == 'Q' && der[i + 3] == 'Q' && der[i + 4] == 'Q' && der[i + 5] == 'Q') {
                der[i] = 0x0E;
                return der;
            }
        }
        throw new IllegalStateException("OU value not found");
    }

    // ------------------------------------------------------------------ utilities

    private static byte[] filled(int n, int value) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) value);
        return b;
    }

    private static byte[] der(org.bouncycastle.asn1.ASN1Encodable value) {
        try {
            return value.toASN1Primitive().getEncoded("DER");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
