package dev.rats.evidence.tdx.collateral;

import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.FailureCode;
import dev.rats.evidence.binary.Bytes;
import dev.rats.evidence.tdx.PckExtensions;
import dev.rats.evidence.tdx.QeReport;
import dev.rats.evidence.tdx.TdReport;
import dev.rats.evidence.tdx.TdReportType;
import dev.rats.evidence.tdx.VerifiedTdxQuote;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Intel QVL's TCB status computation for TDX (tdx.md §2 items 7, 11, 13 and §2.1; §5 steps 5, 7–9):
 * <ol>
 * <li>TDX module identity (QVL 4.1.2.4.11, {@code Checks/TdxModuleCheck.cpp}): the expected module is
 * {@code tdxModule}, replaced by the {@code tdxModuleIdentities} entry {@code "TDX_%02X"} of
 * TEE_TCB_SVN[1] when that is non-zero (missing entry → {@code TDX_MODULE_MISMATCH}; missing array →
 * {@code TDX_COLLATERAL_MISMATCH}, QVL TCB_INFO_MISMATCH); MRSIGNERSEAM must equal its mrsigner and
 * SEAMATTRIBUTES must be zero and equal its attributes (QVL applies no mask) → {@code TDX_MODULE_MISMATCH};</li>
 * <li>QE report vs QE Identity (QVL 4.1.2.4.15, {@code EnclaveReportVerifier}): MISCSELECT &amp; mask,
 * ATTRIBUTES &amp; mask, MRSIGNER, ISVPRODID → {@code TDX_QE_IDENTITY_MISMATCH}; the QE status is that
 * of the first level (descending) with isvsvn ≤ ISVSVN, none → {@code TDX_TCB_NOT_SUPPORTED};</li>
 * <li>platform level ({@code TcbLevelCheck.cpp} {@code matchTcbLevels}): the first level whose 16 SGX
 * components and PCESVN the PCK meets is the SGX level; the first such level whose TDX components
 * TEE_TCB_SVN meets, from index 2 when TEE_TCB_SVN[1] &gt; 0 (index-2 rule), is the TDX level; none →
 * {@code TDX_TCB_NOT_SUPPORTED};</li>
 * <li>module status ({@code checkTdxModuleTcbStatus}): the first module level with isvsvn ≤
 * TEE_TCB_SVN[0], none → {@code TDX_TCB_NOT_SUPPORTED};</li>
 * <li>{@code convergeTcbStatusWithTdxModuleStatus}, then for TD report 1.5 bodies
 * {@code checkForRelaunch} ({@code Checks/TDRelaunchCheck.cpp}), then
 * {@code convergeTcbStatusWithQeTcbStatus}.</li>
 * </ol>
 * Levels are taken in QVL's order: platform levels descending by SGX components, PCESVN, then TDX
 * components ({@code std::set<TcbLevel, std::greater>}), ISVSVN levels descending by isvsvn; Intel
 * serves them in that order already. Revoked is a result, not a failure.
 */
public final class TdxTcbEvaluator {

    private TdxTcbEvaluator() {
    }

