package dev.rats.policy.tdx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rats.evidence.tdx.collateral.TcbStatus;
import dev.rats.refvalues.TdxRegister;
import dev.rats.refvalues.io.DocumentException;
import dev.rats.refvalues.io.DocumentFormat;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** TDX policy files: secure defaults, every relaxation named, every error pointing at file, line and field. */
class TdxPolicyLoaderTest {

    private static TdxPolicyRules parse(String yaml) throws DocumentException {
        return TdxPolicyLoader.parse("p.yaml", yaml, DocumentFormat.YAML);
    }

    private static String error(String yaml) {
        try {
            parse(yaml);
        } catch (DocumentException e) {
            return e.getMessage();
        }
        throw new AssertionError("accepted: " + yaml);
    }

    @Test
    void defaultsAreSecure() {
        TdxPolicyRules p = TdxPolicyLoader.defaults();
        assertThat(p.source().id()).isEqualTo("default@1");
        assertThat(p.crlRequired()).isTrue();
        assertThat(p.acceptedTcbStatuses()).containsExactly(TcbStatus.UpToDate);
        assertThat(p.rejectExpiredCollateral()).isTrue();
        assertThat(p.source().allowDebug()).isFalse();
        assertThat(p.source().requireSeptVeDisable()).isTrue();
        assertThat(p.allowedMrServiceTds()).isEmpty();
        assertThat(p.tdAttributes().fixed0()).isEqualTo(0x8000_0000_5000_0001L);
        assertThat(p.tdAttributes().fixed1()).isZero();
        assertThat(p.xfam().fixed0()).isEqualTo(0x6DBE7L);
        assertThat(p.xfam().fixed1()).isEqualTo(0x3L);
        assertThat(p.rejectTrailingBytes()).isFalse();
        assertThat(p.requireReferenceValues()).containsExactly(TdxRegister.MR_TD);
        assertThat(p.maxCollateralAge()).isEmpty();
        assertThat(p.minTcbDate()).isEmpty();
    }

    @Test
    void everyFieldLoads() throws DocumentException {
        TdxPolicyRules p = parse("""
                platform: tdx
                name: production
                version: 4
                crl: if-available
                acceptedTcbStatuses: [UpToDate, SWHardeningNeeded]
                deniedAdvisoryIds: [INTEL-SA-00837]
                minTcbDate: 2024-03-13T00:00:00Z
                maxCollateralAge: P30D
                expiredCollateral: warn
                allowDebug: false
                requireSeptVeDisable: true
                allowedMrServiceTds: ["%s"]
                tdAttributes: {fixed0: "0x80000000D0000001", fixed1: "0x10000000"}
                xfam: {expected: "0x602E7"}
                minTeeTcbSvn: "06010300000000000000000000000000"
                minQeSvn: 6
                minPceSvn: 13
                trailingBytes: reject
                requireReferenceValues: [mrTd, rtmr1, rtmr2]
                expected: {reportData: "%s"}
                """.formatted("ab".repeat(48), "00".repeat(64)));
        assertThat(p.source().id()).isEqualTo("production@4");
        assertThat(p.crlRequired()).isFalse();
        assertThat(p.acceptedTcbStatuses()).containsExactlyInAnyOrder(TcbStatus.UpToDate, TcbStatus.SWHardeningNeeded);
        assertThat(p.deniedAdvisoryIds()).containsExactly("INTEL-SA-00837");
        assertThat(p.minTcbDate()).contains(Instant.parse("2024-03-13T00:00:00Z"));
        assertThat(p.maxCollateralAge()).contains(Duration.ofDays(30));
        assertThat(p.rejectExpiredCollateral()).isFalse();
        assertThat(p.allowedMrServiceTds()).hasSize(1);
        assertThat(p.tdAttributes().fixed1()).isEqualTo(0x1000_0000L);
        assertThat(p.xfam().expected()).contains(0x602E7L);
        assertThat(p.minTeeTcbSvn()).isPresent();
        assertThat(p.rejectTrailingBytes()).isTrue();
        assertThat(p.requireReferenceValues()).isEqualTo(Set.of(TdxRegister.MR_TD, TdxRegister.RTMR1, TdxRegister.RTMR2));
        assertThat(p.reportData()).isPresent();
    }

    @Test
    void errorsNameFileLineAndField() {
        assertThat(error("name: x\nacceptedTcbStatuses: [UpToDate, Revoked]\n"))
                .startsWith("p.yaml:2:").contains("acceptedTcbStatuses[1]").contains("Revoked can never be accepted");
        assertThat(error("acceptedTcbStatuses: [Fine]")).contains("unknown TCB status 'Fine'");
        assertThat(error("acceptedTcbStatuses: []")).contains("at least one status");
        assertThat(error("acceptedTcbStatuses: [UpToDate, UpToDate]")).contains("listed twice");
        assertThat(error("platform: sev-snp")).contains("platform").contains("must be 'tdx'");
        assertThat(error("crl: sometimes")).contains("crl");
        assertThat(error("expiredCollateral: ignore")).contains("expiredCollateral");
        assertThat(error("trailingBytes: maybe")).contains("trailingBytes");
        assertThat(error("maxCollateralAge: 30 days")).contains("ISO-8601 duration");
        assertThat(error("maxCollateralAge: PT0S")).contains("must be positive");
        assertThat(error("minTcbDate: yesterday")).contains("RFC 3339");
        assertThat(error("minTeeTcbSvn: \"0601\"")).contains("32 hex characters");
        assertThat(error("allowedMrServiceTds: [\"zz\"]")).contains("allowedMrServiceTds[0]");
        assertThat(error("requireReferenceValues: [mrtd]")).contains("unknown register 'mrtd'").contains("mrTd");
        assertThat(error("xfam: {fixed0: \"0x1\", fixed1: \"0x3\"}")).contains("xfam.fixed1");
        assertThat(error("tdAttributes: {fixed0: \"ten\"}")).contains("tdAttributes.fixed0");
        assertThat(error("minQeSvn: 70000")).contains("minQeSvn");
        assertThat(error("allowDebugg: true")).contains("unknown field");
        assertThat(error("deniedAdvisoryIds: [\"\"]")).contains("deniedAdvisoryIds[0]");
    }
}
