package dev.rats.evidence.tdx.collateral;

import dev.rats.evidence.EvidenceException;
import dev.rats.evidence.FailureCode;
import dev.rats.evidence.binary.Bytes;
import java.math.BigInteger;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * A minimal JSON reader for Intel collateral on Jackson's streaming parser: a tree of maps, lists,
 * strings, integers and booleans (no data binding, no re-serialisation; tdx.md §3.2 "never
 * re-serialise"), with typed accessors that fail with {@code TDX_COLLATERAL_MALFORMED} and the JSON
 * path. Duplicate keys, non-integral numbers, nesting deeper than {@link #MAX_DEPTH} and trailing
 * content are rejected. Every Jackson or runtime exception becomes {@code TDX_COLLATERAL_MALFORMED}
 * (totality, DESIGN §15 rule 2).
 */
final class Json {

    /** Intel collateral nests at most 6 levels; anything much deeper is not collateral. */
    static final int MAX_DEPTH = 32;

    static final JsonFactory FACTORY = JsonFactory.builder().build();

    /** Marker for JSON {@code null}. */
    static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    private Json() {
    }

    static EvidenceException malformed(String detail) {
        return new EvidenceException(FailureCode.TDX_COLLATERAL_MALFORMED, detail);
    }

    static EvidenceException malformed(String detail, Throwable cause) {
        return new EvidenceException(FailureCode.TDX_COLLATERAL_MALFORMED, detail, cause);
    }

    /** Parses a whole document that must be a JSON object. */
    static Obj object(byte[] json, String what) throws EvidenceException {
        try (JsonParser p = FACTORY.createParser(ObjectReadContext.empty(), json)) {
            JsonToken t = p.nextToken();
            if (t != JsonToken.START_OBJECT) {
                throw malformed(what + " is not a JSON object");
            }
            Map<String, Object> m = readObject(p, what, 1);
            if (p.nextToken() != null) {
                throw malformed(what + " has content after the JSON object");
            }
            return new Obj(m, what);
        } catch (EvidenceException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            throw malformed(what + " is not well-formed JSON: " + e.getMessage(), e);
        }
    }

    /** Reads the members of an object whose START_OBJECT is the current token. */
    static Map<String, Object> readObject(JsonParser p, String path, int depth) throws EvidenceException {
        if (depth > MAX_DEPTH) {
            throw malformed(path + " nests deeper than " + MAX_DEPTH);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        while (true) {
            JsonToken t = p.nextToken();
            if (t == JsonToken.END_OBJECT) {
                return m;
            }
            if (t != JsonToken.PROPERTY_NAME) {
                throw malformed(path + ": expected a member name");
            }
            String name = p.currentName();
            p.nextToken();
            Object v = readValue(p, path + "." + name, depth);
            if (m.putIfAbsent(name, v) != null) {
                throw malformed(path + " has the key \"" + name + "\" twice");
            }
        }
    }

    private static Object readValue(JsonParser p, String path, int depth) throws EvidenceException {
        JsonToken t = p.currentToken();
        if (t == null) {
            throw malformed(path + ": unexpected end of input");
        }
        return switch (t) {
            case START_OBJECT -> readObject(p, path, depth + 1);
            case START_ARRAY -> {
                if (depth + 1 > MAX_DEPTH) {
                    throw malformed(path + " nests deeper than " + MAX_DEPTH);
                }
                List<Object> l = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    l.add(readValue(p, path + "[" + l.size() + "]", depth + 1));
                }
                yield l;
            }
            case VALUE_STRING -> p.getString();
            case VALUE_NUMBER_INT -> p.getBigIntegerValue();
            case VALUE_NUMBER_FLOAT -> throw malformed(path + " is a fractional number");
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> NULL;
            default -> throw malformed(path + ": unexpected token " + t);
        };
    }

    /** A JSON object with typed, path-reporting accessors. */
    record Obj(Map<String, Object> members, String path) {

        boolean has(String name) {
            Object v = members.get(name);
            return v != null && v != NULL;
        }

        private Object required(String name) throws EvidenceException {
            Object v = members.get(name);
            if (v == null || v == NULL) {
                throw malformed(path + " lacks \"" + name + "\"");
            }
            return v;
        }

        String string(String name) throws EvidenceException {
            if (required(name) instanceof String s) {
                return s;
            }
            throw malformed(path + "." + name + " is not a string");
        }

        Optional<String> optString(String name) throws EvidenceException {
            return has(name) ? Optional.of(string(name)) : Optional.empty();
        }

        /** An integer in [min, max]. */
        long integer(String name, long min, long max) throws EvidenceException {
            if (required(name) instanceof BigInteger b && b.compareTo(BigInteger.valueOf(min)) >= 0
                    && b.compareTo(BigInteger.valueOf(max)) <= 0) {
                return b.longValue();
            }
            throw malformed(path + "." + name + " is not an integer in [" + min + ", " + max + "]");
        }

        int u8(String name) throws EvidenceException {
            return (int) integer(name, 0, 0xFF);
        }

        int u16(String name) throws EvidenceException {
            return (int) integer(name, 0, 0xFFFF);
        }

        /** Hex text (either case) of exactly {@code length} bytes. */
        Bytes hex(String name, int length) throws EvidenceException {
            String s = string(name);
            if (s.length() != 2 * length) {
                throw malformed(path + "." + name + " is not " + length + " bytes of hex");
            }
            try {
                return Bytes.of(HexFormat.of().parseHex(s));
            } catch (IllegalArgumentException e) {
                throw malformed(path + "." + name + " is not hex", e);
            }
        }

        /** An RFC 3339 / ISO-8601 UTC date-time such as {@code 2025-06-19T10:16:03Z}. */
        Instant instant(String name) throws EvidenceException {
            String s = string(name);
            try {
                return Instant.parse(s);
            } catch (DateTimeParseException e) {
                throw malformed(path + "." + name + " is not an ISO-8601 UTC date-time", e);
            }
        }

        Obj object(String name) throws EvidenceException {
            return asObject(required(name), path + "." + name);
        }

        List<Object> array(String name) throws EvidenceException {
            if (required(name) instanceof List<?> l) {
                return Collections.unmodifiableList(l);
            }
            throw malformed(path + "." + name + " is not an array");
        }

        /** An array of objects. */
        List<Obj> objects(String name) throws EvidenceException {
            List<Object> l = array(name);
            List<Obj> out = new ArrayList<>(l.size());
            for (int i = 0; i < l.size(); i++) {
                out.add(asObject(l.get(i), path + "." + name + "[" + i + "]"));
            }
            return out;
        }

        /** An optional array of strings (absent or null → empty). */
        List<String> strings(String name) throws EvidenceException {
            if (!has(name)) {
                return List.of();
            }
            List<Object> l = array(name);
            List<String> out = new ArrayList<>(l.size());
            for (Object o : l) {
                if (!(o instanceof String s)) {
                    throw malformed(path + "." + name + " has a non-string element");
                }
                out.add(s);
            }
            return List.copyOf(out);
        }

        @SuppressWarnings("unchecked")
        static Obj asObject(Object v, String path) throws EvidenceException {
            if (v instanceof Map<?, ?> m) {
                return new Obj((Map<String, Object>) m, path);
            }
            throw malformed(path + " is not an object");
        }
    }
}