    public static TdxTcbResult evaluate(VerifiedTdxCollateral collateral) throws EvidenceException {
        VerifiedTdxQuote quote = collateral.quote();
        TcbInfo tcbInfo = collateral.tcbInfo();
        TdReport body = quote.body();
        Bytes teeTcbSvn = body.teeTcbSvn();
        int moduleVersion = teeTcbSvn.unsignedByte(1);

        // spec: Intel QVL 4.1.2.4.11, TdxModuleCheck.cpp; tdx.md §2 step 7
        Optional<TdxModuleIdentity> moduleIdentity = Optional.empty();
        TdxModuleIdentity expected = tcbInfo.tdxModule().orElseThrow(() -> Json.malformed("TDX TCB Info lacks tdxModule"));
        if (quote.quote().version() > 3 && moduleVersion > 0) {
            expected = moduleIdentity(tcbInfo, moduleVersion);
            moduleIdentity = Optional.of(expected);
        }
        if (!body.mrSignerSeam().equals(expected.mrSigner())) {
            throw moduleMismatch("MRSIGNERSEAM " + body.mrSignerSeam().toHex() + " is not the mrsigner of " + expected.id());
        }
        if (!body.seamAttributes().isAllZero() || !body.seamAttributes().equals(expected.attributes())) {
            throw moduleMismatch("SEAMATTRIBUTES " + body.seamAttributes().toHex() + " are not zero and equal to the attributes of "
                    + expected.id());
        }

        // spec: Intel QVL 4.1.2.4.15 (EnclaveReportVerifier); tdx.md §2 step 11
        IsvTcbLevel qeLevel = qeLevel(quote.qeReport(), collateral.qeIdentity());

        // spec: TcbLevelCheck.cpp matchTcbLevels; tdx.md §2.1
        List<TcbLevel> levels = sortedPlatformLevels(tcbInfo.tcbLevels());
        PckExtensions.Tcb pck = quote.pckExtensions().tcb();
        int from = moduleVersion > 0 ? 2 : 0;
        TcbLevel sgxLevel = null;
        TcbLevel tdxLevel = null;
        for (TcbLevel level : levels) {
            if (!sgxMeets(pck, level)) {
                continue;
            }
            if (sgxLevel == null) {
                sgxLevel = level;
            }
            if (tdxMeets(teeTcbSvn, level, from)) {
                tdxLevel = level;
                break;
            }
        }
        if (sgxLevel == null || tdxLevel == null) {
            throw new EvidenceException(FailureCode.TDX_TCB_NOT_SUPPORTED, "no TCB level of TCB Info matches the platform"
                    + (sgxLevel == null ? " (PCK SGX components " + pck.sgxComponentSvns() + ", PCESVN " + pck.pceSvn() + ")"
                            : " (TEE_TCB_SVN " + teeTcbSvn.toHex() + ")"));
        }

        // spec: TdxModuleCheck.cpp checkTdxModuleTcbStatus
        Optional<IsvTcbLevel> moduleLevel = Optional.empty();
        if (moduleIdentity.isPresent()) {
            int isvSvn = teeTcbSvn.unsignedByte(0);
            moduleLevel = sortedIsvLevels(moduleIdentity.get().tcbLevels()).stream().filter(l -> isvSvn >= l.isvSvn()).findFirst();
            if (moduleLevel.isEmpty()) {
                throw new EvidenceException(FailureCode.TDX_TCB_NOT_SUPPORTED, "no level of TDX module identity "
                        + moduleIdentity.get().id() + " matches TEE_TCB_SVN[0] = " + isvSvn);
            }
        }
        Optional<TcbStatus> moduleStatus = moduleLevel.map(IsvTcbLevel::tcbStatus);

        TcbStatus sgxStatus = sgxLevel.tcbStatus();
        TcbStatus platformStatus = tdxLevel.tcbStatus();
        TcbStatus status = convergeWithModule(platformStatus, moduleStatus);
        if (status != TcbStatus.Revoked && body.type() == TdReportType.TD_REPORT_1_5 && body.teeTcbSvn2().isPresent()) {
            status = relaunch(body.teeTcbSvn2().get(), tcbInfo, levels, sgxStatus, status, moduleStatus, qeLevel.tcbStatus());
        }
        status = convergeWithQe(status, qeLevel.tcbStatus());

        Set<String> advisories = new LinkedHashSet<>(tdxLevel.advisoryIds());
        moduleLevel.ifPresent(l -> advisories.addAll(l.advisoryIds()));
        return new TdxTcbResult(status, platformStatus, sgxStatus, moduleStatus, moduleIdentity.map(TdxModuleIdentity::id),
                qeLevel.tcbStatus(), new ArrayList<>(advisories), tdxLevel.tcbDate(), tcbInfo.tcbEvaluationDataNumber(),
                collateral.earliestExpiration(), collateral.collateralExpired());
    }

    /** {@code findTdxModuleIdentity}: id {@code "TDX_%02X"}, compared case-insensitively like QVL (which upper-cases the id). */
    private static TdxModuleIdentity moduleIdentity(TcbInfo tcbInfo, int version) throws EvidenceException {
        List<TdxModuleIdentity> identities = tcbInfo.tdxModuleIdentities().orElseThrow(() -> new EvidenceException(
                FailureCode.TDX_COLLATERAL_MISMATCH, "TCB Info has no tdxModuleIdentities for TDX module version " + version));
        String id = TdxModuleIdentity.idFor(version);
        return identities.stream().filter(m -> m.id().equalsIgnoreCase(id)).findFirst()
                .orElseThrow(() -> moduleMismatch("TCB Info has no TDX module identity " + id));
    }

