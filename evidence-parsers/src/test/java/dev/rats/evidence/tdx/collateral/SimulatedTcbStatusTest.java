package dev.rats.evidence.tdx.collateral;

import static dev.rats.evidence.tdx.collateral.CollateralFixtures.code;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.FailureCode;
import dev.rats.testkit.tdx.IntelTestPki;
import dev.rats.testkit.tdx.IsvTcbLevel;
import dev.rats.testkit.tdx.SimulatedTdxAttester;
import dev.rats.testkit.tdx.TcbInfoBuilder;
import dev.rats.testkit.tdx.TdxDefaults;
import dev.rats.testkit.tdx.TdxEvidence;
import dev.rats.testkit.tdx.TdxQuoteBuilder;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Every status path of Intel QVL's TCB algorithm (tdx.md §2.1; TcbLevelCheck.cpp, TdxModuleCheck.cpp,
 * TDRelaunchCheck.cpp) with the simulated attester of the testkit, an independent implementation:
 * defaults give UpToDate (PCK TCB meets level 0, TEE_TCB_SVN 06 01 03 meets TDX_01 level isvsvn 4,
 * QE ISVSVN 6 meets QE level 4).
 */
class SimulatedTcbStatusTest {

    private static final Instant OLD = Instant.parse("2023-08-09T00:00:00Z");

    private static SimulatedTdxAttester.Builder attester() {
        return SimulatedTdxAttester.builder(IntelTestPki.defaultPki());
    }

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    /** TEE_TCB_SVN with [0], [1], [2] given, the rest zero. */
    private static byte[] svn(int isvSvn, int major, int microcode) {
        byte[] b = new byte[16];
        b[0] = (byte) isvSvn;
        b[1] = (byte) major;
        b[2] = (byte) microcode;
        return b;
    }

    private static TdxTcbResult run(SimulatedTdxAttester a, UnaryOperator<TdxQuoteBuilder<TdxEvidence>> quote)
            throws EvidenceException {
        return CollateralFixtures.evaluate(a, quote.apply(a.quote()).build());
    }

    private static TdxTcbResult run(Consumer<SimulatedTdxAttester.Builder> setup,
            UnaryOperator<TdxQuoteBuilder<TdxEvidence>> quote) throws EvidenceException {
        SimulatedTdxAttester.Builder b = attester();
        setup.accept(b);
        return run(b.build(), quote);
    }

    private static FailureCode fails(Consumer<SimulatedTdxAttester.Builder> setup,
            UnaryOperator<TdxQuoteBuilder<TdxEvidence>> quote) {
        return code(() -> run(setup, quote));
    }

    private static Consumer<SimulatedTdxAttester.Builder> platform(String status) {
        return b -> b.tcbInfo(t -> t.tcbLevel(0, l -> l.withTcbStatus(status)));
    }

    /** TDX_01 module levels: isvsvn 4 UpToDate, isvsvn 2 {@code status}. */
    private static Consumer<SimulatedTdxAttester.Builder> moduleLowLevel(String status) {
        return b -> b.tcbInfo(t -> t.tdxModuleIdentity("TDX_01", m -> m.withTcbLevels(List.of(
                IsvTcbLevel.of(4, TdxDefaults.TCB_DATE, "UpToDate"), IsvTcbLevel.of(2, OLD, status)))));
    }

    /** QE levels: isvsvn 8 UpToDate, isvsvn 4 {@code status}: the QE's ISVSVN 6 selects the second. */
    private static Consumer<SimulatedTdxAttester.Builder> qeLowLevel(String status) {
        return b -> b.qeIdentity(q -> q.tcbLevels(List.of(IsvTcbLevel.of(8, TdxDefaults.TCB_DATE, "UpToDate"),
                IsvTcbLevel.of(4, OLD, status))));
    }

