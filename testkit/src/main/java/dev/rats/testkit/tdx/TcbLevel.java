package dev.rats.testkit.tdx;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * One platform level of TCB Info v3 for TDX (tdx.md §3.2):
 * {@code {"tcb":{"sgxtcbcomponents":[16],"pcesvn":n,"tdxtcbcomponents":[16]},"tcbDate":…,"tcbStatus":…,}
 * {@code "advisoryIDs":[…]}}.
 * Component lists are written as given (any count, to break the count rule); {@code advisoryIds} null omits
 * the key (as on real UpToDate levels), an empty list writes {@code []}.
 *
 * @param sgxComponents SGX TCB components
 * @param pceSvn PCESVN
 * @param tdxComponents TDX TCB components
 * @param tcbDate tcbDate
 * @param tcbStatus tcbStatus, e.g. "UpToDate", "OutOfDate"
 * @param advisoryIds advisory IDs or null
 */
public record TcbLevel(List<TcbComponent> sgxComponents, int pceSvn, List<TcbComponent> tdxComponents,
        Instant tcbDate, String tcbStatus, List<String> advisoryIds) {

    public TcbLevel {
        sgxComponents = List.copyOf(sgxComponents);
        tdxComponents = List.copyOf(tdxComponents);
        advisoryIds = advisoryIds == null ? null : List.copyOf(advisoryIds);
    }

    /**
     * A level with labelled components ({@link TcbComponent#sgx}, {@link TcbComponent#tdx}); up to 16
     * SVNs each, missing ones 0; advisory IDs omitted when none are given.
     */
    public static TcbLevel of(int[] sgxSvns, int pceSvn, int[] tdxSvns, Instant tcbDate, String tcbStatus,
            String... advisoryIds) {
        int[] sgx = Arrays.copyOf(sgxSvns, PckTcb.COMPONENTS);
        int[] tdx = Arrays.copyOf(tdxSvns, PckTcb.COMPONENTS);
        return new TcbLevel(IntStream.range(0, sgx.length).mapToObj(i -> TcbComponent.sgx(i, sgx[i])).toList(),
                pceSvn, IntStream.range(0, tdx.length).mapToObj(i -> TcbComponent.tdx(i, tdx[i])).toList(),
                tcbDate, tcbStatus, advisoryIds.length == 0 ? null : List.of(advisoryIds));
    }

    public int sgxSvn(int index) {
        return sgxComponents.get(index).svn();
    }

    public int tdxSvn(int index) {
        return tdxComponents.get(index).svn();
    }

    public TcbLevel withSgxSvn(int index, int svn) {
        List<TcbComponent> c = new ArrayList<>(sgxComponents);
        c.set(index, c.get(index).withSvn(svn));
        return new TcbLevel(c, pceSvn, tdxComponents, tcbDate, tcbStatus, advisoryIds);
    }

    public TcbLevel withTdxSvn(int index, int svn) {
        List<TcbComponent> c = new ArrayList<>(tdxComponents);
        c.set(index, c.get(index).withSvn(svn));
        return new TcbLevel(sgxComponents, pceSvn, c, tcbDate, tcbStatus, advisoryIds);
    }

    public TcbLevel withSgxComponents(List<TcbComponent> value) {
        return new TcbLevel(value, pceSvn, tdxComponents, tcbDate, tcbStatus, advisoryIds);
    }

    public TcbLevel withTdxComponents(List<TcbComponent> value) {
        return new TcbLevel(sgxComponents, pceSvn, value, tcbDate, tcbStatus, advisoryIds);
    }

    public TcbLevel withPceSvn(int value) {
        return new TcbLevel(sgxComponents, value, tdxComponents, tcbDate, tcbStatus, advisoryIds);
    }

    public TcbLevel withTcbDate(Instant value) {
        return new TcbLevel(sgxComponents, pceSvn, tdxComponents, value, tcbStatus, advisoryIds);
    }

    public TcbLevel withTcbStatus(String value) {
        return new TcbLevel(sgxComponents, pceSvn, tdxComponents, tcbDate, value, advisoryIds);
    }

    /** Advisory IDs; null omits the key. */
    public TcbLevel withAdvisoryIds(List<String> value) {
        return new TcbLevel(sgxComponents, pceSvn, tdxComponents, tcbDate, tcbStatus, value);
    }

    Map<String, Object> toJson() {
        Map<String, Object> tcb = new LinkedHashMap<>();
        tcb.put("sgxtcbcomponents", sgxComponents.stream().map(TcbComponent::toJson).toList());
        tcb.put("pcesvn", pceSvn);
        tcb.put("tdxtcbcomponents", tdxComponents.stream().map(TcbComponent::toJson).toList());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tcb", tcb);
        m.put("tcbDate", date(tcbDate));
        m.put("tcbStatus", tcbStatus);
        if (advisoryIds != null) {
            m.put("advisoryIDs", advisoryIds);
        }
        return m;
    }

    /** {@code yyyy-MM-ddTHH:mm:ssZ} as in Intel collateral (fractions dropped). */
    static String date(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    }
}
