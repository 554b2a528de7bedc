package dev.rats.testkit.tdx;

import static dev.rats.testkit.tdx.TdxTestSupport.extensionValue;
import static dev.rats.testkit.tdx.TdxTestSupport.jsonKeys;
import static dev.rats.testkit.tdx.TdxTestSupport.jsonString;
import static dev.rats.testkit.tdx.TdxTestSupport.p256;
import static dev.rats.testkit.tdx.TdxTestSupport.sgxEntry;
import static dev.rats.testkit.tdx.TdxTestSupport.slice;
import static dev.rats.testkit.tdx.TdxTestSupport.svns;
import static dev.rats.testkit.tdx.TdxTestSupport.u16;
import static dev.rats.testkit.tdx.TdxTestSupport.verifies;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertStore;
import java.security.cert.CertificateFactory;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.junit.jupiter.api.Test;

import dev.rats.testkit.Pem;
import dev.rats.testkit.Vectors;
import dev.rats.testkit.tdx.TdxTestSupport.QuoteView;

/**
 * The attester's defaults pass every check of Intel's algorithm (tdx.md §2, §5), each re-done here from
 * the output bytes with the JDK and Bouncy Castle.
 */
class SimulatedTdxAttesterTest {

    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    @Test
    void defaultQuoteSignaturesChainAndBindingVerify() throws Exception {
        SimulatedTdxAttester attester = SimulatedTdxAttester.defaultAttester();
        byte[] nonce = "nonce".getBytes();
        TdxEvidence ev = attester.quote().reportData(nonce).build();
        QuoteView v = QuoteView.of(ev.quote());
        assertThat(ev.version()).isEqualTo(4);
        assertThat(v.body(TdxQuoteLayout.REPORT_DATA, 5)).isEqualTo(nonce);
        assertThat(p256(v.attestationKey())).isEqualTo(ev.attestationKey().getPublic());
        assertThat(verifies(p256(v.attestationKey()), v.signedBytes(), v.quoteSignature())).isTrue();

        List<X509Certificate> chain = v.certificates();
        assertThat(chain).containsExactly(ev.pckCertificate(),
                attester.pki().certificate(IntelCertRole.PLATFORM_CA), ev.root());
        assertThat(verifies(chain.get(0).getPublicKey(), v.qeReport(), v.qeReportSignature())).isTrue();
        byte[] hash = MessageDigest.getInstance("SHA-256")
                .digest(TdxQuoteBuilderTest.concat(v.attestationKey(), v.qeAuthData()));
        assertThat(slice(v.qeReport(), 320, 32)).isEqualTo(hash);
        assertThat(slice(v.qeReport(), 352, 32)).containsOnly(0);

        validateWithCrls(attester, chain.subList(0, 2), attester.verificationTime());
    }