    @Test
    void defaultsAreUpToDate() throws EvidenceException {
        SimulatedTdxAttester a = SimulatedTdxAttester.defaultAttester();
        TdxEvidence ev = a.quote().build();
        TdxTcbResult r = CollateralFixtures.evaluate(a, ev);
        assertThat(r.status()).isEqualTo(TcbStatus.UpToDate);
        assertThat(r.platformStatus()).isEqualTo(TcbStatus.UpToDate);
        assertThat(r.moduleIdentityId()).contains("TDX_01");
        assertThat(r.moduleStatus()).contains(TcbStatus.UpToDate);
        assertThat(r.qeStatus()).isEqualTo(TcbStatus.UpToDate);
        assertThat(r.advisoryIds()).isEmpty();
        assertThat(r.tcbDate()).isEqualTo(TdxDefaults.TCB_DATE);
        assertThat(r.tcbEvaluationDataNumber()).isEqualTo(TdxDefaults.TCB_EVALUATION_DATA_NUMBER);
        assertThat(r.collateralExpired()).isFalse();
        // the PCS form of the same collateral gives the same result
        TdxCollateral pcs = TdxCollateralParser.fromPcs(ev.collateral().tcbInfoBody(), ev.collateral().tcbInfoIssuerChain(),
                ev.collateral().qeIdentityBody(), ev.collateral().qeIdentityIssuerChain(), ev.collateral().rootCaCrl(),
                ev.collateral().pckCrl(), ev.collateral().pckCrlIssuerChain());
        assertThat(CollateralFixtures.evaluate(ev.quote(), pcs, a.verificationTime(), CollateralFixtures.anchors(a)))
                .isEqualTo(r);
    }

    @ParameterizedTest
    @CsvSource({"UpToDate", "SWHardeningNeeded", "ConfigurationNeeded", "ConfigurationAndSWHardeningNeeded", "OutOfDate",
        "OutOfDateConfigurationNeeded", "Revoked"})
    void eachPlatformStatusIsTheResultWhenModuleAndQeAreUpToDate(String status) throws EvidenceException {
        TdxTcbResult r = run(platform(status), q -> q);
        assertThat(r.status()).isEqualTo(TcbStatus.valueOf(status));
        assertThat(r.platformStatus()).isEqualTo(TcbStatus.valueOf(status));
    }

    @ParameterizedTest
    @CsvSource({"UpToDate, OutOfDate", "SWHardeningNeeded, OutOfDate",
        "ConfigurationNeeded, OutOfDateConfigurationNeeded",
        "ConfigurationAndSWHardeningNeeded, OutOfDateConfigurationNeeded", "OutOfDate, OutOfDate",
        "OutOfDateConfigurationNeeded, OutOfDateConfigurationNeeded", "Revoked, Revoked"})
    void moduleOutOfDateConverges(String platform, String expected) throws EvidenceException {
        TdxTcbResult r = run(platform(platform).andThen(moduleLowLevel("OutOfDate")), q -> q.teeTcbSvn(svn(3, 1, 3)));
        assertThat(r.moduleStatus()).contains(TcbStatus.OutOfDate);
        assertThat(r.platformStatus()).isEqualTo(TcbStatus.valueOf(platform));
        assertThat(r.status()).isEqualTo(TcbStatus.valueOf(expected));
    }

    @ParameterizedTest
    @CsvSource({"UpToDate", "ConfigurationNeeded", "OutOfDate"})
    void moduleRevokedGivesRevoked(String platform) throws EvidenceException {
        TdxTcbResult r = run(platform(platform).andThen(moduleLowLevel("Revoked")), q -> q.teeTcbSvn(svn(3, 1, 3)));
        assertThat(r.moduleStatus()).contains(TcbStatus.Revoked);
        assertThat(r.status()).isEqualTo(TcbStatus.Revoked);
    }

    @Test
    void moduleIsvSvnBelowEveryLevelIsNotSupported() {
        assertThat(fails(b -> { }, q -> q.teeTcbSvn(svn(1, 1, 3)))).isEqualTo(FailureCode.TDX_TCB_NOT_SUPPORTED);
    }

    @ParameterizedTest
    @CsvSource({"UpToDate, OutOfDate", "SWHardeningNeeded, OutOfDate",
        "ConfigurationNeeded, OutOfDateConfigurationNeeded",
        "ConfigurationAndSWHardeningNeeded, OutOfDateConfigurationNeeded", "OutOfDate, OutOfDate", "Revoked, Revoked"})
    void qeOutOfDateConverges(String platform, String expected) throws EvidenceException {
        TdxTcbResult r = run(platform(platform).andThen(qeLowLevel("OutOfDate")), q -> q);
        assertThat(r.qeStatus()).isEqualTo(TcbStatus.OutOfDate);
        assertThat(r.status()).isEqualTo(TcbStatus.valueOf(expected));
    }

    @Test
    void qeRevokedGivesRevoked() throws EvidenceException {
        TdxTcbResult r = run(qeLowLevel("Revoked"), q -> q);
        assertThat(r.qeStatus()).isEqualTo(TcbStatus.Revoked);
        assertThat(r.status()).isEqualTo(TcbStatus.Revoked);
        assertThat(r.platformStatus()).isEqualTo(TcbStatus.UpToDate);
    }

