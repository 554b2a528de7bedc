package dev.rats.testkit.tdx;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A level keyed by one ISVSVN (tdx.md §3.2): the {@code tcbLevels} entries of QE Identity and of the
 * {@code tdxModuleIdentities} of TCB Info, {@code {"tcb":{"isvsvn":n},"tcbDate":…,"tcbStatus":…,"advisoryIDs"?}}.
 *
 * @param isvsvn ISVSVN
 * @param tcbDate tcbDate
 * @param tcbStatus tcbStatus
 * @param advisoryIds advisory IDs, or null to omit the key
 */
public record IsvTcbLevel(int isvsvn, Instant tcbDate, String tcbStatus, List<String> advisoryIds) {

    public IsvTcbLevel {
        advisoryIds = advisoryIds == null ? null : List.copyOf(advisoryIds);
    }

    /** A level without advisory IDs. */
    public static IsvTcbLevel of(int isvsvn, Instant tcbDate, String tcbStatus) {
        return new IsvTcbLevel(isvsvn, tcbDate, tcbStatus, null);
    }

    public IsvTcbLevel withTcbStatus(String value) {
        return new IsvTcbLevel(isvsvn, tcbDate, value, advisoryIds);
    }

    public IsvTcbLevel withIsvsvn(int value) {
        return new IsvTcbLevel(value, tcbDate, tcbStatus, advisoryIds);
    }

    public IsvTcbLevel withTcbDate(Instant value) {
        return new IsvTcbLevel(isvsvn, value, tcbStatus, advisoryIds);
    }

    public IsvTcbLevel withAdvisoryIds(List<String> value) {
        return new IsvTcbLevel(isvsvn, tcbDate, tcbStatus, value);
    }

    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tcb", Map.of("isvsvn", isvsvn));
        m.put("tcbDate", TcbLevel.date(tcbDate));
        m.put("tcbStatus", tcbStatus);
        if (advisoryIds != null) {
            m.put("advisoryIDs", advisoryIds);
        }
        return m;
    }
}