    @Test
    void defaultCollateralMatchesThePckTheQuoteAndTheQe() throws Exception {
        SimulatedTdxAttester attester = SimulatedTdxAttester.defaultAttester();
        TdxEvidence ev = attester.quote().build();
        QuoteView v = QuoteView.of(ev.quote());
        TdxCollateral c = ev.collateral();
        String tcbInfo = c.tcbInfo().inner();
        String qeIdentity = c.qeIdentity().inner();
        byte[] pck = v.certificates().get(0).getEncoded();
        ASN1Primitive sgx = extensionValue(pck, IntelExtensions.SGX_EXTENSIONS);

        // 4.1.2.4.9/.10: ids, versions, FMSPC and PCE-ID
        assertThat(tcbInfo).startsWith("{\"id\":\"TDX\",\"version\":3,");
        assertThat(qeIdentity).startsWith("{\"id\":\"TD_QE\",\"version\":2,");
        assertThat(jsonString(tcbInfo, "fmspc")).isEqualTo(HEX.formatHex(octets(sgx, IntelExtensions.FMSPC)));
        assertThat(jsonString(tcbInfo, "pceId")).isEqualTo(HEX.formatHex(octets(sgx, IntelExtensions.PCEID)));

        // 4.1.2.4.17: the first platform level matches the PCK (SGX) and TEE_TCB_SVN (index-2 rule and all 16)
        int[] pckSvns = new int[16];
        for (int i = 0; i < 16; i++) {
            pckSvns[i] = ASN1Integer.getInstance(sgxEntry(sgx, IntelExtensions.tcbComponent(i))).intValueExact();
        }
        int pceSvn = ASN1Integer.getInstance(sgxEntry(sgx, IntelExtensions.PCESVN)).intValueExact();
        List<Integer> levelSgx = svns(group(tcbInfo, "\"sgxtcbcomponents\":\\[([^\\]]*)\\]"));
        List<Integer> levelTdx = svns(group(tcbInfo, "\"tdxtcbcomponents\":\\[([^\\]]*)\\]"));
        assertThat(levelSgx).hasSize(16);
        assertThat(levelTdx).hasSize(16);
        for (int i = 0; i < 16; i++) {
            assertThat(pckSvns[i]).as("SGX component %d", i).isGreaterThanOrEqualTo(levelSgx.get(i));
        }
        assertThat(pceSvn).isGreaterThanOrEqualTo(Integer.parseInt(group(tcbInfo, "\"pcesvn\":(\\d+)")));
        byte[] teeTcbSvn = v.body(TdxQuoteLayout.TEE_TCB_SVN, 16);
        for (int i = 0; i < 16; i++) {
            assertThat(teeTcbSvn[i] & 0xFF).as("TDX component %d", i).isGreaterThanOrEqualTo(levelTdx.get(i));
        }
        assertThat(group(tcbInfo,
                "\"tdxtcbcomponents\":\\[[^\\]]*\\]\\},\"tcbDate\":\"[^\"]+\",\"tcbStatus\":\"(\\w+)\""))
                .isEqualTo("UpToDate");

        // 4.1.2.4.11: module identity TDX_%02X of TEE_TCB_SVN[1], MRSIGNERSEAM, SEAMATTRIBUTES, module level
        String id = String.format("TDX_%02X", teeTcbSvn[1]);
        Matcher module = Pattern.compile("\\{\"id\":\"" + id + "\",\"mrsigner\":\"(\\w+)\",\"attributes\":\"(\\w+)\","
                + "\"attributesMask\":\"\\w+\",\"tcbLevels\":\\[\\{\"tcb\":\\{\"isvsvn\":(\\d+)\\},"
                + "\"tcbDate\":\"[^\"]+\","
                + "\"tcbStatus\":\"(\\w+)\"").matcher(tcbInfo);
        assertThat(module.find()).as(id).isTrue();
        assertThat(HEX.formatHex(v.body(TdxQuoteLayout.MRSIGNERSEAM, 48))).isEqualTo(module.group(1));
        assertThat(HEX.formatHex(v.body(TdxQuoteLayout.SEAM_ATTRIBUTES, 8))).isEqualTo(module.group(2))
                .isEqualTo("0000000000000000");
        assertThat(teeTcbSvn[0] & 0xFF).isGreaterThanOrEqualTo(Integer.parseInt(module.group(3)));
        assertThat(module.group(4)).isEqualTo("UpToDate");

        // 4.1.2.4.15: QE report against QE Identity
        byte[] qe = v.qeReport();
        assertThat(HEX.formatHex(slice(qe, 128, 32))).isEqualTo(jsonString(qeIdentity, "mrsigner"));
        assertThat(u16(qe, 256)).isEqualTo(Integer.parseInt(group(qeIdentity, "\"isvprodid\":(\\d+)")));
        byte[] attributes = slice(qe, 48, 16);
        byte[] mask = HexFormat.of().parseHex(jsonString(qeIdentity, "attributesMask"));
        for (int i = 0; i < 16; i++) {
            attributes[i] &= mask[i];
        }
        assertThat(HEX.formatHex(attributes)).isEqualTo(jsonString(qeIdentity, "attributes"));
        assertThat(slice(qe, 16, 4)).isEqualTo(HexFormat.of().parseHex(jsonString(qeIdentity, "miscselect")));
        assertThat(u16(qe, 258)).isGreaterThanOrEqualTo(Integer.parseInt(group(qeIdentity, "\"isvsvn\":(\\d+)")));
        assertThat(group(qeIdentity, "\"tcbStatus\":\"(\\w+)\"")).isEqualTo("UpToDate");

        // TD attributes as dcap-qvl wants them: SEPT_VE_DISABLE set, DEBUG clear
        byte[] td = v.body(TdxQuoteLayout.TD_ATTRIBUTES, 8);
        assertThat(td[0] & 1).isZero();
        assertThat(td[3] & 0x10).isEqualTo(0x10);
    }

