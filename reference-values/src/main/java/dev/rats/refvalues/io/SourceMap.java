package dev.rats.refvalues.io;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.dataformat.yaml.YAMLParser;

/**
 * The source location and token of every field path in a document, recorded by a streaming
 * pass that also enforces what data binding cannot see: well-formed syntax, no duplicate keys,
 * exactly one non-null root value and no YAML aliases.
 */
final class SourceMap {

    /** snakeyaml-engine marks in its messages; the last one is where the problem is. */
    private static final Pattern YAML_MARK = Pattern.compile("line (\\d+), column (\\d+):");

    private record Node(SourceLocation location, JsonToken token) {
    }

    private final String source;
    private final Map<String, Node> nodes;

    private SourceMap(String source, Map<String, Node> nodes) {
        this.source = source;
        this.nodes = nodes;
    }

    /**
     * Reads all of {@code parser}. An object member is located at its key, a list element at
     * its first token.
     */
    static SourceMap scan(JsonParser parser, String source, DocumentFormat format) throws DocumentException {
        Map<String, Node> nodes = new HashMap<>();
        try {
            JsonToken token = parser.nextToken();
            if (token == null || token == JsonToken.VALUE_NULL) {
                throw error(new SourceLocation(source, 1, 1), "", "empty document");
            }
            int depth = 0;
            do {
                SourceLocation location = location(source, parser.currentTokenLocation());
                switch (token) {
                    case PROPERTY_NAME -> {
                        String path = FieldPath.of(parser.streamReadContext());
                        if (nodes.putIfAbsent(path, new Node(location, token)) != null) {
                            throw error(location, path, "duplicate field");
                        }
                    }
                    case START_OBJECT, START_ARRAY -> {
                        depth++;
                        recordValue(nodes, FieldPath.of(parser.streamReadContext().getParent()), location, token);
                    }
                    case END_OBJECT, END_ARRAY -> depth--;
                    default -> {
                        String path = FieldPath.of(parser.streamReadContext());
                        if (parser instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
                            throw error(location, path, "YAML aliases are not supported");
                        }
                        recordValue(nodes, path, location, token);
                    }
                }
            } while (depth > 0 && (token = parser.nextToken()) != null);
            if (parser.nextToken() != null) {
                throw error(location(source, parser.currentTokenLocation()), "",
                        "unexpected content after the end of the document");
            }
        } catch (JacksonException e) {
            throw syntaxError(e, parser, source, format);
        }
        return new SourceMap(source, nodes);
    }

    String source() {
        return source;
    }

    /** The location of {@code path}, or of its closest enclosing path that is present. */
    SourceLocation locate(String path) {
        for (String p = path; p != null; p = FieldPath.parent(p)) {
            Node node = nodes.get(p);
            if (node != null) {
                return node.location();
            }
        }
        throw new IllegalStateException("no root node recorded");
    }

    /** The value token at exactly {@code path}, if the document has that field. */
    Optional<JsonToken> token(String path) {
        return Optional.ofNullable(nodes.get(path)).map(Node::token);
    }

    private static void recordValue(Map<String, Node> nodes, String path, SourceLocation location, JsonToken token) {
        Node key = nodes.get(path);
        nodes.put(path, new Node(key != null ? key.location() : location, token));
    }

    private static DocumentException syntaxError(JacksonException e, JsonParser parser, String source,
            DocumentFormat format) {
        String message = String.valueOf(e.getOriginalMessage());
        TokenStreamLocation where = e.getLocation() != null ? e.getLocation() : parser.currentLocation();
        SourceLocation location = location(source, where);
        String detail = message.lines().findFirst().orElse("");
        if (format == DocumentFormat.YAML) {
            Matcher mark = YAML_MARK.matcher(message);
            while (mark.find()) {
                location = new SourceLocation(source, Integer.parseInt(mark.group(1)), Integer.parseInt(mark.group(2)));
            }
            // Keep snakeyaml's context and problem lines; drop its marks and source excerpts.
            detail = message.lines()
                    .filter(line -> !line.isBlank() && !Character.isWhitespace(line.charAt(0)))
                    .collect(Collectors.joining(": "));
        }
        return new DocumentException(location, "", "invalid " + format + ": " + detail, e);
    }

    private static SourceLocation location(String source, TokenStreamLocation location) {
        return new SourceLocation(source, Math.max(0, location.getLineNr()), Math.max(0, location.getColumnNr()));
    }

    private static DocumentException error(SourceLocation location, String path, String detail) {
        return new DocumentException(location, path, detail, null);
    }
}