    private static IsvTcbLevel qeLevel(QeReport r, QeIdentity qi) throws EvidenceException {
        if ((r.miscSelect() & qi.miscselectMask()) != qi.miscselect()) {
            throw qeMismatch(String.format("MISCSELECT %08X & mask %08X is not %08X", r.miscSelect(), qi.miscselectMask(),
                    qi.miscselect()));
        }
        Bytes attributes = r.attributes();
        for (int i = 0; i < attributes.length(); i++) {
            if ((attributes.get(i) & qi.attributesMask().get(i)) != qi.attributes().get(i)) {
                throw qeMismatch("ATTRIBUTES " + attributes.toHex() + " & mask " + qi.attributesMask().toHex() + " is not "
                        + qi.attributes().toHex());
            }
        }
        if (!r.mrSigner().equals(qi.mrSigner())) {
            throw qeMismatch("MRSIGNER " + r.mrSigner().toHex() + " is not " + qi.mrSigner().toHex());
        }
        if (r.isvProdId() != qi.isvProdId()) {
            throw qeMismatch("ISVPRODID " + r.isvProdId() + " is not " + qi.isvProdId());
        }
        int isvSvn = r.isvSvn();
        return sortedIsvLevels(qi.tcbLevels()).stream().filter(l -> l.isvSvn() <= isvSvn).findFirst()
                .orElseThrow(() -> new EvidenceException(FailureCode.TDX_TCB_NOT_SUPPORTED,
                        "no QE Identity level matches the QE ISVSVN " + isvSvn));
    }

    /** {@code isCpuSvnHigherOrEqual} over the 16 per-component SVNs, and PCESVN ≥. */
    private static boolean sgxMeets(PckExtensions.Tcb pck, TcbLevel level) {
        for (int i = 0; i < TcbLevel.COMPONENTS; i++) {
            if (pck.sgxComponentSvn(i) < level.sgxSvn(i)) {
                return false;
            }
        }
        return pck.pceSvn() >= level.pceSvn();
    }

    /** {@code isTdxTcbHigherOrEqual}: TEE_TCB_SVN[i] ≥ tdxtcbcomponents[i] for i from {@code from}. */
    private static boolean tdxMeets(Bytes teeTcbSvn, TcbLevel level, int from) {
        for (int i = from; i < TcbLevel.COMPONENTS; i++) {
            if (teeTcbSvn.unsignedByte(i) < level.tdxSvn(i)) {
                return false;
            }
        }
        return true;
    }

    /** {@code convergeTcbStatusWithTdxModuleStatus} (tdx.md §2.1 first table). */
    static TcbStatus convergeWithModule(TcbStatus level, Optional<TcbStatus> module) {
        if (module.isEmpty()) {
            return level;
        }
        return switch (module.get()) {
            case OutOfDate -> switch (level) {
                case UpToDate, SWHardeningNeeded -> TcbStatus.OutOfDate;
                case ConfigurationNeeded, ConfigurationAndSWHardeningNeeded -> TcbStatus.OutOfDateConfigurationNeeded;
                default -> level;
            };
            case Revoked -> TcbStatus.Revoked;
            default -> level;
        };
    }

    /** {@code convergeTcbStatusWithQeTcbStatus} (tdx.md §2.1 last table; "not supported" failed earlier). */
    static TcbStatus convergeWithQe(TcbStatus status, TcbStatus qe) {
        return switch (qe) {
            case OutOfDate -> switch (status) {
                case UpToDate, SWHardeningNeeded -> TcbStatus.OutOfDate;
                case ConfigurationNeeded, ConfigurationAndSWHardeningNeeded -> TcbStatus.OutOfDateConfigurationNeeded;
                default -> status;
            };
            case Revoked -> TcbStatus.Revoked;
            default -> status;
        };
    }

