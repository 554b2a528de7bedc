package dev.rats.evidence.tdx.collateral;

import java.time.Instant;
import java.util.List;

/**
 * A platform level of TDX TCB Info v3 (tdx.md §3.2):
 * {@code {"tcb":{"sgxtcbcomponents":[16],"pcesvn":n,"tdxtcbcomponents":[16]},"tcbDate","tcbStatus","advisoryIDs"?}}.
 *
 * @param sgxComponents the 16 SGX TCB components
 * @param pceSvn PCESVN
 * @param tdxComponents the 16 TDX TCB components; empty only in TCB Info that is not for TDX (the
 *        verifier rejects it before evaluation)
 * @param tcbDate tcbDate
 * @param tcbStatus tcbStatus, one of {@link TcbStatus#TCB_INFO_STATUSES}
 * @param advisoryIds advisoryIDs, empty when absent
 */
public record TcbLevel(List<TcbComponent> sgxComponents, int pceSvn, List<TcbComponent> tdxComponents, Instant tcbDate,
        TcbStatus tcbStatus, List<String> advisoryIds) {

    /** The number of SGX and of TDX components (dcap-qvl PR #164 enforces it, tdx.md §4.4). */
    public static final int COMPONENTS = 16;

    public TcbLevel {
        sgxComponents = List.copyOf(sgxComponents);
        tdxComponents = List.copyOf(tdxComponents);
        advisoryIds = List.copyOf(advisoryIds);
    }

    public int sgxSvn(int index) {
        return sgxComponents.get(index).svn();
    }

    public int tdxSvn(int index) {
        return tdxComponents.get(index).svn();
    }
}
