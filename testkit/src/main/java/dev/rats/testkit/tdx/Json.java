package dev.rats.testkit.tdx;

import java.util.List;
import java.util.Map;

/**
 * A tiny deterministic JSON writer, so the exact bytes of signed collateral are known (tdx.md §3.2:
 * signatures cover the inner object as served). Compact output without whitespace like Intel PCS,
 * or two-space indentation like serde_json's pretty printer (dcap-qvl's collateral files). Values:
 * {@link Map} (insertion order), {@link List}, {@link CharSequence}, {@link Number}, {@link Boolean},
 * null and {@link Raw} (text written verbatim).
 */
public final class Json {

    /** JSON text written verbatim (to inject any malformation). */
    public record Raw(String text) {
    }

    private Json() {
    }

    /** Compact JSON: no whitespace at all. */
    public static String compact(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value, false, 0);
        return sb.toString();
    }

    /** JSON indented by two spaces with {@code ": "} separators and no trailing newline (serde_json pretty). */
    public static String pretty(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value, true, 0);
        return sb.toString();
    }

    /** A JSON string literal with serde_json's escaping: {@code " \ } and control characters. */
    public static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    private static void write(StringBuilder sb, Object v, boolean pretty, int depth) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof Raw raw) {
            sb.append(raw.text());
        } else if (v instanceof CharSequence s) {
            sb.append(quote(s.toString()));
        } else if (v instanceof Number || v instanceof Boolean) {
            sb.append(v);
        } else if (v instanceof Map<?, ?> map) {
            sb.append('{');
            int i = 0;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                sb.append(i++ > 0 ? "," : "");
                newline(sb, pretty, depth + 1);
                sb.append(quote(e.getKey().toString())).append(pretty ? ": " : ":");
                write(sb, e.getValue(), pretty, depth + 1);
            }
            if (!map.isEmpty()) {
                newline(sb, pretty, depth);
            }
            sb.append('}');
        } else if (v instanceof List<?> list) {
            sb.append('[');
            for (int i = 0; i < list.size(); i++) {
                sb.append(i > 0 ? "," : "");
                newline(sb, pretty, depth + 1);
                write(sb, list.get(i), pretty, depth + 1);
            }
            if (!list.isEmpty()) {
                newline(sb, pretty, depth);
            }
            sb.append(']');
        } else {
            throw new IllegalArgumentException("not a JSON value: " + v.getClass());
        }
    }

    private static void newline(StringBuilder sb, boolean pretty, int depth) {
        if (pretty) {
            sb.append('\n').append("  ".repeat(depth));
        }
    }
}
