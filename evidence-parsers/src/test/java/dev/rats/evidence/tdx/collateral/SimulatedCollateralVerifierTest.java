package dev.rats.evidence.tdx.collateral;

import static dev.rats.evidence.tdx.collateral.CollateralFixtures.code;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.FailureCode;
import dev.rats.evidence.tdx.VerifiedTdxQuote;
import dev.rats.testkit.tdx.IntelCertRole;
import dev.rats.testkit.tdx.IntelTestPki;
import dev.rats.testkit.tdx.SimulatedTdxAttester;
import dev.rats.testkit.tdx.TdxEvidence;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * {@link TdxCollateralVerifier} with the simulated attester: signatures over the exact bytes, the
 * TCB Signing chain and Root CA CRL, ids and versions, FMSPC and PCE-ID, and the validity windows
 * (tdx.md §5 step 4, §3.5; Intel QVL 4.1.2.4.9, 4.1.2.4.10, 4.1.2.4.14).
 */
class SimulatedCollateralVerifierTest {

    private record Case(SimulatedTdxAttester attester, TdxEvidence evidence, TdxCollateral collateral, VerifiedTdxQuote quote) {
        VerifiedTdxCollateral verify(Instant at, boolean failWhenExpired) throws EvidenceException {
            return new TdxCollateralVerifier().verify(quote, collateral,
                    new TdxCollateralContext(at, CollateralFixtures.anchors(attester), failWhenExpired));
        }

        VerifiedTdxCollateral verify() throws EvidenceException {
            return verify(attester.verificationTime(), true);
        }
    }

    /** The quote is verified with the default CRLs, so that only the collateral under test differs. */
    private static Case build(Consumer<SimulatedTdxAttester.Builder> setup) throws EvidenceException {
        SimulatedTdxAttester.Builder b = SimulatedTdxAttester.builder(IntelTestPki.defaultPki());
        setup.accept(b);
        SimulatedTdxAttester a = b.build();
        TdxEvidence ev = a.quote().build();
        TdxCollateral c = TdxCollateralParser.fromQvlJson(ev.collateral().qvlJsonBytes());
        TdxCollateral clean = TdxCollateralParser.fromQvlJson(SimulatedTdxAttester.builder(IntelTestPki.defaultPki())
                .issueTime(a.issueTime()).build().collateral().qvlJsonBytes());
        VerifiedTdxQuote q = CollateralFixtures.verifyQuote(ev.quote(), clean, a.verificationTime(), CollateralFixtures.anchors(a));
        return new Case(a, ev, c, q);
    }

    private static FailureCode fails(Consumer<SimulatedTdxAttester.Builder> setup) {
        return code(() -> build(setup).verify());
    }

    @Test
    void defaultCollateralVerifies() throws EvidenceException {
        Case c = build(b -> { });
        VerifiedTdxCollateral v = c.verify();
        assertThat(v.collateralExpired()).isFalse();
        assertThat(v.expiredItems()).isEmpty();
        assertThat(v.rootCaCrlChecked()).isTrue();
        assertThat(v.latestIssueDate()).isEqualTo(c.attester().issueTime());
        assertThat(v.earliestExpiration()).isEqualTo(c.attester().issueTime().plus(Duration.ofDays(30)));
        assertThat(v.quote()).isSameAs(c.quote());
    }

    @Test
    void signaturesCoverTheExactBytes() {
        assertThat(fails(b -> b.tcbInfo(t -> t.postSignOverride(s -> s.replaceFirst(",", ", ")))))
                .isEqualTo(FailureCode.TDX_COLLATERAL_SIGNATURE);
        assertThat(fails(b -> b.qeIdentity(q -> q.postSignOverride(s -> s.replaceFirst("\\{", "{ ")))))
                .isEqualTo(FailureCode.TDX_COLLATERAL_SIGNATURE);
        assertThat(fails(b -> b.tcbInfo(t -> t.signature(new byte[64])))).isEqualTo(FailureCode.TDX_COLLATERAL_SIGNATURE);
        assertThat(fails(b -> b.qeIdentity(q -> q.signature(new byte[63])))).isEqualTo(FailureCode.TDX_COLLATERAL_SIGNATURE);
        // signed by a key that is not the TCB Signing key (the PCK's)
        assertThat(fails(b -> b.tcbInfo(t -> t.signWith(IntelTestPki.defaultPki().pckPrivateKey(IntelCertRole.PCK_PLATFORM)))))
                .isEqualTo(FailureCode.TDX_COLLATERAL_SIGNATURE);
    }