    @Test
    void collateralIsSignedAndInsideOneVerificationWindow() throws Exception {
        SimulatedTdxAttester attester = SimulatedTdxAttester.defaultAttester();
        TdxCollateral c = attester.collateral();
        X509Certificate signer = Pem.certificates(c.tcbInfoIssuerChain().getBytes()).get(0);
        assertThat(signer.getSubjectX500Principal().getName()).endsWith(",CN=Intel SGX TCB Signing");
        for (SignedJson s : List.of(c.tcbInfo(), c.qeIdentity())) {
            assertThat(verifies(signer.getPublicKey(), TdxTestSupport.innerSlice(s.bodyBytes(), s.wrapperKey()),
                    TdxTestSupport.bodySignature(s.bodyBytes()))).isTrue();
        }
        Instant t = attester.verificationTime();
        for (SignedJson s : List.of(c.tcbInfo(), c.qeIdentity())) {
            assertThat(Instant.parse(jsonString(s.inner(), "issueDate"))).isBefore(t);
            assertThat(Instant.parse(jsonString(s.inner(), "nextUpdate"))).isAfter(t);
        }
        X509CRL root = TdxTestSupport.crl(c.rootCaCrl());
        X509CRL pck = TdxTestSupport.crl(c.pckCrl());
        root.verify(attester.pki().root().getPublicKey());
        pck.verify(attester.pki().certificate(IntelCertRole.PLATFORM_CA).getPublicKey());
        for (X509CRL crl : List.of(root, pck)) {
            assertThat(crl.getThisUpdate().toInstant()).isBefore(t);
            assertThat(crl.getNextUpdate().toInstant()).isAfter(t);
        }
        for (IntelCertRole role : IntelCertRole.values()) {
            attester.pki().certificate(role).checkValidity(Date.from(t));
        }
        assertThat(pck.getIssuerX500Principal().getEncoded())
                .isEqualTo(attester.pki().certificate(IntelCertRole.PCK_PLATFORM).getIssuerX500Principal()
                        .getEncoded());
        assertThat(Pem.certificates(c.pckCrlIssuerChain().getBytes())).containsExactly(
                attester.pki().certificate(IntelCertRole.PLATFORM_CA), attester.pki().root());
        assertThat(c.qeIdentityIssuerChain()).isEqualTo(c.tcbInfoIssuerChain());
    }

    @Test
    void revokedPckFailsJdkRevocationChecking() throws Exception {
        IntelTestPki pki = IntelTestPki.defaultPki();
        SimulatedTdxAttester attester = SimulatedTdxAttester.builder(pki)
                .pckCrl(crl -> crl.revoke(IntelCertRole.PCK_PLATFORM)).build();
        List<X509Certificate> path = List.of(pki.certificate(IntelCertRole.PCK_PLATFORM),
                pki.certificate(IntelCertRole.PLATFORM_CA));
        assertThatThrownBy(() -> validateWithCrls(attester, path, attester.issueTime().plusSeconds(60)))
                .isInstanceOf(CertPathValidatorException.class)
                .extracting(e -> ((CertPathValidatorException) e).getReason())
                .isEqualTo(CertPathValidatorException.BasicReason.REVOKED);
    }

    @Test
    void processorCaAttesterUsesTheProcessorChainAndCrl() throws Exception {
        IntelTestPki pki = IntelTestPki.defaultPki();
        SimulatedTdxAttester attester = SimulatedTdxAttester.builder(pki).pck(IntelCertRole.PCK_PROCESSOR).build();
        QuoteView v = QuoteView.of(attester.quote().build().quote());
        assertThat(v.certificates()).containsExactly(pki.certificate(IntelCertRole.PCK_PROCESSOR),
                pki.certificate(IntelCertRole.PROCESSOR_CA), pki.root());
        assertThat(verifies(pki.certificate(IntelCertRole.PCK_PROCESSOR).getPublicKey(), v.qeReport(),
                v.qeReportSignature())).isTrue();
        X509CRL crl = TdxTestSupport.crl(attester.collateral().pckCrl());
        crl.verify(pki.certificate(IntelCertRole.PROCESSOR_CA).getPublicKey());
        validateWithCrls(attester, v.certificates().subList(0, 2), attester.issueTime().plusSeconds(60));
    }

    @Test
    void v5Td15QuoteFromTheAttesterVerifies() throws Exception {
        TdxEvidence ev = SimulatedTdxAttester.defaultAttester().quote().version(5).build();
        QuoteView v = QuoteView.of(ev.quote());
        assertThat(v.bodyType()).isEqualTo(3);
        assertThat(v.signedLength()).isEqualTo(702);
        assertThat(verifies(ev.attestationKey().getPublic(), v.signedBytes(), v.quoteSignature())).isTrue();
        assertThat(verifies(ev.pckCertificate().getPublicKey(), v.qeReport(), v.qeReportSignature())).isTrue();
        assertThat(v.body(TdxQuoteLayout.MRSERVICETD, 48)).containsOnly(0);
    }

