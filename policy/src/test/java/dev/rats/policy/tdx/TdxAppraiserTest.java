package dev.rats.policy.tdx;

import static dev.rats.policy.tdx.SimulatedTdx.appraise;
import static dev.rats.policy.tdx.SimulatedTdx.appraiseAt;
import static dev.rats.policy.tdx.SimulatedTdx.defaultMrTd;
import static dev.rats.policy.tdx.SimulatedTdx.policy;
import static dev.rats.policy.tdx.SimulatedTdx.refs;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rats.evidence.FailureCode;
import dev.rats.evidence.binary.Bytes;
import dev.rats.policy.Appraisal;
import dev.rats.policy.Failure;
import dev.rats.policy.Status;
import dev.rats.policy.TrustClaim;
import dev.rats.refvalues.Enforcement;
import dev.rats.refvalues.TdxReferenceValues;
import dev.rats.refvalues.TdxRegister;
import dev.rats.testkit.tdx.IntelTestPki;
import dev.rats.testkit.tdx.SimulatedTdxAttester;
import dev.rats.testkit.tdx.TdxDefaults;
import dev.rats.testkit.tdx.TdxEvidence;
import dev.rats.testkit.tdx.TdxQuoteBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Every TDX appraisal check (tdx.md §5 step 10), each with a passing and a failing case, on
 * simulated evidence from the testkit that passes every cryptographic check.
 */
class TdxAppraiserTest {

    private static final TdxPolicyRules DEFAULT = TdxPolicyLoader.defaults();
    private static final SimulatedTdxAttester ATTESTER = SimulatedTdxAttester.defaultAttester();

    private static Appraisal run(UnaryOperator<TdxQuoteBuilder<TdxEvidence>> quote, TdxPolicyRules policy) {
        return appraise(quote.apply(ATTESTER.quote()).build(), ATTESTER, policy, defaultMrTd(), Optional.empty());
    }

    private static Appraisal withCollateral(Consumer<SimulatedTdxAttester.Builder> setup, TdxPolicyRules policy) {
        SimulatedTdxAttester.Builder b = SimulatedTdxAttester.builder(IntelTestPki.defaultPki());
        setup.accept(b);
        SimulatedTdxAttester a = b.build();
        return appraise(a.quote().build(), a, policy, defaultMrTd(), Optional.empty());
    }

    private static List<FailureCode> codes(Appraisal a) {
        return a.failures().stream().map(Failure::code).toList();
    }

    private static void assertOnly(Appraisal a, FailureCode code, Status status) {
        assertThat(codes(a)).as(a.failures().toString()).containsExactly(code);
        assertThat(a.status()).isEqualTo(status);
    }

    @Test
    void uptodateQuoteWithReferencedMrtdIsAffirming() {
        Appraisal a = run(q -> q, DEFAULT);
        assertThat(a.failures()).isEmpty();
        assertThat(a.status()).isEqualTo(Status.AFFIRMING);
        assertThat(a.platform()).isEqualTo("tdx");
        assertThat(a.policyId()).isEqualTo("default@1");
        assertThat(a.trustVector().get(TrustClaim.HARDWARE)).isEqualTo(TrustClaim.GENUINE_HARDWARE);
        assertThat(a.trustVector().get(TrustClaim.EXECUTABLES)).isEqualTo(TrustClaim.APPROVED_RUNTIME);
        assertThat(a.claims()).containsEntry("tcbStatus", "UpToDate").containsEntry("qeTcbStatus", "UpToDate")
                .containsEntry("mrTd", TdxDefaults.MRTD.toLowerCase()).containsEntry("revocation", "not-revoked")
                .containsEntry("measurementReferences", Map.of("mrTd", "label of mrTd"));
    }

    @Test
    void withoutMrtdReferenceValuesTheResultIsOnlyAWarning() {
        TdxEvidence e = ATTESTER.quote().build();
        Appraisal a = appraise(e, ATTESTER, DEFAULT, TdxReferenceValues.NONE, Optional.empty());
        assertOnly(a, FailureCode.MEASUREMENT_UNREFERENCED, Status.WARNING);
        assertThat(a.trustVector().get(TrustClaim.EXECUTABLES)).isEqualTo(TrustClaim.UNRECOGNIZED_RUNTIME);
        Appraisal relaxed = appraise(e, ATTESTER, policy("requireReferenceValues: []"), TdxReferenceValues.NONE,
                Optional.empty());
        assertThat(relaxed.failures()).isEmpty();
        assertThat(relaxed.trustVector().get(TrustClaim.EXECUTABLES)).isEqualTo(TrustClaim.NO_CLAIM);
    }