    @Test
    void uppercaseSignatureHexAndTrailingNewlineAreAccepted() throws EvidenceException {
        Case c = build(b -> b.tcbInfo(t -> t.trailingNewline(true)));
        byte[] body = c.evidence().collateral().tcbInfoBody();
        SignedCollateral<TcbInfo> s = TdxCollateralParser.tcbInfoResponse(body);
        assertThat(s.signedBytes().toByteArray()).isEqualTo(c.evidence().collateral().tcbInfo().innerBytes());
        String upper = new String(body, StandardCharsets.UTF_8).replace(c.evidence().collateral().tcbInfo().signatureHex(),
                c.evidence().collateral().tcbInfo().signatureHex().toUpperCase());
        assertThat(TdxCollateralParser.tcbInfoResponse(upper.getBytes(StandardCharsets.UTF_8)).signature())
                .isEqualTo(s.signature());
    }

    @Test
    void idsAndVersionsMustBeThoseOfTdx() {
        assertThat(fails(b -> b.tcbInfo(t -> t.id("SGX")))).isEqualTo(FailureCode.TDX_COLLATERAL_MISMATCH);
        assertThat(fails(b -> b.tcbInfo(t -> t.version(2)))).isEqualTo(FailureCode.TDX_COLLATERAL_MISMATCH);
        assertThat(fails(b -> b.tcbInfo(t -> t.version(4)))).isEqualTo(FailureCode.TDX_COLLATERAL_MISMATCH);
        assertThat(fails(b -> b.qeIdentity(q -> q.id("QE")))).isEqualTo(FailureCode.TDX_COLLATERAL_MISMATCH);
        assertThat(fails(b -> b.qeIdentity(q -> q.version(1)))).isEqualTo(FailureCode.TDX_COLLATERAL_MISMATCH);
        assertThat(fails(b -> b.qeIdentity(q -> q.version(3)))).isEqualTo(FailureCode.TDX_COLLATERAL_MISMATCH);
        // TDX TCB Info without tdxModule is malformed
        assertThat(fails(b -> b.tcbInfo(t -> t.removeField("tdxModule")))).isEqualTo(FailureCode.TDX_COLLATERAL_MALFORMED);
    }

    @Test
    void fmspcAndPceIdMustBeThoseOfThePck() throws EvidenceException {
        assertThat(fails(b -> b.tcbInfo(t -> t.fmspc(new byte[] {0, 0x60, 0x6A, 0, 0, 0}))))
                .isEqualTo(FailureCode.TDX_COLLATERAL_MISMATCH);
        assertThat(fails(b -> b.tcbInfo(t -> t.pceId(new byte[] {0, 1})))).isEqualTo(FailureCode.TDX_COLLATERAL_MISMATCH);
        // the FMSPC hex is compared as bytes: case does not matter
        String lower = java.util.HexFormat.of().formatHex(IntelTestPki.defaultPki().fmspc());
        assertThat(build(b -> b.tcbInfo(t -> t.fmspc(lower))).verify().tcbInfo().fmspc().toHex()).isEqualTo(lower);
    }

    @Test
    void windowsAreReportedAndFailByDefault() throws EvidenceException {
        Case c = build(b -> { });
        Instant issue = c.attester().issueTime();
        for (Instant at : List.of(issue.minusSeconds(1), issue.plus(Duration.ofDays(30)).plusSeconds(1))) {
            assertThat(code(() -> c.verify(at, true))).as(at.toString()).isEqualTo(FailureCode.TDX_COLLATERAL_EXPIRED);
            VerifiedTdxCollateral v = c.verify(at, false);
            assertThat(v.collateralExpired()).isTrue();
            assertThat(TdxTcbEvaluator.evaluate(v).collateralExpired()).isTrue();
        }
        assertThat(c.verify(issue, true).collateralExpired()).isFalse();
        assertThat(c.verify(issue.plus(Duration.ofDays(30)), true).collateralExpired()).isFalse();
        // only the QE Identity is stale
        Case qe = build(b -> b.qeIdentity(q -> q.nextUpdate(issue.plusSeconds(30))));
        assertThat(code(qe::verify)).isEqualTo(FailureCode.TDX_COLLATERAL_EXPIRED);
        assertThat(qe.verify(qe.attester().verificationTime(), false).expiredItems()).singleElement().asString()
                .contains("QE Identity");
        // only the PCK CRL is stale
        Case crl = build(b -> b.pckCrl(r -> r.nextUpdate(issue.plusSeconds(30))));
        assertThat(code(crl::verify)).isEqualTo(FailureCode.TDX_COLLATERAL_EXPIRED);
        assertThat(crl.verify(crl.attester().verificationTime(), false).earliestExpiration()).isEqualTo(issue.plusSeconds(30));
    }