    @Test
    void pemChainIsNulTerminatedByDefaultLikeTheRecentRealQuote() {
        SimulatedTdxAttester attester = SimulatedTdxAttester.defaultAttester();
        String pem = attester.pki().pckChainPem(IntelCertRole.PCK_PLATFORM);
        QuoteView v = QuoteView.of(attester.quote().build().quote());
        assertThat(v.chainSize()).isEqualTo(pem.length() + 1);
        assertThat(v.chain()[v.chainSize() - 1]).isZero();
        SimulatedTdxAttester plain = SimulatedTdxAttester.builder(attester.pki()).pckChainNulTerminated(false).build();
        assertThat(plain.pckChainBytes()).isEqualTo(pem.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void customizersAndLowerPckTcbKeepOrChangeTheCollateral() throws Exception {
        IntelTestPki low = IntelTestPki.builder().pckTcb(PckTcb.of(3, 1, 1, 1, 1, 1, 1, 0, 1)).build();
        SimulatedTdxAttester attester = SimulatedTdxAttester.builder(low)
                .tcbInfo(t -> t.tcbLevel(1, l -> l.withTcbStatus("Revoked")))
                .qeIdentity(q -> q.isvprodid(9)).issueTime(Instant.now().minusSeconds(7200)).build();
        String tcbInfo = attester.collateral().tcbInfo().inner();
        assertThat(svns(group(tcbInfo, "\"sgxtcbcomponents\":\\[([^\\]]*)\\]")))
                .containsExactly(1, 1, 1, 1, 1, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0);
        assertThat(group(tcbInfo, "\"pcesvn\":(\\d+)")).isEqualTo("3");
        assertThat(tcbInfo).contains("\"tcbStatus\":\"Revoked\"");
        assertThat(attester.collateral().qeIdentity().inner()).contains("\"isvprodid\":9,");
        X509Certificate signer = low.certificate(IntelCertRole.TCB_SIGNING);
        assertThat(verifies(signer.getPublicKey(), attester.collateral().tcbInfo().innerBytes(),
                attester.collateral().tcbInfo().signature())).isTrue();
        assertThat(jsonString(tcbInfo, "issueDate")).isEqualTo(attester.issueTime().toString());
    }

    @Test
    void qvlJsonHasTheKeysFormatAndValuesOfDcapQvlsCollateral() throws Exception {
        String real = new String(Vectors.bytes("tdx/dcap-qvl/tdx_quote_collateral.json"), StandardCharsets.UTF_8);
        SimulatedTdxAttester attester = SimulatedTdxAttester.defaultAttester();
        TdxCollateral c = attester.collateral();
        String json = c.qvlJson();
        assertThat(jsonKeys(json)).isEqualTo(topLevelKeys(real)).containsExactly("pck_crl_issuer_chain", "root_ca_crl",
                "pck_crl", "tcb_info_issuer_chain", "tcb_info", "tcb_info_signature", "qe_identity_issuer_chain",
                "qe_identity", "qe_identity_signature");
        assertThat(json.lines().count()).isEqualTo(real.lines().count());
        String head = "{\n  \"pck_crl_issuer_chain\": \"-----BEGIN CERTIFICATE-----\\n";
        assertThat(json).startsWith(head).endsWith("\"\n}");
        assertThat(real).startsWith(head).endsWith("\"\n}");
        assertThat(jsonString(json, "tcb_info")).isEqualTo(c.tcbInfo().inner());
        assertThat(jsonString(json, "qe_identity")).isEqualTo(c.qeIdentity().inner());
        assertThat(jsonString(json, "tcb_info_signature")).isEqualTo(c.tcbInfo().signatureHex());
        assertThat(jsonString(json, "pck_crl_issuer_chain")).isEqualTo(c.pckCrlIssuerChain());
        X509CRL root = TdxTestSupport.crl(HexFormat.of().parseHex(jsonString(json, "root_ca_crl")));
        root.verify(attester.pki().root().getPublicKey());
        assertThat(jsonString(json, "pck_crl")).matches("[0-9a-f]+");
        X509Certificate signer = Pem.certificates(jsonString(json, "qe_identity_issuer_chain").getBytes()).get(0);
        assertThat(verifies(signer.getPublicKey(), jsonString(json, "qe_identity").getBytes(StandardCharsets.UTF_8),
                HexFormat.of().parseHex(jsonString(json, "qe_identity_signature")))).isTrue();
    }

    /** PKIX with both CRLs in a CertStore, revocation on, at time {@code t}. */
    static void validateWithCrls(SimulatedTdxAttester attester, List<X509Certificate> path, Instant t)
            throws Exception {
        PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(attester.pki().root(), null)));
        params.setDate(Date.from(t));
        params.setRevocationEnabled(true);
        params.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(List.of(
                TdxTestSupport.crl(attester.collateral().rootCaCrl()),
                TdxTestSupport.crl(attester.collateral().pckCrl())))));
        CertPathValidator.getInstance("PKIX")
                .validate(CertificateFactory.getInstance("X.509").generateCertPath(path), params);
    }

    private static List<String> topLevelKeys(String json) {
        return jsonKeys(json).stream().filter(k -> k.matches("[a-z_]+")).toList();
    }

    private static String group(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        if (!m.find()) {
            throw new AssertionError("no match for " + regex);
        }
        return m.group(1);
    }

    private static byte[] octets(ASN1Primitive root, org.bouncycastle.asn1.ASN1ObjectIdentifier oid) {
        return ASN1OctetString.getInstance(sgxEntry(root, oid)).getOctets();
    }
}
