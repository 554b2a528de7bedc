package dev.rats.refvalues.io;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamContext;

/**
 * Field paths as printed in errors: {@code snp.measurements[1].value}; the empty string is the
 * whole document.
 */
public final class FieldPath {

    private FieldPath() {
    }

    /** The path of field {@code name} inside the object at {@code parent}. */
    public static String field(String parent, String name) {
        return parent.isEmpty() ? name : parent + "." + name;
    }

    /** The path of element {@code index} of the list at {@code parent}. */
    public static String index(String parent, int index) {
        return parent + "[" + index + "]";
    }

    /** The enclosing path, or {@code null} for the whole document. */
    static String parent(String path) {
        if (path.isEmpty()) {
            return null;
        }
        int cut = path.endsWith("]") ? path.lastIndexOf('[') : path.lastIndexOf('.');
        return cut <= 0 ? "" : path.substring(0, cut);
    }

    /** The path of the parser's current position. */
    static String of(TokenStreamContext context) {
        List<Object> segments = new ArrayList<>();
        for (TokenStreamContext c = context; c != null; c = c.getParent()) {
            if (c.inObject() && c.currentName() != null) {
                segments.add(c.currentName());
            } else if (c.inArray() && c.getCurrentIndex() >= 0) {
                segments.add(c.getCurrentIndex());
            }
        }
        Collections.reverse(segments);
        return format(segments);
    }

    /** The path of a binding error. */
    static String of(List<JacksonException.Reference> references) {
        List<Object> segments = new ArrayList<>();
        for (JacksonException.Reference reference : references) {
            if (reference.getPropertyName() != null) {
                segments.add(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                segments.add(reference.getIndex());
            }
        }
        return format(segments);
    }

    private static String format(List<Object> segments) {
        String path = "";
        for (Object segment : segments) {
            path = segment instanceof Integer i ? index(path, i) : field(path, (String) segment);
        }
        return path;
    }
}