    @Test
    void theTcbSigningCertificateMustNotBeRevoked() {
        assertThat(fails(b -> b.rootCrl(r -> r.revoke(IntelCertRole.TCB_SIGNING)))).isEqualTo(FailureCode.CERTIFICATE_REVOKED);
    }

    @Test
    void theTcbSigningChainMustLeadToThePinnedRoot() throws EvidenceException {
        Case c = build(b -> { });
        // without the signing certificate
        TdxCollateral noSigner = new TdxCollateral(c.collateral().tcbInfo(), c.collateral().tcbInfoIssuerChain().subList(1, 2),
                c.collateral().qeIdentity(), c.collateral().qeIdentityIssuerChain(), c.collateral().rootCaCrl(),
                c.collateral().pckCrl(), c.collateral().pckCrlIssuerChain());
        assertThat(code(() -> new TdxCollateralVerifier().verify(c.quote(), noSigner,
                TdxCollateralContext.of(c.attester().verificationTime(), CollateralFixtures.anchors(c.attester())))))
                .isEqualTo(FailureCode.TDX_COLLATERAL_MISSING);
        // the PCK CA where the signing certificate belongs
        TdxCollateral wrong = new TdxCollateral(c.collateral().tcbInfo(), c.collateral().pckCrlIssuerChain(),
                c.collateral().qeIdentity(), c.collateral().qeIdentityIssuerChain(), c.collateral().rootCaCrl(),
                c.collateral().pckCrl(), c.collateral().pckCrlIssuerChain());
        assertThat(code(() -> new TdxCollateralVerifier().verify(c.quote(), wrong,
                TdxCollateralContext.of(c.attester().verificationTime(), CollateralFixtures.anchors(c.attester())))))
                .isEqualTo(FailureCode.INTEL_ROOT_NOT_PINNED);
        // another PKI's root as the anchor
        IntelTestPki other = IntelTestPki.builder().build();
        assertThat(code(() -> new TdxCollateralVerifier().verify(c.quote(), c.collateral(),
                TdxCollateralContext.of(c.attester().verificationTime(),
                        new dev.rats.evidence.tdx.ConfiguredIntelAnchors(other.root(), "another PKI")))))
                .isIn(FailureCode.INTEL_ROOT_NOT_PINNED, FailureCode.TDX_COLLATERAL_SIGNATURE);
    }

    @Test
    void crlsAreOptionalInTheBundle() throws EvidenceException {
        Case c = build(b -> { });
        dev.rats.testkit.tdx.TdxCollateral raw = c.evidence().collateral();
        TdxCollateral noCrls = TdxCollateralParser.fromPcs(raw.tcbInfoBody(), raw.tcbInfoIssuerChain(), raw.qeIdentityBody(),
                raw.qeIdentityIssuerChain());
        assertThat(noCrls.rootCaCrl()).isEmpty();
        assertThat(noCrls.pckCrl()).isEmpty();
        VerifiedTdxCollateral v = new TdxCollateralVerifier().verify(c.quote(), noCrls,
                TdxCollateralContext.of(c.attester().verificationTime(), CollateralFixtures.anchors(c.attester())));
        assertThat(v.rootCaCrlChecked()).isFalse();
        assertThat(TdxTcbEvaluator.evaluate(v).status()).isEqualTo(TcbStatus.UpToDate);
        // the dcap-qvl form without the CRL keys
        String json = new String(raw.qvlJsonBytes(), StandardCharsets.UTF_8)
                .replaceAll("\"root_ca_crl\": \"[0-9a-f]+\",", "").replaceAll("\"pck_crl\": \"[0-9a-f]+\",", "");
        TdxCollateral qvl = TdxCollateralParser.fromQvlJson(json.getBytes(StandardCharsets.UTF_8));
        assertThat(qvl.rootCaCrl()).isEmpty();
        assertThat(qvl.pckCrl()).isEmpty();
        // CRLs as PEM are accepted too
        TdxCollateral pem = TdxCollateralParser.fromPcs(raw.tcbInfoBody(), raw.tcbInfoIssuerChain(), raw.qeIdentityBody(),
                raw.qeIdentityIssuerChain(), toPem(raw.rootCaCrl()), toPem(raw.pckCrl()), raw.pckCrlIssuerChain());
        assertThat(pem.rootCaCrl()).isPresent();
        assertThat(pem.pckCrlIssuerChain()).hasSize(2);
    }

