package dev.rats.evidence.tdx.collateral;

import java.time.Instant;
import java.util.List;

/**
 * A level keyed by one ISVSVN: the {@code tcbLevels} of QE Identity and of each
 * {@code tdxModuleIdentities} entry (tdx.md §3.2):
 * {@code {"tcb":{"isvsvn":n},"tcbDate","tcbStatus","advisoryIDs"?}}.
 *
 * @param isvSvn isvsvn, 0..65535
 * @param tcbDate tcbDate
 * @param tcbStatus one of {@link TcbStatus#ISV_STATUSES}
 * @param advisoryIds advisoryIDs, empty when absent
 */
public record IsvTcbLevel(int isvSvn, Instant tcbDate, TcbStatus tcbStatus, List<String> advisoryIds) {

    public IsvTcbLevel {
        advisoryIds = List.copyOf(advisoryIds);
    }
}
