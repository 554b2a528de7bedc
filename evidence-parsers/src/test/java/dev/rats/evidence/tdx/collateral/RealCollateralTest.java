package dev.rats.evidence.tdx.collateral;

import static dev.rats.evidence.tdx.collateral.CollateralFixtures.DCAP_AT;
import static dev.rats.evidence.tdx.collateral.CollateralFixtures.GO_AT;
import static dev.rats.evidence.tdx.collateral.CollateralFixtures.code;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.FailureCode;
import dev.rats.evidence.tdx.VerifiedTdxQuote;
import dev.rats.testkit.Vectors;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The real collateral of ../shared/vectors/tdx against the expected results of tdx.md §6 and
 * SOURCES.md: dcap-qvl UpToDate, go-tdx-guest TCB not supported, signature and window negatives.
 */
class RealCollateralTest {

    private static byte[] dcapQuote() {
        return Vectors.bytes(CollateralFixtures.DCAP_QUOTE);
    }

    @Test
    void dcapQvlCollateralParses() throws EvidenceException {
        TdxCollateral c = TdxCollateralParser.fromQvlJson(CollateralFixtures.dcapCollateralJson());
        TcbInfo t = c.tcbInfo().value();
        assertThat(t.id()).isEqualTo("TDX");
        assertThat(t.version()).isEqualTo(3);
        assertThat(t.issueDate()).isEqualTo(Instant.parse("2025-06-19T10:16:03Z"));
        assertThat(t.nextUpdate()).isEqualTo(Instant.parse("2025-07-19T10:16:03Z"));
        assertThat(t.fmspc().toHex()).isEqualTo("b0c06f000000");
        assertThat(t.pceId().toHex()).isEqualTo("0000");
        assertThat(t.tcbEvaluationDataNumber()).isEqualTo(17);
        assertThat(t.tdxModule()).isPresent();
        assertThat(t.tdxModuleIdentities().orElseThrow()).extracting(TdxModuleIdentity::id).containsExactly("TDX_03", "TDX_01");
        assertThat(t.tcbLevels()).hasSize(2);
        assertThat(t.tcbLevels().get(0).tcbStatus()).isEqualTo(TcbStatus.UpToDate);
        assertThat(t.tcbLevels().get(0).pceSvn()).isEqualTo(11);
        assertThat(t.tcbLevels().get(0).tdxSvn(0)).isEqualTo(5);
        assertThat(t.tcbLevels().get(0).tdxComponents().get(0).type()).contains("TDX Module");
        assertThat(t.tcbLevels().get(1).advisoryIds()).hasSize(14).contains("INTEL-SA-00837");
        QeIdentity q = c.qeIdentity().value();
        assertThat(q.id()).isEqualTo("TD_QE");
        assertThat(q.version()).isEqualTo(2);
        assertThat(q.miscselectMask()).isEqualTo(0xFFFFFFFFL);
        assertThat(q.attributesMask().toHex()).isEqualTo("fbffffffffffffff0000000000000000");
        assertThat(q.isvProdId()).isEqualTo(2);
        assertThat(q.tcbLevels()).singleElement().extracting(IsvTcbLevel::isvSvn).isEqualTo(4);
        assertThat(c.rootCaCrl()).isPresent();
        assertThat(c.pckCrl()).isPresent();
        assertThat(c.tcbInfoIssuerChain()).hasSize(2);
        assertThat(c.pckCrlIssuerChain()).hasSize(2);
    }

    @Test
    void dcapQvlQuoteIsUpToDate() throws EvidenceException {
        TdxCollateral c = TdxCollateralParser.fromQvlJson(CollateralFixtures.dcapCollateralJson());
        TdxTcbResult r = CollateralFixtures.evaluate(dcapQuote(), c, DCAP_AT, CollateralFixtures.vectorAnchors());
        assertThat(r.status()).isEqualTo(TcbStatus.UpToDate);
        assertThat(r.platformStatus()).isEqualTo(TcbStatus.UpToDate);
        assertThat(r.sgxStatus()).isEqualTo(TcbStatus.UpToDate);
        assertThat(r.advisoryIds()).isEmpty();
        assertThat(r.moduleIdentityId()).contains("TDX_01");
        assertThat(r.moduleStatus()).contains(TcbStatus.UpToDate);
        assertThat(r.qeStatus()).isEqualTo(TcbStatus.UpToDate);
        assertThat(r.tcbDate()).isEqualTo(Instant.parse("2024-03-13T00:00:00Z"));
        assertThat(r.tcbEvaluationDataNumber()).isEqualTo(17);
        // the PCK CRL's nextUpdate is the earliest expiration (SOURCES.md)
        assertThat(r.earliestExpiration()).isEqualTo(Instant.parse("2025-07-19T10:00:35Z"));
        assertThat(r.collateralExpired()).isFalse();
    }