    @Test
    void measurementRegistersAreComparedEnforcedOrWarnOnly() {
        TdxEvidence e = ATTESTER.quote().build();
        String other = "11".repeat(48);
        Appraisal enforced = appraise(e, ATTESTER, policy("requireReferenceValues: []"),
                refs(TdxRegister.RTMR1, other, Enforcement.ENFORCED, Optional.empty()), Optional.empty());
        assertOnly(enforced, FailureCode.MEASUREMENT_NOT_ALLOWED, Status.CONTRAINDICATED);
        assertThat(enforced.failures().get(0).detail()).startsWith("RTMR1 ");
        Appraisal warnOnly = appraise(e, ATTESTER, policy("requireReferenceValues: []"),
                refs(TdxRegister.MR_OWNER, other, Enforcement.WARN_ONLY, Optional.empty()), Optional.empty());
        assertOnly(warnOnly, FailureCode.MEASUREMENT_WARN_ONLY_MISMATCH, Status.WARNING);
        assertThat(warnOnly.trustVector().get(TrustClaim.CONFIGURATION)).isEqualTo(TrustClaim.UNSAFE_CONFIG);
        Appraisal expired = appraise(e, ATTESTER, DEFAULT, refs(TdxRegister.MR_TD, TdxDefaults.MRTD, Enforcement.ENFORCED,
                Optional.of(ATTESTER.verificationTime())), Optional.empty());
        assertOnly(expired, FailureCode.MEASUREMENT_NOT_ALLOWED, Status.CONTRAINDICATED);
        assertThat(expired.failures().get(0).detail()).contains("which expired at");
    }

    @Test
    void reportDataMustCarryTheExpectedValue() {
        byte[] nonce = new byte[64];
        Arrays.fill(nonce, (byte) 7);
        TdxEvidence e = ATTESTER.quote().reportData(nonce).build();
        assertThat(appraise(e, ATTESTER, DEFAULT, defaultMrTd(), Optional.of(Bytes.of(nonce))).failures()).isEmpty();
        byte[] other = nonce.clone();
        other[63] ^= 1;
        assertOnly(appraise(e, ATTESTER, DEFAULT, defaultMrTd(), Optional.of(Bytes.of(other))),
                FailureCode.REPORT_DATA_MISMATCH, Status.CONTRAINDICATED);
        assertOnly(appraise(e, ATTESTER, policy("expected: {reportData: \"" + "08".repeat(64) + "\"}"), defaultMrTd(),
                Optional.empty()), FailureCode.REPORT_DATA_MISMATCH, Status.CONTRAINDICATED);
    }

    @Test
    void debugIsForbiddenUnlessAllowed() {
        UnaryOperator<TdxQuoteBuilder<TdxEvidence>> debug = q -> q.tdAttributes(0x1000_0001L);
        assertOnly(run(debug, DEFAULT), FailureCode.TDX_DEBUG, Status.CONTRAINDICATED);
        assertThat(run(debug, policy("allowDebug: true")).failures()).isEmpty();
    }

    @Test
    void septVeDisableIsRequiredUnlessRelaxed() {
        UnaryOperator<TdxQuoteBuilder<TdxEvidence>> pksOnly = q -> q.tdAttributes(0x4000_0000L);
        assertOnly(run(pksOnly, DEFAULT), FailureCode.TDX_SEPT_VE_DISABLE_MISSING, Status.CONTRAINDICATED);
        assertThat(run(pksOnly, policy("requireSeptVeDisable: false")).failures()).isEmpty();
    }

    @Test
    void tdAttributesFollowTheFixedBits() {
        // KL (bit 31) is outside go-tdx-guest's tdAttributesFixed0
        UnaryOperator<TdxQuoteBuilder<TdxEvidence>> kl = q -> q.tdAttributes(0x9000_0000L);
        assertOnly(run(kl, DEFAULT), FailureCode.TDX_TD_ATTRIBUTES, Status.CONTRAINDICATED);
        assertThat(run(kl, policy("tdAttributes: {fixed0: \"0x80000000D0000001\"}")).failures()).isEmpty();
        assertOnly(run(q -> q, policy("tdAttributes: {fixed1: \"0x40000000\"}")), FailureCode.TDX_TD_ATTRIBUTES,
                Status.CONTRAINDICATED);
        assertOnly(run(q -> q, policy("tdAttributes: {expected: \"0x50000000\"}")), FailureCode.TDX_TD_ATTRIBUTES,
                Status.CONTRAINDICATED);
        assertThat(run(q -> q, policy("tdAttributes: {expected: \"0x10000000\"}")).failures()).isEmpty();
    }