    @Test
    void qeIsvSvnBelowEveryLevelIsNotSupported() {
        assertThat(fails(b -> b.qeIdentity(q -> q.tcbLevels(List.of(IsvTcbLevel.of(8, TdxDefaults.TCB_DATE, "UpToDate")))),
                q -> q)).isEqualTo(FailureCode.TDX_TCB_NOT_SUPPORTED);
    }

    @Test
    void platformBelowEveryLevelIsNotSupported() {
        // level 0 needs PCESVN 12 and level 1 SGX component 9 above the PCK's
        assertThat(fails(b -> b.tcbInfo(t -> t.tcbLevel(0, l -> l.withPceSvn(12)).tcbLevel(1, l -> l.withSgxSvn(8, 9))),
                q -> q)).isEqualTo(FailureCode.TDX_TCB_NOT_SUPPORTED);
        // TDX late microcode (index 2) below every level
        assertThat(fails(b -> { }, q -> q.teeTcbSvn(svn(6, 1, 1)))).isEqualTo(FailureCode.TDX_TCB_NOT_SUPPORTED);
    }

    @Test
    void advisoryIdsComeFromTheSelectedPlatformAndModuleLevels() throws EvidenceException {
        // level 0 needs PCESVN 12: the PCK (11) falls to level 1, OutOfDate with the sample's advisories
        TdxTcbResult r = run(b -> b.tcbInfo(t -> t.tcbLevel(0, l -> l.withPceSvn(12)))
                .tcbInfo(t -> t.tdxModuleIdentity("TDX_01", m -> m.withTcbLevels(List.of(
                        new IsvTcbLevel(4, TdxDefaults.TCB_DATE, "UpToDate", List.of("INTEL-SA-00999", "INTEL-SA-00106")))))),
                q -> q);
        assertThat(r.status()).isEqualTo(TcbStatus.OutOfDate);
        assertThat(r.tcbDate()).isEqualTo(Instant.parse("2018-01-04T00:00:00Z"));
        List<String> expected = new java.util.ArrayList<>(TcbInfoBuilder.SAMPLE_ADVISORY_IDS);
        expected.add("INTEL-SA-00999");
        assertThat(r.advisoryIds()).containsExactlyElementsOf(expected);
    }

    @Test
    void indexTwoRuleSkipsModuleComponentsOnlyWhenAModuleVersionIsSet() throws EvidenceException {
        // level 0 asks for TDX component 0 = 9 > TEE_TCB_SVN[0] = 6
        Consumer<SimulatedTdxAttester.Builder> high = b -> b.tcbInfo(t -> t.tcbLevel(0, l -> l.withTdxSvn(0, 9))
                .tcbLevel(1, l -> l.withTdxSvn(0, 9)));
        TdxTcbResult r = run(high, q -> q);
        assertThat(r.status()).isEqualTo(TcbStatus.UpToDate);
        // TEE_TCB_SVN[1] == 0: all components compared, no module identity
        assertThat(fails(high, q -> q.teeTcbSvn(svn(6, 0, 3)))).isEqualTo(FailureCode.TDX_TCB_NOT_SUPPORTED);
        TdxTcbResult noModule = run(b -> { }, q -> q.teeTcbSvn(svn(6, 0, 3)));
        assertThat(noModule.status()).isEqualTo(TcbStatus.UpToDate);
        assertThat(noModule.moduleStatus()).isEmpty();
        assertThat(noModule.moduleIdentityId()).isEmpty();
        // TEE_TCB_SVN[1] == 0 and [0] below level 0's component 0 (5): level 1 has the same components → not supported
        assertThat(fails(b -> { }, q -> q.teeTcbSvn(svn(4, 0, 3)))).isEqualTo(FailureCode.TDX_TCB_NOT_SUPPORTED);
    }

