package dev.rats.app.contract;

import com.networknt.schema.Error;
import com.networknt.schema.ExecutionContext;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.BasicDialectRegistry;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.format.Format;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Checks HTTP requests and responses against the OpenAPI 3.1 contract (openapi.yaml): the status is
 * declared for the operation, the content type is declared for that status, and the body validates
 * against the declared schema. Schemas are JSON Schema 2020-12 (the OpenAPI 3.1 base dialect),
 * validated with networknt json-schema-validator against the contract document itself, so
 * {@code $ref}s such as {@code #/components/schemas/Challenge} resolve within it. Formats are
 * asserted, including OpenAPI's {@code byte} (standard base64).
 */
public final class OpenApiContract {

    /** A made-up IRI under which the contract is registered; nothing is fetched from it. */
    static final String DOCUMENT_IRI = "https://contract.rats-verifier.test/openapi.json";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern BASE64 = Pattern.compile("^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$");

    private final JsonNode document;
    private final SchemaRegistry registry;
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

    private OpenApiContract(JsonNode document) {
        this.document = document;
        Dialect dialect = Dialect.builder(Dialects.getOpenApi31()).format(new Base64Format()).build();
        SchemaRegistryConfig config = SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build();
        String text = JSON.writeValueAsString(document);
        this.registry = SchemaRegistry.builder()
                .dialectRegistry(new BasicDialectRegistry(dialect))
                .defaultDialectId(dialect.getId())
                .schemaRegistryConfig(config)
                .schemas(Map.of(DOCUMENT_IRI, text))
                .build();
    }

    /** The contract from YAML text. */
    public static OpenApiContract fromYaml(String yaml) {
        return new OpenApiContract(YAMLMapper.builder().build().readTree(yaml));
    }

    /** The contract as the service serves it: the classpath copy of the repository's openapi.yaml. */
    public static OpenApiContract fromClasspath() {
        return fromYaml(classpathText());
    }

    /** The text of the classpath copy of openapi.yaml ({@code public/openapi.yaml}, served as /openapi.yaml). */
    public static String classpathText() {
        try (InputStream in = OpenApiContract.class.getClassLoader().getResourceAsStream("public/openapi.yaml")) {
            if (in == null) {
                throw new IllegalStateException("public/openapi.yaml is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public JsonNode document() {
        return document;
    }

    /** Every operation of the contract as "METHOD path", e.g. "POST /v1/challenges". */
    public List<String> operations() {
        List<String> ops = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
            for (String method : path.getValue().propertyNames()) {
                if (List.of("get", "put", "post", "delete", "patch", "head", "options", "trace").contains(method)) {
                    ops.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey());
                }
            }
        }
        return ops;
    }

    /** Violations of the contract by a response; empty when it conforms. */
    public List<String> checkResponse(String method, String path, int status, String contentType, String body) {
        String where = method + " " + path + " -> " + status;
        Optional<String> op = operationPointer(method, path);
        if (op.isEmpty()) {
            return List.of(where + ": the contract has no such operation");
        }
        JsonNode responses = document.at(op.get() + "/responses");
        String key = String.valueOf(status);
        if (!responses.has(key)) {
            key = status / 100 + "XX";
        }
        if (!responses.has(key)) {
            key = "default";
        }
        if (!responses.has(key)) {
            return List.of(where + ": status " + status + " is not declared (declared: " + new TreeSet<>(responses.propertyNames()) + ")");
        }
        String response = resolve(op.get() + "/responses/" + escape(key));
        return checkContent(where, response, contentType, body);
    }

    /** Violations of the contract by a request body; empty when it conforms. */
    public List<String> checkRequest(String method, String path, String contentType, String body) {
        String where = method + " " + path + " (request)";
        Optional<String> op = operationPointer(method, path);
        if (op.isEmpty()) {
            return List.of(where + ": the contract has no such operation");
        }
        if (document.at(op.get()).path("requestBody").isMissingNode()) {
            return body == null || body.isEmpty() ? List.of() : List.of(where + ": the operation declares no request body");
        }
        String requestBody = resolve(op.get() + "/requestBody");
        if ((body == null || body.isEmpty()) && document.at(requestBody).path("required").asBoolean(false)) {
            return List.of(where + ": the request body is required");
        }
        return checkContent(where, requestBody, contentType, body);
    }

    /** Throws when {@link #checkResponse} finds violations. */
    public void assertResponse(String method, String path, int status, String contentType, String body) {
        fail(checkResponse(method, path, status, contentType, body), body);
    }

    /** Throws when {@link #checkRequest} finds violations. */
    public void assertRequest(String method, String path, String contentType, String body) {
        fail(checkRequest(method, path, contentType, body), body);
    }

    /** Schema violations of an instance against the schema at a JSON pointer into the contract. */
    public List<String> validate(String schemaPointer, JsonNode instance) {
        Schema schema = schemas.computeIfAbsent(schemaPointer,
                p -> registry.getSchema(SchemaLocation.of(DOCUMENT_IRI + "#" + p)));
        return schema.validate(instance).stream().map(Error::toString).toList();
    }

    /** Schema violations of an instance against {@code #/components/schemas/<name>}. */
    public List<String> validateComponent(String name, JsonNode instance) {
        return validate("/components/schemas/" + escape(name), instance);
    }

    private List<String> checkContent(String where, String pointer, String contentType, String body) {
        JsonNode content = document.at(pointer).path("content");
        if (content.isMissingNode() || content.isEmpty()) {
            return body == null || body.isEmpty() ? List.of() : List.of(where + ": no body is declared, but there is one");
        }
        if (contentType == null || contentType.isBlank()) {
            return List.of(where + ": no Content-Type; declared: " + content.propertyNames());
        }
        String mediaType = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        Optional<String> declared = content.propertyNames().stream().filter(d -> matches(d, mediaType)).findFirst();
        if (declared.isEmpty()) {
            return List.of(where + ": Content-Type " + mediaType + " is not declared; declared: " + content.propertyNames());
        }
        String schemaPointer = pointer + "/content/" + escape(declared.get()) + "/schema";
        if (document.at(schemaPointer).isMissingNode()) {
            return List.of();
        }
        JsonNode instance;
        if (isJson(mediaType)) {
            try {
                instance = JSON.readTree(body == null ? "" : body);
            } catch (JacksonException e) {
                return List.of(where + ": the " + mediaType + " body is not JSON: " + e.getOriginalMessage());
            }
            if (instance == null || instance.isMissingNode()) {
                return List.of(where + ": the " + mediaType + " body is empty");
            }
        } else {
            instance = JsonNodeFactory.instance.stringNode(body == null ? "" : body);
        }
        return validate(schemaPointer, instance).stream().map(e -> where + " [" + declared.get() + "]: " + e).toList();
    }

    private Optional<String> operationPointer(String method, String path) {
        String pointer = "/paths/" + escape(path) + "/" + method.toLowerCase(Locale.ROOT);
        return document.at(pointer).isObject() ? Optional.of(pointer) : Optional.empty();
    }

    /** Follows local {@code $ref}s (e.g. to #/components/responses/...) to the pointer of the object itself. */
    private String resolve(String pointer) {
        String p = pointer;
        for (int hops = 0; hops < 16; hops++) {
            JsonNode ref = document.at(p).path("$ref");
            if (!ref.isString()) {
                return p;
            }
            String target = ref.asString();
            if (!target.startsWith("#")) {
                throw new IllegalStateException("only local $refs are supported: " + target);
            }
            p = target.substring(1);
        }
        throw new IllegalStateException("$ref loop at " + pointer);
    }

    private static boolean matches(String declared, String actual) {
        String d = declared.toLowerCase(Locale.ROOT);
        if (d.equals(actual) || d.equals("*/*")) {
            return true;
        }
        return d.endsWith("/*") && actual.startsWith(d.substring(0, d.length() - 1));
    }

    static boolean isJson(String mediaType) {
        return mediaType.equals("application/json") || mediaType.endsWith("+json");
    }

    static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    private static void fail(List<String> violations, String body) {
        if (!violations.isEmpty()) {
            throw new AssertionError("the contract is violated:\n  " + String.join("\n  ", violations) + "\nbody: "
                    + (body == null ? "" : body.length() > 2000 ? body.substring(0, 2000) + "..." : body));
        }
    }

    /** OpenAPI's {@code format: byte}: standard base64 (RFC 4648 section 4) with padding. */
    static final class Base64Format implements Format {
        @Override
        public String getName() {
            return "byte";
        }

        @Override
        public boolean matches(ExecutionContext executionContext, String value) {
            return BASE64.matcher(value).matches();
        }
    }
}