    @Test
    void dcapQvlCollateralAsPcsBodiesGivesTheSameResult() throws Exception {
        TdxCollateral qvl = TdxCollateralParser.fromQvlJson(CollateralFixtures.dcapCollateralJson());
        String tcbBody = "{\"tcbInfo\":" + new String(qvl.tcbInfo().signedBytes().toByteArray(), StandardCharsets.UTF_8)
                + ",\"signature\":\"" + qvl.tcbInfo().signature().toHex() + "\"}\n";
        String qeBody = "{ \"enclaveIdentity\" : " + new String(qvl.qeIdentity().signedBytes().toByteArray(), StandardCharsets.UTF_8)
                + " , \"signature\" : \"" + qvl.qeIdentity().signature().toHex().toUpperCase() + "\" }";
        String chain = pem(qvl.tcbInfoIssuerChain());
        // the PCS header form is percent-encoded
        String encoded = java.net.URLEncoder.encode(chain, StandardCharsets.UTF_8);
        TdxCollateral pcs = TdxCollateralParser.fromPcs(tcbBody.getBytes(StandardCharsets.UTF_8), encoded,
                qeBody.getBytes(StandardCharsets.UTF_8), chain, qvl.rootCaCrl().orElseThrow().getEncoded(),
                qvl.pckCrl().orElseThrow().getEncoded(), null);
        assertThat(pcs.tcbInfo().signedBytes()).isEqualTo(qvl.tcbInfo().signedBytes());
        assertThat(pcs.qeIdentity().signedBytes()).isEqualTo(qvl.qeIdentity().signedBytes());
        TdxTcbResult r = CollateralFixtures.evaluate(dcapQuote(), pcs, DCAP_AT, CollateralFixtures.vectorAnchors());
        assertThat(r.status()).isEqualTo(TcbStatus.UpToDate);
    }

    private static String pem(java.util.List<CollateralCertificate> chain) {
        StringBuilder sb = new StringBuilder();
        for (CollateralCertificate c : chain) {
            sb.append("-----BEGIN CERTIFICATE-----\n")
                    .append(java.util.Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(c.der().toByteArray()))
                    .append("\n-----END CERTIFICATE-----\n");
        }
        return sb.toString();
    }

    @Test
    void goTdxGuestQuoteHasNoMatchingTcbLevel() throws EvidenceException {
        TdxCollateral c = CollateralFixtures.goCollateral();
        assertThat(c.tcbInfo().value().tdxModuleIdentities()).isEmpty();
        assertThat(c.tcbInfo().value().fmspc().toHex()).isEqualTo("50806f000000");
        VerifiedTdxQuote q = CollateralFixtures.verifyQuote(Vectors.bytes(CollateralFixtures.GO + "tdx_prod_quote_SPR_E4.dat"),
                c, GO_AT, CollateralFixtures.vectorAnchors());
        // signatures, chains, CRLs and FMSPC all pass …
        VerifiedTdxCollateral v = new TdxCollateralVerifier().verify(q, c,
                TdxCollateralContext.of(GO_AT, CollateralFixtures.vectorAnchors()));
        assertThat(v.collateralExpired()).isFalse();
        assertThat(v.rootCaCrlChecked()).isTrue();
        // … and no TCB level matches (PCK SGX components [3,3,2,2,2,1,0,2,…] vs [5,5,2,2,3,1,0,3,…])
        assertThat(code(() -> TdxTcbEvaluator.evaluate(v))).isEqualTo(FailureCode.TDX_TCB_NOT_SUPPORTED);
    }

    @Test
    void oneWhitespaceCharacterInTheRawTcbInfoBreaksItsSignature() throws EvidenceException {
        String json = new String(CollateralFixtures.dcapCollateralJson(), StandardCharsets.UTF_8);
        String marker = "\\\"version\\\":3,";
        assertThat(json).contains(marker);
        String changed = json.replaceFirst(java.util.regex.Pattern.quote(marker),
                java.util.regex.Matcher.quoteReplacement("\\\"version\\\": 3,"));
        TdxCollateral original = TdxCollateralParser.fromQvlJson(json.getBytes(StandardCharsets.UTF_8));
        TdxCollateral c = TdxCollateralParser.fromQvlJson(changed.getBytes(StandardCharsets.UTF_8));
        // the same model, different signed bytes
        assertThat(c.tcbInfo().value()).isEqualTo(original.tcbInfo().value());
        assertThat(c.tcbInfo().signedBytes().length()).isEqualTo(original.tcbInfo().signedBytes().length() + 1);
        VerifiedTdxQuote q = CollateralFixtures.verifyQuote(dcapQuote(), c, DCAP_AT, CollateralFixtures.vectorAnchors());
        assertThat(code(() -> new TdxCollateralVerifier().verify(q, c,
                TdxCollateralContext.of(DCAP_AT, CollateralFixtures.vectorAnchors()))))
                .isEqualTo(FailureCode.TDX_COLLATERAL_SIGNATURE);
    }

