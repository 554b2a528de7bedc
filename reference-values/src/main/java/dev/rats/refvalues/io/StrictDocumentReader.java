package dev.rats.refvalues.io;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.cfg.MapperBuilder;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads YAML or JSON documents into records, strictly: unknown fields, duplicate keys, wrong
 * types (no coercion between strings, numbers and booleans), null or missing primitives,
 * trailing content, empty documents and YAML aliases are all errors. Every error is a
 * {@link DocumentException} naming the source, line, column and field path.
 *
 * <p>Reading makes two passes: a streaming pass records where each field path is
 * ({@link SourceMap}), then Jackson binds the document type, then the {@link Validator} builds
 * the model. Errors from the last two are located through the recorded paths.
 */
public final class StrictDocumentReader {

    private static final ObjectMapper YAML = strict(YAMLMapper.builder());
    private static final ObjectMapper JSON = strict(JsonMapper.builder());
    private static final Set<Class<?>> INTEGERS = Set.of(int.class, long.class, short.class, byte.class,
            Integer.class, Long.class, Short.class, Byte.class, BigInteger.class);
    private static final Set<Class<?>> DECIMALS = Set.of(double.class, float.class, Double.class, Float.class,
            BigDecimal.class);

    private StrictDocumentReader() {
    }

    /**
     * Reads {@code file}, whose extension ({@code .yaml}, {@code .yml}, {@code .json}) gives
     * the format; its path as given names it in errors.
     */
    public static <D, R> Document<R> read(Path file, Class<D> type, Validator<? super D, ? extends R> validator)
            throws DocumentException {
        return read(file, readBytes(file), type, validator);
    }

    /**
     * The bytes of {@code file}, for a caller that checks them (e.g. a signature) before it reads
     * exactly these bytes with {@link #read(Path, byte[], Class, Validator)}.
     */
    public static byte[] readBytes(Path file) throws DocumentException {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new DocumentException(new SourceLocation(file.toString(), 0, 0), "", "file not found", e);
        } catch (IOException e) {
            throw new DocumentException(new SourceLocation(file.toString(), 0, 0), "", "cannot read file: " + e, e);
        }
    }

    /**
     * Reads {@code content}, the bytes of {@code file}, whose extension gives the format; its path
     * as given names it in errors.
     */
    public static <D, R> Document<R> read(Path file, byte[] content, Class<D> type, Validator<? super D, ? extends R> validator)
            throws DocumentException {
        DocumentFormat format = DocumentFormat.of(file);
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(content)).toString();
        } catch (CharacterCodingException e) {
            throw new DocumentException(new SourceLocation(file.toString(), 0, 0), "", "not UTF-8 text", e);
        }
        return read(file.toString(), text, format, type, validator);
    }

    /**
     * Reads {@code content} in {@code format}; {@code source} names it in errors.
     */
    public static <D, R> Document<R> read(String source, String content, DocumentFormat format, Class<D> type,
            Validator<? super D, ? extends R> validator) throws DocumentException {
        ObjectMapper mapper = format == DocumentFormat.YAML ? YAML : JSON;
        String text = content.startsWith("\uFEFF") ? content.substring(1) : content;
        SourceMap sourceMap;
        // The scan reports duplicate keys itself, with their path.
        try (JsonParser parser = mapper.reader().without(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .createParser(text)) {
            sourceMap = SourceMap.scan(parser, source, format);
        }
        D document;
        try {
            document = mapper.readValue(text, type);
        } catch (JacksonException e) {
            String path = FieldPath.of(e.getPath());
            throw new DocumentException(sourceMap.locate(path), path, describe(e, sourceMap.token(path), path), e);
        }
        try {
            return new Document<>(validator.validate(document), sourceMap);
        } catch (DocumentException e) {
            throw e.locatedAt(sourceMap.locate(e.path()));
        }
    }

    /**
     * The string value of the top-level field {@code field} of {@code file}, e.g. a policy's
     * {@code platform}, to choose the type to read the document as. Never fails: an unreadable
     * document, a missing field or a non-string value give an empty result, and reading the
     * document with {@link #read} then reports the error properly.
     */
    public static Optional<String> peekTopLevelText(Path file, String field) {
        try {
            ObjectMapper mapper = DocumentFormat.of(file) == DocumentFormat.YAML ? YAML : JSON;
            String text = Files.readString(file);
            tools.jackson.databind.JsonNode value = mapper.readTree(text.startsWith("\uFEFF") ? text.substring(1) : text)
                    .get(field);
            return value != null && value.isString() ? Optional.of(value.asString()) : Optional.empty();
        } catch (DocumentException | IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String describe(JacksonException e, Optional<JsonToken> token, String path) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            return unknown.getKnownPropertyIds().stream().map(String::valueOf)
                    .collect(Collectors.joining(", ", "unknown field (allowed: ", ")"));
        }
        if (token.isEmpty() && !path.isEmpty()) {
            return "required field is missing";
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null && token.isPresent()) {
            Class<?> target = mismatch.getTargetType();
            JsonToken actual = token.get();
            String hint = target == String.class && actual.isScalarValue() && actual != JsonToken.VALUE_NULL
                    ? " (quote it to make it a string)" : "";
            return "expected " + expected(target) + ", got " + actual(actual, mismatch) + hint;
        }
        return String.valueOf(e.getOriginalMessage());
    }

    private static String expected(Class<?> type) {
        if (type == String.class) {
            return "a string";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "a boolean";
        }
        if (INTEGERS.contains(type)) {
            return "an integer";
        }
        if (DECIMALS.contains(type)) {
            return "a number";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "an object";
        }
        return "a value of type " + type.getSimpleName();
    }

    private static String actual(JsonToken token, MismatchedInputException e) {
        return switch (token) {
            case VALUE_STRING -> e instanceof InvalidFormatException f && f.getValue() instanceof String s
                    ? "'" + s + "'" : "a string";
            case VALUE_NUMBER_INT -> "an integer";
            case VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            case START_OBJECT -> "an object";
            case START_ARRAY -> "a list";
            default -> token.name();
        };
    }

    private static <M extends ObjectMapper, B extends MapperBuilder<M, B>> M strict(B builder) {
        return builder
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
                        DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES,
                        DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT,
                        DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY,
                        DeserializationFeature.ACCEPT_EMPTY_STRING_AS_NULL_OBJECT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .withCoercionConfig(LogicalType.Textual, config -> config
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Enum, config -> config
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail))
                .build();
    }
}
