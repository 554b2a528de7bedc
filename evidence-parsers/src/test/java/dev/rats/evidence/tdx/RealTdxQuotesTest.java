package dev.rats.evidence.tdx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.TdxEvidence;
import dev.rats.evidence.binary.Bytes;
import dev.rats.evidence.x509.DistinguishedNames;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The two real quotes of ../shared/vectors/tdx parse with the field values of tdx.md §6 and
 * SOURCES.md, and verify (signatures, chain to the Intel SGX Root CA, both CRLs) inside their
 * verification windows.
 */
class RealTdxQuotesTest {

    @Test
    void dcapQvlQuoteParses() throws EvidenceException {
        byte[] raw = TdxVectors.dcapQuote();
        TdxQuote q = TdxQuoteParser.parse(raw);
        assertThat(raw).hasSize(5006);
        assertThat(q.version()).isEqualTo(4);
        assertThat(q.usedLength()).isEqualTo(4936);
        assertThat(q.trailingBytes()).isEqualTo(70);
        assertThat(q.raw().isAllZero(4936, 70)).isTrue();
        assertThat(q.signedBytes()).isEqualTo(Bytes.of(raw, 0, 632));

        TdxQuoteHeader h = q.header();
        assertThat(h.attestationKeyType()).isEqualTo(2);
        assertThat(h.teeType()).isEqualTo(0x81);
        assertThat(h.reserved().isAllZero()).isTrue();
        assertThat(h.qeVendorId()).isEqualTo(TdxQuoteHeader.INTEL_QE_VENDOR_ID);
        assertThat(h.userData().toHex()).isEqualTo("889b7d6ff9df2405b240a830e73faf3d00000000");

        TdReport b = q.body();
        assertThat(b.type()).isEqualTo(TdReportType.TD_REPORT_1_0);
        assertThat(b.teeTcbSvn().toHex()).isEqualTo("06010300000000000000000000000000");
        assertThat(b.tdxModuleMajorVersion()).isEqualTo(1);
        assertThat(b.mrSeam().toHex()).isEqualTo(
                "5b38e33a6487958b72c3c12a938eaa5e3fd4510c51aeeab58c7d5ecee41d7c436489d6c8e4f92f160b7cad34207b00c1");
        assertThat(b.mrSignerSeam().isAllZero()).isTrue();
        assertThat(b.seamAttributes().isAllZero()).isTrue();
        assertThat(b.tdAttributes().raw().toHex()).isEqualTo("0000001000000000");
        assertThat(b.tdAttributes().value()).isEqualTo(0x10000000L);
        assertThat(b.tdAttributes().septVeDisable()).isTrue();
        assertThat(b.tdAttributes().debug()).isFalse();
        assertThat(b.tdAttributes().pks()).isFalse();
        assertThat(b.tdAttributes().reservedBits()).isZero();
        assertThat(b.xfamValue()).isEqualTo(0x602e7L);
        assertThat(b.mrTd().toHex()).isEqualTo(
                "91eb2b44d141d4ece09f0c75c2c53d247a3c68edd7fafe8a3520c942a604a407de03ae6dc5f87f27428b2538873118b7");
        assertThat(b.mrConfigId().isAllZero()).isTrue();
        assertThat(b.mrOwner().isAllZero()).isTrue();
        assertThat(b.mrOwnerConfig().isAllZero()).isTrue();
        assertThat(b.rtmrs()).hasSize(4);
        assertThat(b.rtmr(0).toHex()).isEqualTo(
                "44c0197b39157fdd7a4dcc44767f9d6b0bb3977c7a8e347b8492f827fe9d9e5c48aca29b220b80b6a540cf994b9bc9c0");
        assertThat(b.rtmr(3).isAllZero()).isTrue();
        assertThat(b.reportData().toHex()).isEqualTo("9a9d48e7f6799642d3d1b34e1e5e1742d4bb02dd6ddd551862c1211d35c304f9"
                + "eca3efdbb481601c163cf52493d6e44aed55d51ec39b7e518fadb92c2b523f20");
        assertThat(b.teeTcbSvn2()).isEmpty();
        assertThat(b.mrServiceTd()).isEmpty();

        QuoteSignatureData sd = q.signatureData();
        assertThat(sd.length()).isEqualTo(4300);
        assertThat(sd.signature().length()).isEqualTo(64);
        assertThat(sd.attestationKey().length()).isEqualTo(64);
        assertThat(sd.qeAuthData().toHex()).isEqualTo("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
        assertThat(sd.pckChainPem().length()).isEqualTo(3678);
        assertThat(sd.pckChain()).hasSize(3);

        QeReport qe = sd.qeReport();
        assertThat(qe.raw().length()).isEqualTo(384);
        assertThat(qe.cpuSvn().toHex()).isEqualTo("0303191b04ff00060000000000000000");
        assertThat(qe.miscSelect()).isZero();
        assertThat(qe.attributes().toHex()).isEqualTo("1500000000000000e700000000000000");
        assertThat(qe.mrEnclave().toHex()).isEqualTo("e5a3a7b5d830c2953b98534c6c59a3a34fdc34e933f7f5898f0a85cf08846bca");
        assertThat(qe.mrSigner().toHex()).isEqualTo("dc9e2a7c6f948f17474e34a7fc43ed030f7c1563f1babddf6340c82e0e54a8c5");
        assertThat(qe.isvProdId()).isEqualTo(2);
        assertThat(qe.isvSvn()).isEqualTo(6);
        assertThat(qe.reportData().toHex()).isEqualTo("c936492a774946af9b588f6b3bd8beddc5957d1761ded2c0bb61d7b64de5b324"
                + "0".repeat(64));
    }

    @Test
    void goTdxGuestQuoteParses() throws EvidenceException {
        byte[] raw = TdxVectors.goQuote();
        TdxQuote q = TdxQuoteParser.parse(raw);
        assertThat(raw).hasSize(4974);
        assertThat(q.version()).isEqualTo(4);
        assertThat(q.usedLength()).isEqualTo(4935);
        assertThat(q.trailingBytes()).isEqualTo(39);
        assertThat(new String(q.raw().slice(4935, 39).toByteArray(), java.nio.charset.StandardCharsets.US_ASCII))
                .isEqualTo("\nextra bytes(only for testing purpose)\n");
        TdReport b = q.body();
        assertThat(b.teeTcbSvn().toHex()).isEqualTo("03000400000000000000000000000000");
        assertThat(b.tdxModuleMajorVersion()).isZero();
        assertThat(b.tdAttributes().raw().toHex()).isEqualTo("0000004000000000");
        assertThat(b.tdAttributes().pks()).isTrue();
        assertThat(b.tdAttributes().septVeDisable()).isFalse();
        assertThat(b.tdAttributes().debug()).isFalse();
        assertThat(b.xfamValue()).isEqualTo(0x61ae7L);
        assertThat(b.mrTd().toHex()).isEqualTo(
                "6363b8043668a3ad953278e10389574d326c6749fb78aa810ecd9336923db86f22fc00b8dcd404bc10d5e119d7215cbb");
        assertThat(b.reportData().toHex()).startsWith("6c62dec1b8191749a31dab490be532a3");
        assertThat(q.signatureData().length()).isEqualTo(4299);
        assertThat(q.signatureData().pckChainPem().length()).isEqualTo(3677);
        assertThat(q.signatureData().qeReport().isvProdId()).isEqualTo(2);
        assertThat(q.signatureData().qeReport().isvSvn()).isEqualTo(4);
    }

    @Test
    void dcapQvlQuoteVerifiesWithBothCrls() throws EvidenceException {
        VerifiedTdxQuote v = new TdxQuoteVerifier().verify(TdxVectors.evidence(TdxVectors.dcapQuote()), TdxVectors.dcapContext());
        assertThat(v.revocation()).isEqualTo(PckRevocationStatus.NOT_REVOKED);
        assertThat(v.verifiedAt()).isEqualTo(TdxVectors.DCAP_AT);
        assertThat(v.pckCaType()).isEqualTo(PckCaType.PLATFORM);
        assertThat(DistinguishedNames.commonName(v.pckCertificate().getSubjectX500Principal())).contains("Intel SGX PCK Certificate");
        assertThat(DistinguishedNames.commonName(v.pckCaCertificate().getSubjectX500Principal())).contains("Intel SGX PCK Platform CA");
        assertThat(v.pckCertificate().getSerialNumber().toString(16)).isEqualTo("3c16ed54eacbb4ced072be72630c85788cf46e36");
        assertThat(v.rootCertificate()).isEqualTo(TdxVectors.anchors().root().orElseThrow());

        PckExtensions x = v.pckExtensions();
        assertThat(x.fmspc().toHex()).isEqualToIgnoringCase("B0C06F000000");
        assertThat(x.pceId().toHex()).isEqualTo("0000");
        assertThat(x.ppid().toHex()).isEqualToIgnoringCase("811DCA2A26B952E85BB6448B097BA4FD");
        assertThat(x.tcb().sgxComponentSvns()).containsExactly(3, 3, 2, 2, 4, 1, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0);
        assertThat(x.tcb().pceSvn()).isEqualTo(11);
        assertThat(x.tcb().cpuSvn().toHex()).isEqualTo("03030202040100050000000000000000");
        assertThat(x.sgxType()).isEqualTo(1);
        assertThat(x.sgxTypeName()).contains(PckExtensions.SgxType.SCALABLE);
        assertThat(x.platformInstanceId().map(Bytes::toHex)).contains("07828474603e7019dc930775ffe8cdd2");
        assertThat(x.configuration()).contains(new PckExtensions.Configuration(
                java.util.Optional.of(true), java.util.Optional.of(true), java.util.Optional.of(true)));
    }

    @Test
    void goTdxGuestQuoteVerifiesWithBothCrls() throws EvidenceException {
        VerifiedTdxQuote v = new TdxQuoteVerifier().verify(TdxVectors.evidence(TdxVectors.goQuote()), TdxVectors.goContext());
        assertThat(v.revocation()).isEqualTo(PckRevocationStatus.NOT_REVOKED);
        assertThat(v.pckCaType()).isEqualTo(PckCaType.PLATFORM);
        PckExtensions x = v.pckExtensions();
        assertThat(x.fmspc().toHex()).isEqualToIgnoringCase("50806F000000");
        assertThat(x.pceId().toHex()).isEqualTo("0000");
        assertThat(x.ppid().toHex()).isEqualToIgnoringCase("089DDFDB9C0359C82A3BC7719239574E");
        // tdx.md §6: below every TCB level of its collateral ([5,5,2,2,3,1,0,3,…]); that is collateral work
        assertThat(x.tcb().sgxComponentSvns()).containsExactly(3, 3, 2, 2, 2, 1, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0);
        assertThat(x.tcb().pceSvn()).isEqualTo(11);
        assertThat(x.sgxTypeName()).contains(PckExtensions.SgxType.SCALABLE);
        assertThat(x.platformInstanceId().map(Bytes::toHex)).contains("8c314d17d205dfafcbecbb00fc87eff7");
        assertThat(x.configuration()).contains(new PckExtensions.Configuration(
                java.util.Optional.of(true), java.util.Optional.of(false), java.util.Optional.of(true)));
    }

    @Test
    void bothQuotesVerifyOfflineWithoutCrls() throws EvidenceException {
        TdxQuoteVerifier verifier = new TdxQuoteVerifier();
        VerifiedTdxQuote dcap = verifier.verify(TdxVectors.evidence(TdxVectors.dcapQuote()),
                TdxVerificationContext.offline(TdxVectors.DCAP_AT, TdxVectors.anchors()));
        VerifiedTdxQuote go = verifier.verify(TdxVectors.evidence(TdxVectors.goQuote()),
                TdxVerificationContext.offline(TdxVectors.GO_AT, TdxVectors.anchors()));
        assertThat(dcap.revocation()).isEqualTo(PckRevocationStatus.NOT_CHECKED);
        assertThat(go.revocation()).isEqualTo(PckRevocationStatus.NOT_CHECKED);
    }

    @Test
    void aVerifiedChainIsCachedByItsDer() throws EvidenceException {
        PckChainCache cache = new PckChainCache(16);
        TdxQuoteVerifier verifier = new TdxQuoteVerifier(cache);
        TdxEvidence e = TdxVectors.evidence(TdxVectors.dcapQuote());
        verifier.verify(e, TdxVectors.dcapContext());
        verifier.verify(TdxVectors.evidence(TdxVectors.dcapQuote()), TdxVectors.dcapContext());
        assertThat(cache.size()).isEqualTo(1);
        // the cached chain is still judged at the instant of each verification
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> verifier.verify(e, TdxVectors.dcapContext()
                .withCrlSource(IntelCrlSource.NONE, false).at(java.time.Instant.parse("2034-01-01T00:00:00Z"))))
                .extracting(x -> ((EvidenceException) x).code())
                .isEqualTo(dev.rats.evidence.FailureCode.CERTIFICATE_EXPIRED);
        verifier.verify(TdxVectors.evidence(TdxVectors.goQuote()), TdxVectors.goContext());
        assertThat(cache.size()).isEqualTo(2);
    }

    @Test
    void withoutTrailingBytesTheQuoteStillVerifies() throws EvidenceException {
        for (byte[] raw : List.of(TdxVectors.dcapQuote(), TdxVectors.goQuote())) {
            TdxQuote q = TdxQuoteParser.parse(raw);
            byte[] trimmed = java.util.Arrays.copyOf(raw, q.usedLength());
            TdxQuote t = TdxQuoteParser.parse(trimmed);
            assertThat(t.trailingBytes()).isZero();
            assertThat(t.signedBytes()).isEqualTo(q.signedBytes());
            assertThat(QuoteSurgery.of(q).build()).isEqualTo(trimmed);
        }
        new TdxQuoteVerifier().verify(TdxVectors.evidence(java.util.Arrays.copyOf(TdxVectors.dcapQuote(), 4936)),
                TdxVectors.dcapContext());
        new TdxQuoteVerifier().verify(TdxVectors.evidence(java.util.Arrays.copyOf(TdxVectors.goQuote(), 4935)),
                TdxVectors.goContext());
    }
}
