package dev.rats.policy.tdx;

import dev.rats.evidence.binary.Bytes;
import dev.rats.evidence.tdx.PckExtensions;
import dev.rats.evidence.tdx.TdAttributes;
import dev.rats.evidence.tdx.TdReport;
import dev.rats.evidence.tdx.TdReportType;
import dev.rats.evidence.tdx.collateral.TdxTcbResult;
import dev.rats.refvalues.TdxRegister;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The verified TDX claims of a result: JSON-friendly, stable names, hex for byte fields. */
final class TdxClaims {

    private TdxClaims() {
    }

    static Map<String, Object> of(VerifiedTdxEvidence e, Map<String, String> measurementReferences) {
        TdReport body = e.quote().body();
        TdxTcbResult tcb = e.tcb();
        PckExtensions pck = e.quote().pckExtensions();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("quoteVersion", e.quote().quote().version());
        m.put("tdReport", body.type() == TdReportType.TD_REPORT_1_5 ? "1.5" : "1.0");
        m.put("tcbStatus", tcb.status().name());
        m.put("platformTcbStatus", tcb.platformStatus().name());
        tcb.moduleStatus().ifPresent(s -> m.put("tdxModuleTcbStatus", s.name()));
        tcb.moduleIdentityId().ifPresent(id -> m.put("tdxModuleIdentity", id));
        m.put("qeTcbStatus", tcb.qeStatus().name());
        m.put("advisoryIds", tcb.advisoryIds());
        m.put("tcbDate", tcb.tcbDate().toString());
        m.put("tcbEvaluationDataNumber", tcb.tcbEvaluationDataNumber());
        m.put("collateralExpiration", tcb.earliestExpiration().toString());
        m.put("collateralExpired", tcb.collateralExpired());
        for (TdxRegister register : TdxRegister.values()) {
            m.put(register.fieldName(), register(body, register).toHex());
        }
        if (!measurementReferences.isEmpty()) {
            m.put("measurementReferences", measurementReferences);
        }
        m.put("reportData", body.reportData().toHex());
        m.put("teeTcbSvn", body.teeTcbSvn().toHex());
        body.teeTcbSvn2().ifPresent(svn -> m.put("teeTcbSvn2", svn.toHex()));
        body.mrServiceTd().ifPresent(mr -> m.put("mrServiceTd", mr.toHex()));
        m.put("mrSignerSeam", body.mrSignerSeam().toHex());
        m.put("seamAttributes", body.seamAttributes().toHex());
        m.put("tdAttributes", attributes(body.tdAttributes()));
        m.put("xfam", String.format("0x%x", body.xfamValue()));
        m.put("fmspc", pck.fmspc().toHex());
        m.put("pceId", pck.pceId().toHex());
        m.put("pceSvn", pck.tcb().pceSvn());
        m.put("qeSvn", e.quote().qeReport().isvSvn());
        m.put("pckCa", e.quote().pckCaType().pcsName());
        m.put("revocation", e.quote().revocation().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        return m;
    }

    /** The value of {@code register} in the TD report. */
    static Bytes register(TdReport body, TdxRegister register) {
        return switch (register) {
            case MR_TD -> body.mrTd();
            case RTMR0 -> body.rtmr(0);
            case RTMR1 -> body.rtmr(1);
            case RTMR2 -> body.rtmr(2);
            case RTMR3 -> body.rtmr(3);
            case MR_CONFIG_ID -> body.mrConfigId();
            case MR_OWNER -> body.mrOwner();
            case MR_OWNER_CONFIG -> body.mrOwnerConfig();
            case MR_SEAM -> body.mrSeam();
        };
    }

    private static Map<String, Object> attributes(TdAttributes a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("raw", String.format("0x%x", a.value()));
        m.put("debug", a.debug());
        m.put("septVeDisable", a.septVeDisable());
        m.put("pks", a.pks());
        m.put("kl", a.kl());
        m.put("perfmon", a.perfmon());
        return m;
    }
}