    private static byte[] toPem(byte[] der) {
        return ("-----BEGIN X509 CRL-----\n" + java.util.Base64.getMimeEncoder().encodeToString(der)
                + "\n-----END X509 CRL-----\n").getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void theVerifiedModelIsReadFromTheSignedBytesAndCached() throws EvidenceException {
        Case c = build(b -> { });
        TdxCollateral real = c.collateral();
        TcbInfo t = real.tcbInfo().value();
        TcbInfo forged = new TcbInfo(t.id(), t.version(), t.issueDate(), t.nextUpdate(), t.fmspc(), t.pceId(), t.tcbType(),
                99, t.tdxModule(), t.tdxModuleIdentities(), t.tcbLevels());
        TdxCollateral swapped = new TdxCollateral(new SignedCollateral<>(real.tcbInfo().signedBytes(),
                real.tcbInfo().signature(), forged), real.tcbInfoIssuerChain(), real.qeIdentity(),
                real.qeIdentityIssuerChain(), real.rootCaCrl(), real.pckCrl(), real.pckCrlIssuerChain());
        TdxCollateralVerifier verifier = new TdxCollateralVerifier();
        TdxCollateralContext ctx = TdxCollateralContext.of(c.attester().verificationTime(), CollateralFixtures.anchors(c.attester()));
        assertThat(verifier.verify(c.quote(), swapped, ctx).tcbInfo()).isEqualTo(t);
        assertThat(verifier.cacheSize()).isEqualTo(2);
        assertThat(verifier.verify(c.quote(), real, ctx).tcbInfo().tcbEvaluationDataNumber())
                .isEqualTo(t.tcbEvaluationDataNumber());
        assertThat(verifier.cacheSize()).isEqualTo(2);
        // failures are not cached: a changed signature fails every time
        byte[] sig = real.qeIdentity().signature().toByteArray();
        sig[5] ^= 1;
        TdxCollateral bad = new TdxCollateral(real.tcbInfo(), real.tcbInfoIssuerChain(), new SignedCollateral<>(
                real.qeIdentity().signedBytes(), dev.rats.evidence.binary.Bytes.of(sig), real.qeIdentity().value()),
                real.qeIdentityIssuerChain(), real.rootCaCrl(), real.pckCrl(), real.pckCrlIssuerChain());
        for (int i = 0; i < 2; i++) {
            assertThat(code(() -> verifier.verify(c.quote(), bad, ctx))).isEqualTo(FailureCode.TDX_COLLATERAL_SIGNATURE);
        }
        assertThat(verifier.cacheSize()).isEqualTo(2);
    }

    @Test
    void theRootCaCrlMustBeTheRootsAndAnAnchorMustBeConfigured() throws EvidenceException {
        // a Root CA CRL signed by another key
        assertThat(fails(b -> b.rootCrl(r -> r.signedBy(IntelTestPki.defaultPki().tcbSigningKey()))))
                .isEqualTo(FailureCode.CRL_INVALID);
        Case c = build(b -> { });
        dev.rats.evidence.tdx.IntelTrustAnchors none = new dev.rats.evidence.tdx.IntelTrustAnchors() {
            @Override
            public java.util.Optional<java.security.cert.X509Certificate> root() {
                return java.util.Optional.empty();
            }

            @Override
            public String description() {
                return "no root";
            }
        };
        assertThat(code(() -> new TdxCollateralVerifier().verify(c.quote(), c.collateral(),
                TdxCollateralContext.of(c.attester().verificationTime(), none)))).isEqualTo(FailureCode.INTEL_ROOT_NOT_PINNED);
    }
}
