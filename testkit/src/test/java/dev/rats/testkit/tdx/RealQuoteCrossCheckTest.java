package dev.rats.testkit.tdx;

import static dev.rats.testkit.tdx.TdxQuoteLayout.*;
import static dev.rats.testkit.tdx.TdxTestSupport.extensionValue;
import static dev.rats.testkit.tdx.TdxTestSupport.extensions;
import static dev.rats.testkit.tdx.TdxTestSupport.p256;
import static dev.rats.testkit.tdx.TdxTestSupport.sgxEntry;
import static dev.rats.testkit.tdx.TdxTestSupport.shape;
import static dev.rats.testkit.tdx.TdxTestSupport.slice;
import static dev.rats.testkit.tdx.TdxTestSupport.u16;
import static dev.rats.testkit.tdx.TdxTestSupport.verifies;
import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;

import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.x509.Extension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.rats.testkit.Vectors;
import dev.rats.testkit.tdx.TdxTestSupport.QuoteView;

/**
 * Cross-checks the layout constants and the generated certificates against the real quotes and
 * collateral of the shared vectors (tdx.md §6, vectors/tdx/SOURCES.md).
 */
class RealQuoteCrossCheckTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final String DCAP = "tdx/dcap-qvl/tdx_quote";
    private static final String GO = "tdx/go-tdx-guest/tdx_prod_quote_SPR_E4.dat";

    @Test
    void dcapQvlQuoteFieldsSitAtTheLayoutOffsets() {
        byte[] q = Vectors.bytes(DCAP);
        QuoteView v = QuoteView.of(q);
        assertThat(q).hasSize(5006);
        assertThat(u16(q, VERSION)).isEqualTo(4);
        assertThat(u16(q, ATT_KEY_TYPE)).isEqualTo(2);
        assertThat(TdxTestSupport.u32(q, TEE_TYPE)).isEqualTo(0x81);
        assertThat(slice(q, RESERVED, 4)).containsOnly(0);
        assertThat(slice(q, QE_VENDOR_ID, 16)).isEqualTo(HEX.parseHex(TdxDefaults.INTEL_QE_VENDOR_ID));
        assertThat(v.body(TEE_TCB_SVN, 3)).isEqualTo(HEX.parseHex("060103"));
        assertThat(v.body(MRSEAM, 48)).isEqualTo(HEX.parseHex(TdxDefaults.MRSEAM));
        assertThat(v.body(MRSIGNERSEAM, 48)).containsOnly(0);
        assertThat(v.body(SEAM_ATTRIBUTES, 8)).containsOnly(0);
        assertThat(v.body(TD_ATTRIBUTES, 8)).isEqualTo(HEX.parseHex("0000001000000000"));
        assertThat(v.body(XFAM, 8)).isEqualTo(HEX.parseHex("e702060000000000"));
        assertThat(v.body(MRTD, 48)).isEqualTo(HEX.parseHex(TdxDefaults.MRTD));
        assertThat(v.body(RTMR0 + 2 * MEASUREMENT_SIZE, 48)).isEqualTo(HEX.parseHex(TdxDefaults.RTMR2));
        assertThat(v.sigDataLength()).isEqualTo(4300);
        assertThat(v.usedLength()).isEqualTo(4936);
        assertThat(slice(q, 4936, 70)).containsOnly(0);
        assertThat(v.certType()).isEqualTo(CERT_TYPE_QE_REPORT);
        assertThat(v.chainType()).isEqualTo(CERT_TYPE_PCK_CHAIN);
        assertThat(v.qeAuthData()).isEqualTo(HEX.parseHex(TdxDefaults.QE_AUTH_DATA));
        assertThat(v.chainSize()).isEqualTo(3678);
        assertThat(v.chain()[3677]).isZero();
        byte[] qe = v.qeReport();
        assertThat(u16(qe, QE_ISVPRODID)).isEqualTo(2);
        assertThat(u16(qe, QE_ISVSVN)).isEqualTo(6);
        assertThat(slice(qe, QE_MRSIGNER, 32)).isEqualTo(HEX.parseHex(TdxDefaults.QE_MRSIGNER));
        assertThat(slice(qe, QE_ATTRIBUTES, 16)).isEqualTo(HEX.parseHex(TdxDefaults.QE_ATTRIBUTES));
        assertThat(slice(qe, QE_CPUSVN, 16)).isEqualTo(HEX.parseHex(TdxDefaults.QE_CPUSVN));
    }

    @Test
    void goTdxGuestQuoteFieldsSitAtTheLayoutOffsets() {
        byte[] q = Vectors.bytes(GO);
        QuoteView v = QuoteView.of(q);
        assertThat(v.body(TEE_TCB_SVN, 3)).isEqualTo(HEX.parseHex("030004"));
        assertThat(v.body(TD_ATTRIBUTES, 8)).isEqualTo(HEX.parseHex("0000004000000000"));
        assertThat(v.sigDataLength()).isEqualTo(4299);
        assertThat(v.usedLength()).isEqualTo(4935);
        assertThat(new String(slice(q, 4935, q.length - 4935))).isEqualTo("\nextra bytes(only for testing purpose)\n");
        assertThat(v.chainSize()).isEqualTo(3677);
        assertThat(u16(v.qeReport(), QE_ISVSVN)).isEqualTo(4);
    }

    @ParameterizedTest
    @CsvSource({DCAP + ", B0C06F000000", GO + ", 50806F000000"})
    void realSignaturesVerifyOverTheDocumentedRangesAndBinding(String vector, String fmspc) throws Exception {
        QuoteView v = QuoteView.of(Vectors.bytes(vector));
        assertThat(v.signedLength()).isEqualTo(TdxQuoteLayout.signedLength(4, BODY_SIZE_TD10)).isEqualTo(632);
        assertThat(verifies(p256(v.attestationKey()), v.signedBytes(), v.quoteSignature())).isTrue();
        List<X509Certificate> chain = v.certificates();
        assertThat(chain).hasSize(3);
        assertThat(verifies(chain.get(0).getPublicKey(), v.qeReport(), v.qeReportSignature())).isTrue();
        byte[] hash = MessageDigest.getInstance("SHA-256")
                .digest(TdxQuoteBuilderTest.concat(v.attestationKey(), v.qeAuthData()));
        assertThat(slice(v.qeReport(), QE_REPORT_DATA, 32)).isEqualTo(hash);
        assertThat(slice(v.qeReport(), QE_REPORT_DATA + 32, 32)).containsOnly(0);
        ASN1Primitive sgx = extensionValue(chain.get(0).getEncoded(), IntelExtensions.SGX_EXTENSIONS);
        assertThat(ASN1OctetString.getInstance(sgxEntry(sgx, IntelExtensions.FMSPC)).getOctets())
                .isEqualTo(HEX.parseHex(fmspc));
    }

    @ParameterizedTest
    @CsvSource({DCAP, GO})
    void generatedPlatformPckHasTheSgxExtensionStructureOfTheRealOne(String vector) throws Exception {
        byte[] real = QuoteView.of(Vectors.bytes(vector)).certificates().get(0).getEncoded();
        byte[] generated = IntelTestPki.defaultPki().der(IntelCertRole.PCK_PLATFORM);
        List<String> realShape = shape(extensionValue(real, IntelExtensions.SGX_EXTENSIONS));
        assertThat(shape(extensionValue(generated, IntelExtensions.SGX_EXTENSIONS)))
                .containsExactlyElementsOf(realShape);
        assertThat(realShape).contains("2 ENUMERATED", "4 OCTET STRING[16]", "4 BOOLEAN",
                "2 OID 1.2.840.113741.1.13.1.7", "4 OID 1.2.840.113741.1.13.1.2.18");
    }

    @ParameterizedTest
    @CsvSource({DCAP, GO})
    void generatedChainHasTheNamesAndStandardExtensionsOfTheRealOne(String vector) throws Exception {
        List<X509Certificate> real = QuoteView.of(Vectors.bytes(vector)).certificates();
        IntelTestPki pki = IntelTestPki.defaultPki();
        List<IntelCertRole> roles = List.of(IntelCertRole.PCK_PLATFORM, IntelCertRole.PLATFORM_CA,
                IntelCertRole.ROOT_CA);
        for (int i = 0; i < 3; i++) {
            byte[] r = real.get(i).getEncoded();
            byte[] g = pki.der(roles.get(i));
            assertThat(tbsField(g, 3)).as("issuer of %s", roles.get(i)).isEqualTo(tbsField(r, 3));
            assertThat(tbsField(g, 5)).as("subject of %s", roles.get(i)).isEqualTo(tbsField(r, 5));
            assertThat(tbsField(g, 2)).as("signature algorithm").isEqualTo(tbsField(r, 2));
            assertThat(standardExtensions(g)).as("extensions of %s", roles.get(i))
                    .containsExactlyElementsOf(standardExtensions(r));
            assertThat(spkiAlgorithm(g)).as("public key algorithm").isEqualTo(spkiAlgorithm(r));
        }
        assertThat(real.get(2).getNotAfter()).isEqualTo(pki.root().getNotAfter());
    }

    @Test
    void generatedTcbSigningCertificateHasTheProfileOfTheRealOne() throws Exception {
        X509Certificate real = Vectors.certificates("tdx/go-tdx-guest/derived/tcbInfoIssuerChain.pem").get(0);
        byte[] g = IntelTestPki.defaultPki().der(IntelCertRole.TCB_SIGNING);
        assertThat(tbsField(g, 5)).isEqualTo(tbsField(real.getEncoded(), 5));
        assertThat(standardExtensions(g)).containsExactlyElementsOf(standardExtensions(real.getEncoded()));
    }

    @Test
    void generatedCrlsHaveTheExtensionsOfTheRealOnes() throws Exception {
        String json = new String(Vectors.bytes("tdx/dcap-qvl/tdx_quote_collateral.json"));
        X509CRL realRoot = TdxTestSupport.crl(HEX.parseHex(TdxTestSupport.jsonString(json, "root_ca_crl")));
        X509CRL realPck = TdxTestSupport.crl(HEX.parseHex(TdxTestSupport.jsonString(json, "pck_crl")));
        IntelTestPki pki = IntelTestPki.defaultPki();
        X509CRL root = pki.rootCrl().build();
        X509CRL pck = pki.pckCrl(IntelCertRole.PLATFORM_CA).revoke(IntelCertRole.PCK_PROCESSOR).build();
        assertThat(crlExtensionOids(root.getEncoded())).isEqualTo(crlExtensionOids(realRoot.getEncoded()))
                .containsExactly("2.5.29.20", "2.5.29.35");
        assertThat(crlExtensionOids(pck.getEncoded())).isEqualTo(crlExtensionOids(realPck.getEncoded()));
        assertThat(root.getIssuerX500Principal().getEncoded())
                .isEqualTo(realRoot.getIssuerX500Principal().getEncoded());
        assertThat(pck.getIssuerX500Principal().getEncoded()).isEqualTo(realPck.getIssuerX500Principal().getEncoded());
        assertThat(realRoot.getRevokedCertificates()).isNull();
        assertThat(root.getRevokedCertificates()).isNull();
        assertThat(pck.getRevokedCertificates().iterator().next().getRevocationReason())
                .isEqualTo(realPck.getRevokedCertificates().iterator().next().getRevocationReason());
        assertThat(pck.getSigAlgOID()).isEqualTo(realPck.getSigAlgOID());
    }

    /** The DER of TBSCertificate field {@code index} (0 = [0] version, 1 serial, 2 signature, 3 issuer, …). */
    private static byte[] tbsField(byte[] certDer, int index) throws Exception {
        return ASN1Sequence.getInstance(ASN1Sequence.getInstance(certDer).getObjectAt(0)).getObjectAt(index)
                .toASN1Primitive().getEncoded("DER");
    }

    /** The DER of the SubjectPublicKeyInfo AlgorithmIdentifier (id-ecPublicKey, prime256v1). */
    private static byte[] spkiAlgorithm(byte[] certDer) throws Exception {
        return ASN1Sequence.getInstance(ASN1Sequence.getInstance(ASN1Sequence.getInstance(certDer).getObjectAt(0))
                .getObjectAt(6)).getObjectAt(0).toASN1Primitive().getEncoded("DER");
    }

    /**
     * OID and criticality of every extension in order, plus the value for KeyUsage, BasicConstraints and
     * the CRL distribution point (the key identifiers differ by nature, the SGX extension has its own test).
     */
    private static List<String> standardExtensions(byte[] certDer) {
        return extensions(certDer).stream().map(e -> e.getExtnId().getId() + (e.isCritical() ? " critical" : "")
                + (e.getExtnId().equals(Extension.keyUsage) || e.getExtnId().equals(Extension.basicConstraints)
                        || e.getExtnId().equals(Extension.cRLDistributionPoints)
                                ? " " + HEX.formatHex(e.getExtnValue().getOctets()) : ""))
                .toList();
    }

    /** The crlExtensions OIDs in encoding order. */
    private static List<String> crlExtensionOids(byte[] crlDer) {
        ASN1Sequence tbs = ASN1Sequence.getInstance(ASN1Sequence.getInstance(crlDer).getObjectAt(0));
        for (var e : tbs) {
            if (e instanceof org.bouncycastle.asn1.ASN1TaggedObject t && t.getTagNo() == 0) {
                return java.util.Arrays.stream(ASN1Sequence.getInstance(t.getExplicitBaseObject()).toArray())
                        .map(x -> Extension.getInstance(x).getExtnId().getId()).toList();
            }
        }
        return List.of();
    }
}