    @Test
    void outsideTheWindowsTheCollateralIsExpired() throws EvidenceException {
        TdxCollateral c = TdxCollateralParser.fromQvlJson(CollateralFixtures.dcapCollateralJson());
        VerifiedTdxQuote q = CollateralFixtures.verifyQuote(dcapQuote(), c, DCAP_AT, CollateralFixtures.vectorAnchors());
        TdxCollateralVerifier verifier = new TdxCollateralVerifier();
        for (Instant at : new Instant[] {Instant.parse("2025-07-19T10:00:36Z"), Instant.parse("2025-07-20T00:00:00Z"),
            Instant.parse("2025-06-19T10:32:26Z"), Instant.parse("2024-01-01T00:00:00Z")}) {
            TdxCollateralContext ctx = TdxCollateralContext.of(at, CollateralFixtures.vectorAnchors());
            assertThat(code(() -> verifier.verify(q, c, ctx))).as(at.toString()).isEqualTo(FailureCode.TDX_COLLATERAL_EXPIRED);
            // reported instead of failing when the context says so (Intel QVL collateral_expiration_status)
            VerifiedTdxCollateral v = verifier.verify(q, c, ctx.withFailWhenExpired(false));
            assertThat(v.collateralExpired()).isTrue();
            assertThat(v.expiredItems()).isNotEmpty();
            TdxTcbResult r = TdxTcbEvaluator.evaluate(v);
            assertThat(r.status()).isEqualTo(TcbStatus.UpToDate);
            assertThat(r.collateralExpired()).isTrue();
        }
        // the window's edges are inside
        assertThat(verifier.verify(q, c, TdxCollateralContext.of(Instant.parse("2025-07-19T10:00:35Z"),
                CollateralFixtures.vectorAnchors())).collateralExpired()).isFalse();
        assertThat(verifier.verify(q, c, TdxCollateralContext.of(Instant.parse("2025-06-19T10:32:27Z"),
                CollateralFixtures.vectorAnchors())).collateralExpired()).isFalse();
    }

    @Test
    void goCollateralOutsideItsWindowIsExpired() throws EvidenceException {
        TdxCollateral c = CollateralFixtures.goCollateral();
        VerifiedTdxQuote q = CollateralFixtures.verifyQuote(Vectors.bytes(CollateralFixtures.GO + "tdx_prod_quote_SPR_E4.dat"),
                c, GO_AT, CollateralFixtures.vectorAnchors());
        assertThat(code(() -> new TdxCollateralVerifier().verify(q, c,
                TdxCollateralContext.of(Instant.parse("2023-07-08T07:25:00Z"), CollateralFixtures.vectorAnchors()))))
                .isEqualTo(FailureCode.TDX_COLLATERAL_EXPIRED);
        assertThat(c.rootCaCrl()).isPresent();
    }

    @Test
    void aCollateralRootThatIsNotThePinFails() throws Exception {
        TdxCollateral c = TdxCollateralParser.fromQvlJson(CollateralFixtures.dcapCollateralJson());
        VerifiedTdxQuote q = CollateralFixtures.verifyQuote(dcapQuote(), c, DCAP_AT, CollateralFixtures.vectorAnchors());
        dev.rats.testkit.tdx.IntelTestPki other = dev.rats.testkit.tdx.IntelTestPki.defaultPki();
        java.util.List<CollateralCertificate> chain = new java.util.ArrayList<>(c.tcbInfoIssuerChain());
        chain.set(1, new CollateralCertificate(dev.rats.evidence.binary.Bytes.of(other.root().getEncoded()), other.root()));
        TdxCollateral swapped = new TdxCollateral(c.tcbInfo(), chain, c.qeIdentity(), c.qeIdentityIssuerChain(),
                c.rootCaCrl(), c.pckCrl(), c.pckCrlIssuerChain());
        assertThat(code(() -> new TdxCollateralVerifier().verify(q, swapped,
                TdxCollateralContext.of(DCAP_AT, CollateralFixtures.vectorAnchors()))))
                .isEqualTo(FailureCode.INTEL_ROOT_NOT_PINNED);
    }
}
