package dev.rats.evidence.tdx.collateral;

import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.binary.Bytes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the typed models {@link TcbInfo} and {@link QeIdentity} from the signed JSON objects
 * (tdx.md §3.2; Intel QVL {@code TcbInfo.cpp}, {@code TcbLevel.cpp}, {@code TdxModule.cpp},
 * {@code EnclaveIdentityV2.cpp}). Structure only: id, version and applicability are judged by
 * {@link TdxCollateralVerifier}, so that TCB Info of the wrong kind fails as a mismatch. Statuses
 * outside QVL's valid sets are malformed (QVL: TCB_UNRECOGNIZED_STATUS).
 */
final class CollateralModels {

    private CollateralModels() {
    }

    static TcbInfo tcbInfo(byte[] json) throws EvidenceException {
        Json.Obj o = Json.object(json, "tcbInfo");
        List<TcbLevel> levels = new ArrayList<>();
        for (Json.Obj l : o.objects("tcbLevels")) {
            levels.add(tcbLevel(l));
        }
        if (levels.isEmpty()) {
            // go-tdx-guest verifyTCBinfo: non-empty levels
            throw Json.malformed("tcbInfo.tcbLevels is empty");
        }
        Optional<TdxModuleIdentity> module = Optional.empty();
        if (o.has("tdxModule")) {
            module = Optional.of(module(o.object("tdxModule"), TdxModuleIdentity.TDX_MODULE, false));
        }
        Optional<List<TdxModuleIdentity>> identities = Optional.empty();
        if (o.has("tdxModuleIdentities")) {
            List<TdxModuleIdentity> ids = new ArrayList<>();
            for (Json.Obj m : o.objects("tdxModuleIdentities")) {
                ids.add(module(m, m.string("id"), true));
            }
            identities = Optional.of(ids);
        }
        return new TcbInfo(o.string("id"), (int) o.integer("version", 0, Integer.MAX_VALUE), o.instant("issueDate"),
                o.instant("nextUpdate"), o.hex("fmspc", 6), o.hex("pceId", 2),
                o.has("tcbType") ? (int) o.integer("tcbType", 0, Integer.MAX_VALUE) : 0,
                o.integer("tcbEvaluationDataNumber", 0, 0xFFFFFFFFL), module, identities, levels);
    }

    private static TcbLevel tcbLevel(Json.Obj l) throws EvidenceException {
        Json.Obj tcb = l.object("tcb");
        List<TcbComponent> sgx = components(tcb, "sgxtcbcomponents");
        List<TcbComponent> tdx = tcb.has("tdxtcbcomponents") ? components(tcb, "tdxtcbcomponents") : List.of();
        return new TcbLevel(sgx, tcb.u16("pcesvn"), tdx, l.instant("tcbDate"),
                status(l, TcbStatus.TCB_INFO_STATUSES), l.strings("advisoryIDs"));
    }

    private static List<TcbComponent> components(Json.Obj tcb, String name) throws EvidenceException {
        List<Json.Obj> list = tcb.objects(name);
        if (list.size() != TcbLevel.COMPONENTS) {
            // dcap-qvl PR #164 (GHSA-6q6c-vvf9-fj3w): exactly 16 components
            throw Json.malformed(tcb.path() + "." + name + " has " + list.size() + " components, not 16");
        }
        List<TcbComponent> out = new ArrayList<>(list.size());
        for (Json.Obj c : list) {
            out.add(new TcbComponent(c.u8("svn"), c.optString("category"), c.optString("type")));
        }
        return out;
    }

    private static TdxModuleIdentity module(Json.Obj m, String id, boolean withLevels) throws EvidenceException {
        List<IsvTcbLevel> levels = new ArrayList<>();
        if (withLevels) {
            for (Json.Obj l : m.objects("tcbLevels")) {
                levels.add(isvLevel(l));
            }
        }
        return new TdxModuleIdentity(id, m.hex("mrsigner", 48), m.hex("attributes", 8), m.hex("attributesMask", 8), levels);
    }

    private static IsvTcbLevel isvLevel(Json.Obj l) throws EvidenceException {
        return new IsvTcbLevel(l.object("tcb").u16("isvsvn"), l.instant("tcbDate"), status(l, TcbStatus.ISV_STATUSES),
                l.strings("advisoryIDs"));
    }

    private static TcbStatus status(Json.Obj l, Set<TcbStatus> valid) throws EvidenceException {
        String s = l.string("tcbStatus");
        Optional<TcbStatus> status = TcbStatus.fromName(s).filter(valid::contains);
        if (status.isEmpty()) {
            throw Json.malformed(l.path() + ".tcbStatus \"" + abbreviate(s) + "\" is not a recognised status");
        }
        return status.get();
    }

    static QeIdentity qeIdentity(byte[] json) throws EvidenceException {
        Json.Obj o = Json.object(json, "enclaveIdentity");
        List<IsvTcbLevel> levels = new ArrayList<>();
        for (Json.Obj l : o.objects("tcbLevels")) {
            levels.add(isvLevel(l));
        }
        return new QeIdentity(o.string("id"), (int) o.integer("version", 0, Integer.MAX_VALUE), o.instant("issueDate"),
                o.instant("nextUpdate"), o.integer("tcbEvaluationDataNumber", 0, 0xFFFFFFFFL), u32(o.hex("miscselect", 4)),
                u32(o.hex("miscselectMask", 4)), o.hex("attributes", 16), o.hex("attributesMask", 16),
                o.hex("mrsigner", 32), o.u16("isvprodid"), levels);
    }

    /** Big-endian: the hex text read as a number (Intel QVL EnclaveIdentityV2, dcap-qvl qe_identity.rs). */
    private static long u32(Bytes b) {
        return (long) b.unsignedByte(0) << 24 | b.unsignedByte(1) << 16 | b.unsignedByte(2) << 8 | b.unsignedByte(3);
    }

    static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