    @Test
    void xfamFollowsTheFixedBits() {
        assertOnly(run(q -> q.xfam(0x602E4L), DEFAULT), FailureCode.TDX_XFAM, Status.CONTRAINDICATED);
        assertOnly(run(q -> q.xfam(0x602E7L | 0x400L), DEFAULT), FailureCode.TDX_XFAM, Status.CONTRAINDICATED);
        assertOnly(run(q -> q, policy("xfam: {expected: \"0x3\"}")), FailureCode.TDX_XFAM, Status.CONTRAINDICATED);
        assertThat(run(q -> q, policy("xfam: {expected: \"0x602E7\"}")).failures()).isEmpty();
    }

    @Test
    void mrServiceTdMustBeZeroUnlessAllowed() {
        String service = "ab".repeat(48);
        UnaryOperator<TdxQuoteBuilder<TdxEvidence>> v5 = q -> q.version(5).mrServiceTd(Bytes.fromHex(service).toByteArray());
        assertOnly(run(v5, DEFAULT), FailureCode.TDX_MRSERVICETD_NOT_ALLOWED, Status.CONTRAINDICATED);
        assertThat(run(v5, policy("allowedMrServiceTds: [\"" + service + "\"]")).failures()).isEmpty();
        Appraisal zero = run(q -> q.version(5), DEFAULT);
        assertThat(zero.failures()).isEmpty();
        assertThat(zero.claims()).containsEntry("tdReport", "1.5").containsEntry("quoteVersion", 5);
    }

    @Test
    void minimumSvns() {
        assertOnly(run(q -> q, policy("minTeeTcbSvn: \"06020000000000000000000000000000\"")),
                FailureCode.TDX_TEE_TCB_SVN_BELOW_MINIMUM, Status.CONTRAINDICATED);
        assertThat(run(q -> q, policy("minTeeTcbSvn: \"" + TdxDefaults.TEE_TCB_SVN + "\"")).failures()).isEmpty();
        assertOnly(run(q -> q, policy("minQeSvn: " + (TdxDefaults.QE_ISVSVN + 1))), FailureCode.TDX_QE_SVN_BELOW_MINIMUM,
                Status.CONTRAINDICATED);
        assertThat(run(q -> q, policy("minQeSvn: " + TdxDefaults.QE_ISVSVN)).failures()).isEmpty();
        assertOnly(run(q -> q, policy("minPceSvn: 65535")), FailureCode.TDX_PCE_SVN_BELOW_MINIMUM, Status.CONTRAINDICATED);
    }

    @Test
    void onlyAcceptedTcbStatusesPass() {
        Consumer<SimulatedTdxAttester.Builder> outOfDate = b -> b.tcbInfo(t -> t.tcbLevel(0, l -> l.withTcbStatus("OutOfDate")));
        Appraisal rejected = withCollateral(outOfDate, DEFAULT);
        assertOnly(rejected, FailureCode.TDX_TCB_STATUS_NOT_ACCEPTED, Status.CONTRAINDICATED);
        assertThat(rejected.claims()).containsEntry("tcbStatus", "OutOfDate");
        assertThat(withCollateral(outOfDate, policy("acceptedTcbStatuses: [UpToDate, OutOfDate]")).failures()).isEmpty();
    }

    @Test
    void revokedIsAlwaysContraindicated() {
        Appraisal a = withCollateral(b -> b.tcbInfo(t -> t.tcbLevel(0, l -> l.withTcbStatus("Revoked"))),
                policy("acceptedTcbStatuses: [UpToDate, OutOfDate, SWHardeningNeeded]"));
        assertOnly(a, FailureCode.TDX_TCB_REVOKED, Status.CONTRAINDICATED);
        assertThat(a.trustVector().get(TrustClaim.HARDWARE)).isEqualTo(TrustClaim.CONTRAINDICATED_HARDWARE);
    }

