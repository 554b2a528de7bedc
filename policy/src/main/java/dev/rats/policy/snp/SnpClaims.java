package dev.rats.policy.snp;

import dev.rats.evidence.snp.FirmwareVersion;
import dev.rats.evidence.snp.GuestPolicy;
import dev.rats.evidence.snp.PlatformInfo;
import dev.rats.evidence.snp.SnpReport;
import dev.rats.evidence.snp.TcbVersion;
import dev.rats.evidence.snp.VerifiedSnpEvidence;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The verified SEV-SNP claims of a result: JSON-friendly, stable names, hex for byte fields. */
final class SnpClaims {

    private SnpClaims() {
    }

    static Map<String, Object> of(VerifiedSnpEvidence e, Optional<String> measurementLabel) {
        SnpReport r = e.report();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("product", e.product().kdsName());
        m.put("reportVersion", r.version());
        m.put("signingKey", e.signingKey().name());
        m.put("measurement", r.measurement().toHex());
        measurementLabel.ifPresent(l -> m.put("measurementReference", l));
        m.put("reportData", r.reportData().toHex());
        m.put("hostData", r.hostData().toHex());
        m.put("chipId", r.chipId().toHex());
        m.put("vmpl", r.vmpl());
        m.put("guestSvn", r.guestSvn());
        m.put("guestPolicy", guestPolicy(r.policy()));
        m.put("platformInfo", platformInfo(r.platformInfo()));
        m.put("familyId", r.familyId().toHex());
        m.put("imageId", r.imageId().toHex());
        m.put("idKeyDigest", r.idKeyDigest().toHex());
        m.put("authorKeyEnabled", r.authorKeyEnabled());
        m.put("authorKeyDigest", r.authorKeyDigest().toHex());
        m.put("reportId", r.reportId().toHex());
        m.put("reportIdMa", r.reportIdMa().toHex());
        Map<String, Object> tcb = new LinkedHashMap<>();
        tcb.put("current", tcb(e.currentTcb()));
        tcb.put("reported", tcb(e.reportedTcb()));
        tcb.put("committed", tcb(e.committedTcb()));
        tcb.put("launch", tcb(e.launchTcb()));
        m.put("tcb", tcb);
        m.put("firmware", Map.of("current", fw(r.currentFirmware()), "committed", fw(r.committedFirmware())));
        r.cpuid().ifPresent(c -> m.put("cpuid", String.format("%02x%02x%02x", c.family(), c.model(), c.stepping())));
        r.launchMitigationVector().ifPresent(v -> m.put("launchMitigationVector", String.format("0x%x", v)));
        r.currentMitigationVector().ifPresent(v -> m.put("currentMitigationVector", String.format("0x%x", v)));
        m.put("vekProductName", e.vek().productName());
        m.put("revocation", e.revocation().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        return m;
    }

    private static Map<String, Object> tcb(TcbVersion t) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (t.fmc() >= 0) {
            m.put("fmc", t.fmc());
        }
        m.put("bootloader", t.bootloader());
        m.put("tee", t.tee());
        m.put("snp", t.snp());
        m.put("microcode", t.microcode());
        m.put("raw", t.raw().toHex());
        return m;
    }

    private static String fw(FirmwareVersion f) {
        return f.toString();
    }

    private static Map<String, Object> guestPolicy(GuestPolicy g) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("raw", String.format("0x%x", g.raw()));
        m.put("abi", g.abiMajor() + "." + g.abiMinor());
        m.put("smt", g.smtAllowed());
        m.put("migrateMa", g.migrateMaAllowed());
        m.put("debug", g.debugAllowed());
        m.put("singleSocket", g.singleSocketRequired());
        m.put("cxl", g.cxlAllowed());
        m.put("memAes256Xts", g.memAes256XtsRequired());
        m.put("raplDisabled", g.raplDisabled());
        m.put("ciphertextHiding", g.ciphertextHidingRequired());
        m.put("pageSwapDisabled", g.pageSwapDisabled());
        return m;
    }

    private static Map<String, Object> platformInfo(PlatformInfo p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("raw", String.format("0x%x", p.raw()));
        m.put("smt", p.smtEnabled());
        m.put("tsme", p.tsmeEnabled());
        m.put("ecc", p.eccEnabled());
        m.put("raplDisabled", p.raplDisabled());
        m.put("ciphertextHiding", p.ciphertextHidingEnabled());
        m.put("aliasCheckComplete", p.aliasCheckComplete());
        m.put("tio", p.tioEnabled());
        m.put("unknownBits", String.format("0x%x", p.unknownBits()));
        return m;
    }
}