    /** {@code checkForRelaunch} (TDRelaunchCheck.cpp; tdx.md §2.1 "TD relaunch"). */
    private static TcbStatus relaunch(Bytes teeTcbSvn2, TcbInfo tcbInfo, List<TcbLevel> levels, TcbStatus sgx,
            TcbStatus tdx, Optional<TcbStatus> module, TcbStatus qe) throws EvidenceException {
        if (qe == TcbStatus.OutOfDate || qe == TcbStatus.Revoked) {
            return tdx;
        }
        if (sgx != TcbStatus.UpToDate && sgx != TcbStatus.SWHardeningNeeded && sgx != TcbStatus.ConfigurationNeeded
                && sgx != TcbStatus.ConfigurationAndSWHardeningNeeded) {
            return tdx;
        }
        if ((tdx != TcbStatus.OutOfDate && tdx != TcbStatus.OutOfDateConfigurationNeeded)
                || module.orElse(null) != TcbStatus.OutOfDate) {
            return tdx;
        }
        TcbLevel latest = levels.get(0);
        boolean meets;
        if (teeTcbSvn2.unsignedByte(1) == 0) {
            meets = teeTcbSvn2.unsignedByte(0) >= latest.tdxSvn(0) && teeTcbSvn2.unsignedByte(2) >= latest.tdxSvn(2);
        } else {
            // QVL returns STATUS_TDX_MODULE_MISMATCH when TEE_TCB_SVN2's identity is missing
            TdxModuleIdentity identity2 = moduleIdentity(tcbInfo, teeTcbSvn2.unsignedByte(1));
            List<IsvTcbLevel> moduleLevels = sortedIsvLevels(identity2.tcbLevels());
            if (moduleLevels.isEmpty()) {
                throw new EvidenceException(FailureCode.TDX_TCB_NOT_SUPPORTED, "TDX module identity " + identity2.id()
                        + " has no TCB level");
            }
            meets = teeTcbSvn2.unsignedByte(0) >= moduleLevels.get(0).isvSvn()
                    && teeTcbSvn2.unsignedByte(2) >= latest.tdxSvn(2);
        }
        if (!meets) {
            return tdx;
        }
        return sgx.isConfigurationNeededVariant() || tdx.isConfigurationNeededVariant()
                ? TcbStatus.TDRelaunchAdvisedConfigurationNeeded : TcbStatus.TDRelaunchAdvised;
    }

    /** QVL's {@code std::set<TcbLevel, std::greater>} order: SGX components, then PCESVN, then TDX components, descending. */
    static List<TcbLevel> sortedPlatformLevels(List<TcbLevel> levels) {
        Comparator<TcbLevel> ascending = (a, b) -> {
            for (int i = 0; i < TcbLevel.COMPONENTS; i++) {
                int c = Integer.compare(a.sgxSvn(i), b.sgxSvn(i));
                if (c != 0) {
                    return c;
                }
            }
            int c = Integer.compare(a.pceSvn(), b.pceSvn());
            if (c != 0) {
                return c;
            }
            for (int i = 0; i < Math.min(a.tdxComponents().size(), b.tdxComponents().size()); i++) {
                c = Integer.compare(a.tdxSvn(i), b.tdxSvn(i));
                if (c != 0) {
                    return c;
                }
            }
            return 0;
        };
        List<TcbLevel> sorted = new ArrayList<>(levels);
        sorted.sort(ascending.reversed());
        return sorted;
    }

    /** ISVSVN levels, descending by isvsvn (stable: among equal ISVSVNs the first served wins). */
    static List<IsvTcbLevel> sortedIsvLevels(List<IsvTcbLevel> levels) {
        List<IsvTcbLevel> sorted = new ArrayList<>(levels);
        sorted.sort(Comparator.comparingInt(IsvTcbLevel::isvSvn).reversed());
        return sorted;
    }

    private static EvidenceException moduleMismatch(String detail) {
        return new EvidenceException(FailureCode.TDX_MODULE_MISMATCH, detail);
    }

    private static EvidenceException qeMismatch(String detail) {
        return new EvidenceException(FailureCode.TDX_QE_IDENTITY_MISMATCH, detail);
    }
}