    @Test
    void relaunchIsAdvisedForTd15WhenTeeTcbSvn2MeetsTheLatestLevel() throws EvidenceException {
        Consumer<SimulatedTdxAttester.Builder> module = moduleLowLevel("OutOfDate");
        // module OutOfDate (TEE_TCB_SVN[0] = 3), TEE_TCB_SVN2 = 04 01 03 meets TDX_01's latest (4) and component 2 (2)
        TdxTcbResult r = run(module, q -> q.version(5).teeTcbSvn(svn(3, 1, 3)).teeTcbSvn2(svn(4, 1, 3)));
        assertThat(r.status()).isEqualTo(TcbStatus.TDRelaunchAdvised);
        assertThat(r.platformStatus()).isEqualTo(TcbStatus.UpToDate);
        assertThat(r.moduleStatus()).contains(TcbStatus.OutOfDate);
        // a ConfigurationNeeded platform gives the configuration variant
        assertThat(run(module.andThen(platform("ConfigurationNeeded")),
                q -> q.version(5).teeTcbSvn(svn(3, 1, 3)).teeTcbSvn2(svn(4, 1, 3))).status())
                .isEqualTo(TcbStatus.TDRelaunchAdvisedConfigurationNeeded);
        // TEE_TCB_SVN2[1] == 0: compared with the latest level's TDX components 0 (5) and 2 (2)
        assertThat(run(module, q -> q.version(5).teeTcbSvn(svn(3, 1, 3)).teeTcbSvn2(svn(5, 0, 2))).status())
                .isEqualTo(TcbStatus.TDRelaunchAdvised);
        assertThat(run(module, q -> q.version(5).teeTcbSvn(svn(3, 1, 3)).teeTcbSvn2(svn(4, 0, 2))).status())
                .isEqualTo(TcbStatus.OutOfDate);
        // TEE_TCB_SVN2 not newer than the running module: no relaunch
        assertThat(run(module, q -> q.version(5).teeTcbSvn(svn(3, 1, 3)).teeTcbSvn2(svn(3, 1, 3))).status())
                .isEqualTo(TcbStatus.OutOfDate);
        // TD report 1.0 (v4): no relaunch check
        assertThat(run(module, q -> q.teeTcbSvn(svn(3, 1, 3))).status()).isEqualTo(TcbStatus.OutOfDate);
        // QE OutOfDate: no relaunch, QE convergence
        assertThat(run(module.andThen(qeLowLevel("OutOfDate")),
                q -> q.version(5).teeTcbSvn(svn(3, 1, 3)).teeTcbSvn2(svn(4, 1, 3))).status())
                .isEqualTo(TcbStatus.OutOfDate);
        // module up to date: nothing to relaunch for
        assertThat(run(b -> { }, q -> q.version(5).teeTcbSvn2(svn(9, 1, 9))).status()).isEqualTo(TcbStatus.UpToDate);
        // TEE_TCB_SVN2 names a module identity TCB Info lacks
        assertThat(fails(module, q -> q.version(5).teeTcbSvn(svn(3, 1, 3)).teeTcbSvn2(svn(4, 2, 3))))
                .isEqualTo(FailureCode.TDX_MODULE_MISMATCH);
    }

    @Test
    void moduleIdentityMismatches() {
        // TEE_TCB_SVN[1] = 2: no TDX_02 identity
        assertThat(fails(b -> { }, q -> q.teeTcbSvn(svn(6, 2, 3)))).isEqualTo(FailureCode.TDX_MODULE_MISMATCH);
        // no tdxModuleIdentities at all (QVL TCB_INFO_MISMATCH)
        assertThat(fails(b -> b.tcbInfo(t -> t.tdxModuleIdentities(null)), q -> q))
                .isEqualTo(FailureCode.TDX_COLLATERAL_MISMATCH);
        // MRSIGNERSEAM
        byte[] signer = new byte[48];
        signer[0] = 1;
        assertThat(fails(b -> { }, q -> q.mrSignerSeam(signer))).isEqualTo(FailureCode.TDX_MODULE_MISMATCH);
        assertThat(fails(b -> b.tcbInfo(t -> t.tdxModuleIdentity("TDX_01", m -> m.withMrsigner(signer))), q -> q))
                .isEqualTo(FailureCode.TDX_MODULE_MISMATCH);
        // SEAMATTRIBUTES must be zero and equal the identity's attributes (no mask, as QVL)
        assertThat(fails(b -> { }, q -> q.seamAttributes(1L))).isEqualTo(FailureCode.TDX_MODULE_MISMATCH);
        assertThat(fails(b -> b.tcbInfo(t -> t.tdxModuleIdentity("TDX_01", m -> m.withAttributes(hex("0100000000000000")))),
                q -> q)).isEqualTo(FailureCode.TDX_MODULE_MISMATCH);
    }

    @Test
    void moduleVersionZeroUsesTdxModule() throws EvidenceException {
        byte[] signer = new byte[48];
        signer[47] = 7;
        // the identities are irrelevant, tdxModule is compared
        assertThat(run(b -> b.tcbInfo(t -> t.tdxModuleMrsigner(signer)), q -> q.teeTcbSvn(svn(6, 0, 3)).mrSignerSeam(signer))
                .status()).isEqualTo(TcbStatus.UpToDate);
        assertThat(fails(b -> b.tcbInfo(t -> t.tdxModuleMrsigner(signer)), q -> q.teeTcbSvn(svn(6, 0, 3))))
                .isEqualTo(FailureCode.TDX_MODULE_MISMATCH);
    }