    @Test
    void deniedAdvisoriesContraindicate() {
        Consumer<SimulatedTdxAttester.Builder> advisory = b -> b.tcbInfo(t -> t.tcbLevel(0, l -> l
                .withTcbStatus("SWHardeningNeeded").withAdvisoryIds(List.of("INTEL-SA-00837", "INTEL-SA-00960"))));
        TdxPolicyRules accepting = policy("acceptedTcbStatuses: [UpToDate, SWHardeningNeeded]");
        Appraisal accepted = withCollateral(advisory, accepting);
        assertThat(accepted.failures()).isEmpty();
        assertThat(accepted.claims()).containsEntry("advisoryIds", List.of("INTEL-SA-00837", "INTEL-SA-00960"));
        Appraisal denied = withCollateral(advisory, policy("acceptedTcbStatuses: [UpToDate, SWHardeningNeeded]\n"
                + "deniedAdvisoryIds: [INTEL-SA-00960]"));
        assertOnly(denied, FailureCode.TDX_ADVISORY_DENIED, Status.CONTRAINDICATED);
        assertThat(denied.failures().get(0).detail()).contains("INTEL-SA-00960").doesNotContain("00837");
    }

    @Test
    void tcbDateMinimum() {
        assertOnly(run(q -> q, policy("minTcbDate: 2024-03-14T00:00:00Z")), FailureCode.TDX_TCB_DATE_BELOW_MINIMUM,
                Status.CONTRAINDICATED);
        assertThat(run(q -> q, policy("minTcbDate: " + TdxDefaults.TCB_DATE)).failures()).isEmpty();
    }

    @Test
    void collateralAgeIsBounded() {
        // the attester issues collateral one minute before its verification time
        assertOnly(run(q -> q, policy("maxCollateralAge: PT30S")), FailureCode.TDX_COLLATERAL_TOO_OLD, Status.CONTRAINDICATED);
        assertThat(run(q -> q, policy("maxCollateralAge: PT2M")).failures()).isEmpty();
    }

    @Test
    void expiredCollateralIsRejectedOrOnlyWarnedAbout() {
        Instant issued = ATTESTER.issueTime();
        SimulatedTdxAttester shortLived = SimulatedTdxAttester.builder(IntelTestPki.defaultPki())
                .tcbInfo(t -> t.nextUpdate(issued.plus(Duration.ofMinutes(2)))).build();
        TdxEvidence e = shortLived.quote().build();
        Instant late = shortLived.issueTime().plus(Duration.ofMinutes(3));
        Appraisal rejected = appraiseAt(e, shortLived, DEFAULT, defaultMrTd(), Optional.empty(), late);
        assertOnly(rejected, FailureCode.TDX_COLLATERAL_EXPIRED, Status.CONTRAINDICATED);
        Appraisal warned = appraiseAt(e, shortLived, policy("expiredCollateral: warn"), defaultMrTd(), Optional.empty(), late);
        assertOnly(warned, FailureCode.TDX_COLLATERAL_EXPIRED, Status.WARNING);
        assertThat(warned.failures().get(0).severity()).isEqualTo(Status.WARNING);
        assertThat(warned.claims()).containsEntry("collateralExpired", true);
        assertThat(warned.trustVector().get(TrustClaim.HARDWARE)).isEqualTo(TrustClaim.UNSAFE_HARDWARE);
    }

    @Test
    void trailingBytesAreAllowedUnlessThePolicyRejectsThem() {
        TdxEvidence e = ATTESTER.quote().build();
        byte[] padded = Arrays.copyOf(e.quote(), e.quote().length + 39);
        TdxEvidence trailing = new TdxEvidence(padded, e.attestationKey(), e.pki(), e.pck(), e.collateral());
        assertThat(appraise(trailing, ATTESTER, DEFAULT, defaultMrTd(), Optional.empty()).failures()).isEmpty();
        assertOnly(appraise(trailing, ATTESTER, policy("trailingBytes: reject"), defaultMrTd(), Optional.empty()),
                FailureCode.TDX_TRAILING_BYTES, Status.CONTRAINDICATED);
        assertThat(appraise(e, ATTESTER, policy("trailingBytes: reject"), defaultMrTd(), Optional.empty()).failures()).isEmpty();
    }

    @Test
    void everyFailureIsReportedNotJustTheFirst() {
        Appraisal a = run(q -> q.tdAttributes(0x1L).xfam(0x2L), policy("minQeSvn: 100"));
        assertThat(codes(a)).containsExactlyInAnyOrder(FailureCode.TDX_DEBUG, FailureCode.TDX_SEPT_VE_DISABLE_MISSING,
                FailureCode.TDX_XFAM, FailureCode.TDX_QE_SVN_BELOW_MINIMUM);
    }
}
