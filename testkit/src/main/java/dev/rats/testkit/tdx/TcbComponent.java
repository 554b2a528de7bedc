package dev.rats.testkit.tdx;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One entry of {@code sgxtcbcomponents} / {@code tdxtcbcomponents} in TCB Info v3 (tdx.md §3.2):
 * {@code {"svn":n,"category":…,"type":…}}, category and type omitted when null. {@link #sgx} and
 * {@link #tdx} label the components as Intel's real TDX TCB Info does.
 *
 * @param svn the SVN
 * @param category e.g. "BIOS", "OS/VMM", or null
 * @param type e.g. "TDX Module", or null
 */
public record TcbComponent(int svn, String category, String type) {

    /** A component without category and type ({@code {"svn":n}}). */
    public static TcbComponent of(int svn) {
        return new TcbComponent(svn, null, null);
    }

    /** SGX component {@code index} labelled as in the real TDX TCB Info (indexes 0–5 and 7 are labelled). */
    public static TcbComponent sgx(int index, int svn) {
        return switch (index) {
            case 0 -> new TcbComponent(svn, "BIOS", "Early Microcode Update");
            case 1 -> new TcbComponent(svn, "OS/VMM", "SGX Late Microcode Update");
            case 2 -> new TcbComponent(svn, "OS/VMM", "TXT SINIT");
            case 3, 4, 5 -> new TcbComponent(svn, "BIOS", null);
            case 7 -> new TcbComponent(svn, "OS/VMM", "SEAMLDR ACM");
            default -> of(svn);
        };
    }

    /** TDX component {@code index} labelled as in the real TDX TCB Info (0 and 1 "TDX Module", 2 late microcode). */
    public static TcbComponent tdx(int index, int svn) {
        return switch (index) {
            case 0, 1 -> new TcbComponent(svn, "OS/VMM", "TDX Module");
            case 2 -> new TcbComponent(svn, "OS/VMM", "TDX Late Microcode Update");
            default -> of(svn);
        };
    }

    public TcbComponent withSvn(int value) {
        return new TcbComponent(value, category, type);
    }

    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("svn", svn);
        if (category != null) {
            m.put("category", category);
        }
        if (type != null) {
            m.put("type", type);
        }
        return m;
    }
}
