package dev.rats.evidence.snp;

import static dev.rats.evidence.snp.SnpTestSupport.AT;
import static dev.rats.evidence.snp.SnpTestSupport.evidence;
import static dev.rats.evidence.snp.SnpTestSupport.pki;
import static dev.rats.evidence.snp.SnpTestSupport.product;
import static dev.rats.evidence.snp.SnpTestSupport.tcb;
import static dev.rats.evidence.snp.SnpTestSupport.tcbHex;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.SnpEvidence;
import dev.rats.evidence.binary.Bytes;
import dev.rats.testkit.snp.AmdCertRole;
import dev.rats.testkit.snp.AmdTestPki;
import dev.rats.testkit.snp.SimProduct;
import dev.rats.testkit.snp.SimulatedSnpAttester;
import dev.rats.testkit.snp.SnpCertTableBuilder.GuidEncoding;
import dev.rats.testkit.snp.SnpTcb;
import java.math.BigInteger;
import java.security.cert.X509CRL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Simulated evidence of every product, report version and key kind verifies, and its claims decode correctly. */
class SnpSimulatedHappyPathTest {

    private static final byte[] REPORT_DATA = bytes(64, 0x11);
    private static final byte[] MEASUREMENT = bytes(48, 0xA5);

    private static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (seed + 7 * i);
        }
        return b;
    }

    static Stream<Arguments> productsAndVersions() {
        List<Arguments> out = new ArrayList<>();
        for (SimProduct p : SimProduct.values()) {
            for (int v = 2; v <= 5; v++) {
                out.add(Arguments.of(p, v));
            }
        }
        return out.stream();
    }

    private static dev.rats.testkit.snp.SnpEvidence vcekReport(SimProduct p, int version) {
        return SimulatedSnpAttester.vcek(pki(p)).report()
                .version(version)
                .reportData(REPORT_DATA)
                .measurement(MEASUREMENT)
                .currentFirmware(1, 58, 7)
                .committedFirmware(1, 57, 3)
                .launchMitVector(version >= 5 ? 0x0b : 0)
                .currentMitVector(version >= 5 ? 0x03 : 0)
                .build();
    }

    private static void assertTcb(TcbVersion t, SimProduct p) {
        SnpTcb expected = tcb(p);
        assertThat(t.raw().toHex()).isEqualTo(tcbHex(p));
        assertThat(t.layout()).isEqualTo(p == SimProduct.TURIN ? TcbLayout.TURIN : TcbLayout.MILAN_GENOA);
        assertThat(t.fmc()).isEqualTo(p == SimProduct.TURIN ? expected.fmc() : -1);
        assertThat(t.bootloader()).isEqualTo(expected.bootloader());
        assertThat(t.tee()).isEqualTo(expected.tee());
        assertThat(t.snp()).isEqualTo(expected.snp());
        assertThat(t.microcode()).isEqualTo(expected.microcode());
    }

    @ParameterizedTest(name = "{0} v{1}")
    @MethodSource("productsAndVersions")
    void vcekReportVerifiesWithDecodedClaims(SimProduct p, int version) throws EvidenceException {
        AmdTestPki pki = pki(p);
        VerifiedSnpEvidence v = new SnpVerifier().verify(evidence(vcekReport(p, version)),
                SnpVerificationContext.offline(AT, SimulatedAnchors.of(pki)));

        // v2 carries no CPUID: the product comes from the VCEK productName
        assertThat(v.product()).isEqualTo(product(p));
        assertThat(v.report().version()).isEqualTo(version);
        assertThat(v.report().cpuid()).isEqualTo(version >= 3
                ? Optional.of(new SnpReport.Cpuid(p.cpuidFamily(), p.cpuidModel(), p.cpuidStepping()))
                : Optional.empty());
        assertThat(v.signingKey()).isEqualTo(SigningKey.VCEK);
        assertThat(v.report().signingKey()).isEqualTo(SigningKey.VCEK);
        assertThat(v.revocation()).isEqualTo(RevocationStatus.NOT_CHECKED);
        assertThat(v.verifiedAt()).isEqualTo(AT);

        assertTcb(v.reportedTcb(), p);
        assertTcb(v.currentTcb(), p);
        assertTcb(v.committedTcb(), p);
        assertTcb(v.launchTcb(), p);
        assertTcb(v.vek().tcb(), p);

        assertThat(v.report().chipId()).isEqualTo(Bytes.of(pki.chipId()));
        assertThat(v.vek().hwId()).contains(Bytes.of(pki.hwId()));
        assertThat(v.vek().hwId().orElseThrow().length()).isEqualTo(p == SimProduct.TURIN ? 8 : 64);
        assertThat(v.vek().cspId()).isEmpty();
        assertThat(v.vek().structVersion()).isEqualTo(p == SimProduct.TURIN ? 1 : 0);
        assertThat(v.vek().productName()).isEqualTo(p.vekProductName());
        assertThat(v.report().measurement()).isEqualTo(Bytes.of(MEASUREMENT));
        assertThat(v.report().reportData()).isEqualTo(Bytes.of(REPORT_DATA));
        assertThat(v.report().currentFirmware()).isEqualTo(new FirmwareVersion(1, 58, 7));
        assertThat(v.report().currentFirmware()).hasToString("1.58.7");
        assertThat(v.report().committedFirmware()).isEqualTo(new FirmwareVersion(1, 57, 3));
        assertThat(v.report().policy().raw()).isEqualTo(0x30000L);
        assertThat(v.report().platformInfo().raw()).isEqualTo(0x1L);
        assertThat(v.report().reportIdMa()).isEqualTo(Bytes.of(filled(32, 0xFF)));
        if (version >= 5) {
            assertThat(v.report().launchMitigationVector()).contains(0x0bL);
            assertThat(v.report().currentMitigationVector()).contains(0x03L);
        } else {
            assertThat(v.report().launchMitigationVector()).isEmpty();
            assertThat(v.report().currentMitigationVector()).isEmpty();
        }
        assertThat(v.report().reservedMitigationNonZero()).isFalse();
    }

    private static byte[] filled(int n, int value) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) value);
        return b;
    }

    @ParameterizedTest
    @EnumSource(SimProduct.class)
    void vlekReportVerifiesThroughTheAsvk(SimProduct p) throws EvidenceException {
        AmdTestPki pki = pki(p);
        dev.rats.testkit.snp.SnpEvidence ev = SimulatedSnpAttester.vlek(pki).report()
                .reportData(REPORT_DATA).measurement(MEASUREMENT).build();
        assertThat(ev.intermediateDer()).isEqualTo(pki.der(AmdCertRole.ASVK));
        VerifiedSnpEvidence v = new SnpVerifier().verify(evidence(ev), SnpVerificationContext.offline(AT, SimulatedAnchors.of(pki)));
        assertThat(v.product()).isEqualTo(product(p));
        assertThat(v.signingKey()).isEqualTo(SigningKey.VLEK);
        assertThat(v.report().signingKey()).isEqualTo(SigningKey.VLEK);
        assertThat(v.report().chipId().isAllZero()).isTrue();
        assertThat(v.report().chipId().length()).isEqualTo(64);
        assertThat(v.vek().hwId()).isEmpty();
        assertThat(v.vek().cspId()).contains("TestCSP");
        assertThat(v.vek().der()).isEqualTo(Bytes.of(pki.der(AmdCertRole.VLEK)));
        assertTcb(v.reportedTcb(), p);
        assertTcb(v.vek().tcb(), p);
        assertThat(v.report().measurement()).isEqualTo(Bytes.of(MEASUREMENT));
        assertThat(v.revocation()).isEqualTo(RevocationStatus.NOT_CHECKED);
    }

    @ParameterizedTest
    @EnumSource(SimProduct.class)
    void vlekVersion2ReportResolvesItsProductFromTheVlek(SimProduct p) throws EvidenceException {
        AmdTestPki pki = pki(p);
        var ev = SimulatedSnpAttester.vlek(pki).report().version(2).build();
        VerifiedSnpEvidence v = new SnpVerifier().verify(evidence(ev), SnpVerificationContext.offline(AT, SimulatedAnchors.of(pki)));
        assertThat(v.product()).isEqualTo(product(p));
        assertThat(v.signingKey()).isEqualTo(SigningKey.VLEK);
    }

    static Stream<Arguments> productsAndEncodings() {
        List<Arguments> out = new ArrayList<>();
        for (SimProduct p : SimProduct.values()) {
            for (GuidEncoding e : GuidEncoding.values()) {
                out.add(Arguments.of(p, e));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("productsAndEncodings")
    void certificatesFromAnExtendedReportCertTable(SimProduct p, GuidEncoding encoding) throws EvidenceException {
        AmdTestPki pki = pki(p);
        var ev = vcekReport(p, 3);
        SnpCertTable table = SnpCertTable.parse(Bytes.of(ev.certTable(encoding)));
        assertThat(table.get(SnpCertTable.Entry.VCEK)).contains(Bytes.of(pki.der(AmdCertRole.VCEK)));
        assertThat(table.get(SnpCertTable.Entry.ASK)).contains(Bytes.of(pki.der(AmdCertRole.ASK)));
        assertThat(table.get(SnpCertTable.Entry.ARK)).contains(Bytes.of(pki.der(AmdCertRole.ARK)));
        assertThat(table.get(SnpCertTable.Entry.VLEK)).isEmpty();
        SnpEvidence e = SnpEvidence.withCertTable(SnpReportParser.parse(ev.report()), table);
        assertThat(e.certificates()).hasSize(3);
        VerifiedSnpEvidence v = new SnpVerifier().verify(e, SnpVerificationContext.offline(AT, SimulatedAnchors.of(pki)));
        assertThat(v.product()).isEqualTo(product(p));
        assertThat(v.vek().der()).isEqualTo(Bytes.of(pki.der(AmdCertRole.VCEK)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("productsAndEncodings")
    void vlekCertificatesFromAnExtendedReportCertTable(SimProduct p, GuidEncoding encoding) throws EvidenceException {
        AmdTestPki pki = pki(p);
        var ev = SimulatedSnpAttester.vlek(pki).report().build();
        SnpCertTable table = SnpCertTable.parse(Bytes.of(ev.certTable(encoding)));
        assertThat(table.get(SnpCertTable.Entry.VLEK)).contains(Bytes.of(pki.der(AmdCertRole.VLEK)));
        assertThat(table.get(SnpCertTable.Entry.ASK)).contains(Bytes.of(pki.der(AmdCertRole.ASVK)));
        assertThat(table.get(SnpCertTable.Entry.VCEK)).isEmpty();
        VerifiedSnpEvidence v = new SnpVerifier().verify(SnpEvidence.withCertTable(SnpReportParser.parse(ev.report()), table),
                SnpVerificationContext.offline(AT, SimulatedAnchors.of(pki)));
        assertThat(v.signingKey()).isEqualTo(SigningKey.VLEK);
    }

    @ParameterizedTest
    @EnumSource(SimProduct.class)
    void vcekAloneTakesTheAskFromTheAnchors(SimProduct p) throws EvidenceException {
        AmdTestPki pki = pki(p);
        var ev = vcekReport(p, 3);
        VerifiedSnpEvidence v = new SnpVerifier().verify(evidence(ev.report(), ev.vekDer()),
                SnpVerificationContext.offline(AT, SimulatedAnchors.of(pki)));
        assertThat(v.product()).isEqualTo(product(p));
        assertThat(v.vek().der()).isEqualTo(Bytes.of(pki.der(AmdCertRole.VCEK)));
    }

    @ParameterizedTest
    @EnumSource(SimProduct.class)
    void vcekWithAskAndTheArkIdenticalToTheAnchorVerifiesEvenWithoutAnchorIntermediates(SimProduct p)
            throws EvidenceException {
        AmdTestPki pki = pki(p);
        var ev = vcekReport(p, 4);
        assertThat(ev.arkDer()).isEqualTo(pki.der(AmdCertRole.ARK));
        // ARK first, as a reordered KDS bundle would come: certificates are identified by name
        VerifiedSnpEvidence v = new SnpVerifier().verify(evidence(ev.report(), ev.arkDer(), ev.intermediateDer(), ev.vekDer()),
                SnpVerificationContext.offline(AT, SimulatedAnchors.of(pki).withoutIntermediates()));
        assertThat(v.product()).isEqualTo(product(p));
    }

    private record VcekQuery(SnpProduct product, Bytes hwId, TcbVersion tcb) {
    }

    @ParameterizedTest
    @EnumSource(SimProduct.class)
    void vcekIsFetchedFromTheSourceWhenTheEvidenceCarriesNone(SimProduct p) throws EvidenceException {
        AmdTestPki pki = pki(p);
        var ev = vcekReport(p, 3);
        List<VcekQuery> queries = new ArrayList<>();
        VcekSource source = (product, hwId, tcb) -> {
            queries.add(new VcekQuery(product, hwId, tcb));
            return Optional.of(Bytes.of(pki.der(AmdCertRole.VCEK)));
        };
        VerifiedSnpEvidence v = new SnpVerifier().verify(new SnpEvidence(SnpReportParser.parse(ev.report()), List.of()),
                SnpVerificationContext.offline(AT, SimulatedAnchors.of(pki)).withVcekSource(source));
        assertThat(v.product()).isEqualTo(product(p));
        assertThat(queries).hasSize(1);
        VcekQuery q = queries.get(0);
        assertThat(q.product()).isEqualTo(product(p));
        assertThat(q.hwId().length()).isEqualTo(p == SimProduct.TURIN ? 8 : 64);
        assertThat(q.hwId()).isEqualTo(Bytes.of(pki.hwId()));
        assertTcb(q.tcb(), p);
    }

    @Test
    void version2VcekFetchedWithTheConfiguredFallbackProduct() throws EvidenceException {
        AmdTestPki pki = pki(SimProduct.GENOA);
        var ev = vcekReport(SimProduct.GENOA, 2);
        List<SnpProduct> asked = new ArrayList<>();
        VcekSource source = (product, hwId, tcb) -> {
            asked.add(product);
            return Optional.of(Bytes.of(pki.der(AmdCertRole.VCEK)));
        };
        VerifiedSnpEvidence v = new SnpVerifier().verify(new SnpEvidence(SnpReportParser.parse(ev.report()), List.of()),
                SnpVerificationContext.offline(AT, SimulatedAnchors.of(pki)).withVcekSource(source)
                        .withFallbackProduct(SnpProduct.GENOA));
        assertThat(v.product()).isEqualTo(SnpProduct.GENOA);
        assertThat(asked).containsExactly(SnpProduct.GENOA);
    }

    @Test
    void version2TurinVcekFetchedThroughTheChipIdHeuristic() throws EvidenceException {
        AmdTestPki pki = pki(SimProduct.TURIN);
        var ev = vcekReport(SimProduct.TURIN, 2);
        List<Bytes> asked = new ArrayList<>();
        VcekSource source = (product, hwId, tcb) -> {
            asked.add(hwId);
            return Optional.of(Bytes.of(pki.der(AmdCertRole.VCEK)));
        };
        VerifiedSnpEvidence v = new SnpVerifier().verify(new SnpEvidence(SnpReportParser.parse(ev.report()), List.of()),
                SnpVerificationContext.offline(AT, SimulatedAnchors.of(pki)).withVcekSource(source));
        assertThat(v.product()).isEqualTo(SnpProduct.TURIN);
        assertThat(asked).containsExactly(Bytes.of(pki.hwId()));
    }

    @ParameterizedTest
    @EnumSource(SimProduct.class)
    void currentArkSignedCrlNotListingTheAskGivesNotRevoked(SimProduct p) throws EvidenceException {
        AmdTestPki pki = pki(p);
        X509CRL crl = pki.crl().thisUpdate(AT.minus(Duration.ofDays(1))).nextUpdate(AT.plus(Duration.ofDays(7)))
                .revoke(BigInteger.valueOf(0x777), BigInteger.valueOf(pki.spec(AmdCertRole.ASK).serial().longValue() + 1))
                .build();
        List<SigningKey> asked = new ArrayList<>();
        CrlSource crls = (product, kind) -> {
            asked.add(kind);
            return product == product(p) ? Optional.of(crl) : Optional.empty();
        };
        VerifiedSnpEvidence v = new SnpVerifier().verify(evidence(vcekReport(p, 3)),
                SnpVerificationContext.offline(AT, SimulatedAnchors.of(pki)).withCrlSource(crls, true));
        assertThat(v.revocation()).isEqualTo(RevocationStatus.NOT_REVOKED);
        assertThat(asked).containsExactly(SigningKey.VCEK);
    }

    @Test
    void vlekWithCurrentCrlNotListingTheAsvkGivesNotRevoked() throws EvidenceException {
        AmdTestPki pki = pki(SimProduct.MILAN);
        X509CRL crl = pki.crl().thisUpdate(AT.minus(Duration.ofDays(1))).nextUpdate(AT.plus(Duration.ofDays(7)))
                .revoke(AmdCertRole.ASK).build(); // the VCEK CRL's entry must not affect the ASVK
        VerifiedSnpEvidence v = new SnpVerifier().verify(evidence(SimulatedSnpAttester.vlek(pki).report().build()),
                SnpVerificationContext.offline(AT, SimulatedAnchors.of(pki))
                        .withCrlSource((product, kind) -> Optional.of(crl), false));
        assertThat(v.revocation()).isEqualTo(RevocationStatus.NOT_REVOKED);
    }

    @Test
    void reportedTcbBelowCurrentTcbVerifies() throws EvidenceException {
        // sev-snp.md §2.2/§6: hosts may report a lower fleet-wide TCB; the VCEK is for REPORTED_TCB
        AmdTestPki pki = pki(SimProduct.TURIN);
        var ev = SimulatedSnpAttester.vcek(pki).report().currentTcb(new SnpTcb(2, 3, 4, 5, 90)).build();
        VerifiedSnpEvidence v = new SnpVerifier().verify(evidence(ev), SnpVerificationContext.offline(AT, SimulatedAnchors.of(pki)));
        assertTcb(v.reportedTcb(), SimProduct.TURIN);
        assertThat(v.currentTcb().raw().toHex()).isEqualTo("020304050000005a");
    }

    @Test
    void sameVerifierVerifiesRepeatedlyFromItsChainCache() throws EvidenceException {
        AmdTestPki pki = pki(SimProduct.MILAN);
        SnpVerifier verifier = new SnpVerifier();
        SnpVerificationContext ctx = SnpVerificationContext.offline(AT, SimulatedAnchors.of(pki));
        for (int i = 0; i < 3; i++) {
            var ev = SimulatedSnpAttester.vcek(pki).report().reportData(new byte[] {(byte) i}).build();
            assertThat(verifier.verify(evidence(ev), ctx).report().reportData().get(0)).isEqualTo((byte) i);
        }
    }
}