    @Test
    void qeIdentityMismatches() throws EvidenceException {
        byte[] signer = hex(TdxDefaults.QE_MRSIGNER);
        signer[31] ^= 1;
        assertThat(fails(b -> b.qeIdentity(q -> q.mrsigner(signer)), q -> q)).isEqualTo(FailureCode.TDX_QE_IDENTITY_MISMATCH);
        assertThat(fails(b -> b.qeIdentity(q -> q.isvprodid(3)), q -> q)).isEqualTo(FailureCode.TDX_QE_IDENTITY_MISMATCH);
        assertThat(fails(b -> b.qeIdentity(q -> q.miscselect(hex("00000001"))), q -> q))
                .isEqualTo(FailureCode.TDX_QE_IDENTITY_MISMATCH);
        assertThat(fails(b -> { }, q -> q.qeMiscSelect(0x10))).isEqualTo(FailureCode.TDX_QE_IDENTITY_MISMATCH);
        assertThat(fails(b -> b.qeIdentity(q -> q.attributes(hex("13000000000000000000000000000000"))), q -> q))
                .isEqualTo(FailureCode.TDX_QE_IDENTITY_MISMATCH);
        // masks: a MISCSELECT bit outside the mask (the hex is read big-endian) and an ATTRIBUTES bit outside it pass
        assertThat(run(b -> b.qeIdentity(q -> q.miscselectMask(hex("FFFFFFEF"))), q -> q.qeMiscSelect(0x10)).status())
                .isEqualTo(TcbStatus.UpToDate);
        assertThat(run(b -> b.qeIdentity(q -> q.attributesMask(hex("FBFFFFFFFFFFFFFF0000000000000000"))),
                q -> q.qeAttributes(hex("1500000000000000E7000000000000FF"))).status()).isEqualTo(TcbStatus.UpToDate);
        assertThat(fails(b -> { }, q -> q.qeAttributes(hex("1501000000000000E700000000000000"))))
                .isEqualTo(FailureCode.TDX_QE_IDENTITY_MISMATCH);
    }

    @Test
    void levelsAreTakenInQvlOrderWhateverTheServedOrder() throws EvidenceException {
        // platform levels served ascending: the UpToDate level (PCESVN 11) still comes before the OutOfDate one (PCESVN 5)
        TdxTcbResult r = run(b -> b.tcbInfo(t -> t.tcbLevels(List.of(t.tcbLevels().get(1), t.tcbLevels().get(0)))), q -> q);
        assertThat(r.status()).isEqualTo(TcbStatus.UpToDate);
        assertThat(r.tcbDate()).isEqualTo(TdxDefaults.TCB_DATE);
        // module levels served ascending: ISVSVN 6 selects the isvsvn 4 level, not the isvsvn 2 one
        TdxTcbResult m = run(b -> b.tcbInfo(t -> t.tdxModuleIdentity("TDX_01", id -> id.withTcbLevels(List.of(
                IsvTcbLevel.of(2, OLD, "OutOfDate"), IsvTcbLevel.of(4, TdxDefaults.TCB_DATE, "UpToDate"))))), q -> q);
        assertThat(m.moduleStatus()).contains(TcbStatus.UpToDate);
        assertThat(m.status()).isEqualTo(TcbStatus.UpToDate);
    }

    @Test
    void unrecognisedStatusesAndComponentCountsAreMalformed() {
        assertThat(fails(platform("Unknown"), q -> q)).isEqualTo(FailureCode.TDX_COLLATERAL_MALFORMED);
        // a module or QE level may only be UpToDate, OutOfDate or Revoked (QVL VALID_MODULE_TCB_STATUSES)
        assertThat(fails(moduleLowLevel("ConfigurationNeeded"), q -> q)).isEqualTo(FailureCode.TDX_COLLATERAL_MALFORMED);
        assertThat(fails(qeLowLevel("TDRelaunchAdvised"), q -> q)).isEqualTo(FailureCode.TDX_COLLATERAL_MALFORMED);
        // 16 SGX and 16 TDX components (dcap-qvl PR #164)
        assertThat(fails(b -> b.tcbInfo(t -> t.tcbLevel(0, l -> l.withSgxComponents(l.sgxComponents().subList(0, 15)))), q -> q))
                .isEqualTo(FailureCode.TDX_COLLATERAL_MALFORMED);
        assertThat(fails(b -> b.tcbInfo(t -> t.tcbLevel(1, l -> l.withTdxComponents(l.tdxComponents().subList(0, 15)))), q -> q))
                .isEqualTo(FailureCode.TDX_COLLATERAL_MALFORMED);
    }
}
