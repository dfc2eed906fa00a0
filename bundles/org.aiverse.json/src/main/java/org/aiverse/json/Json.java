package org.aiverse.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.aiverse.contracts.ValidationException;

/**
 * The one JSON mapping of AI-Verse (DESIGN §2): every bundle reads and writes contract records through it.
 *
 * <p>Configuration: snake_case property names (explicit {@code @JsonProperty} names such as the consent token's
 * {@code sessionId} are kept), unknown fields ignored (seed 4.11), absent optional fields not written (JSON
 * {@code null} values inside free-form maps are kept), strict types (no string-to-number, number-to-string,
 * number-to-boolean or float-to-int coercion; {@code null} or absence for a required primitive is an error),
 * integers of free-form maps read as {@code long}, exact {@link BigDecimal} for {@code BigDecimal} targets,
 * duplicate keys and trailing content rejected, Java records supported.
 *
 * <p>Every failure while reading becomes a {@link ValidationException} whose {@link ValidationException#field()}
 * is the JSON path of the problem ({@code intent.confidence}, {@code filters.tags[2]}; {@code $} for the whole
 * document) and whose reason says in plain words what is wrong. Messages never contain class names or stack
 * traces.
 */
public final class Json {

    private static final ObjectMapper MAPPER = createMapper();

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    /*
     * Resolved types, kept: constructing a type from a Class or a TypeReference goes through Jackson's shared type
     * cache on every call, 2.5% of the platform's CPU at 1,000 sessions (every frame is read, converted and
     * recorded through here). A JavaType is immutable and belongs to the mapper that made it, which lives as long.
     */
    private static final JavaType MAP_TYPE = MAPPER.constructType(MAP);

    private static final ClassValue<JavaType> TYPES = new ClassValue<>() {
        @Override
        protected JavaType computeValue(Class<?> type) {
            return MAPPER.constructType(type);
        }
    };

    private static final Pattern SOURCE_REF = Pattern.compile("\\s*\\(?(?:start marker at )?\\[Source:[^\\]]*\\]\\)?");

    private Json() {}

    /**
     * Returns the configured mapper for advanced use (trees, streaming). Do not reconfigure it: it is shared.
     *
     * @return the shared mapper
     */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * Reads JSON text into a value.
     *
     * @throws ValidationException naming the offending field when the text is malformed, empty or does not fit
     *     the type
     */
    public static <T> T read(String json, Class<T> type) {
        if (json == null) {
            throw new ValidationException(ValidationException.ROOT, "body is empty");
        }
        return readParsed(() -> MAPPER.createParser(json), TYPES.get(type));
    }

    /**
     * Reads UTF-8 (or UTF-16/32 with BOM) JSON bytes into a value.
     *
     * @throws ValidationException naming the offending field
     */
    public static <T> T read(byte[] json, Class<T> type) {
        if (json == null) {
            throw new ValidationException(ValidationException.ROOT, "body is empty");
        }
        return readParsed(() -> MAPPER.createParser(json), TYPES.get(type));
    }

    /**
     * Reads a JSON stream into a value; the stream is not closed.
     *
     * @throws ValidationException naming the offending field
     */
    public static <T> T read(InputStream json, Class<T> type) {
        if (json == null) {
            throw new ValidationException(ValidationException.ROOT, "body is empty");
        }
        return readParsed(() -> MAPPER.createParser(json), TYPES.get(type));
    }

    /**
     * Reads a value from JSON that was already tokenized: a {@link TokenBuffer} a record took for a field whose
     * type it decides on later, such as a stream frame's payload (read as a percept, an ack or a map by the frame's
     * type). The checks and errors are those of {@link #read(String, Class)}, field paths relative to the buffered
     * value; a buffer holding JSON {@code null} is the error "must not be null".
     *
     * @throws ValidationException naming the offending field
     */
    public static <T> T read(TokenBuffer json, Class<T> type) {
        if (json == null) {
            throw new ValidationException(ValidationException.ROOT, "is required");
        }
        return readParsed(() -> json.asParser(MAPPER), TYPES.get(type));
    }

    /**
     * Reads JSON text into a generic value, e.g. {@code new TypeReference<List<Intent>>() {}}.
     *
     * @throws ValidationException naming the offending field
     */
    public static <T> T read(String json, TypeReference<T> type) {
        if (json == null) {
            throw new ValidationException(ValidationException.ROOT, "body is empty");
        }
        return readParsed(() -> MAPPER.createParser(json), MAPPER.constructType(type));
    }

    /**
     * Reads JSON bytes into a generic value.
     *
     * @throws ValidationException naming the offending field
     */
    public static <T> T read(byte[] json, TypeReference<T> type) {
        if (json == null) {
            throw new ValidationException(ValidationException.ROOT, "body is empty");
        }
        return readParsed(() -> MAPPER.createParser(json), MAPPER.constructType(type));
    }

    /**
     * Reads a JSON stream into a generic value; the stream is not closed.
     *
     * @throws ValidationException naming the offending field
     */
    public static <T> T read(InputStream json, TypeReference<T> type) {
        if (json == null) {
            throw new ValidationException(ValidationException.ROOT, "body is empty");
        }
        return readParsed(() -> MAPPER.createParser(json), MAPPER.constructType(type));
    }

    /**
     * Reads a JSON stream into a value of a reflected (possibly generic) type, as a JAX-RS message body reader
     * receives it; the stream is not closed.
     *
     * @throws ValidationException naming the offending field
     */
    public static <T> T read(InputStream json, java.lang.reflect.Type type) {
        if (json == null) {
            throw new ValidationException(ValidationException.ROOT, "body is empty");
        }
        return readParsed(() -> MAPPER.createParser(json), MAPPER.constructType(type));
    }

    /**
     * Writes a value as compact JSON text.
     *
     * @throws IllegalArgumentException when the value cannot be represented as JSON
     */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("value cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Writes a value as compact UTF-8 JSON.
     *
     * @throws IllegalArgumentException when the value cannot be represented as JSON
     */
    public static byte[] writeBytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("value cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Converts a value (a record, a map) into its JSON object form as an ordered map of plain values (maps,
     * lists, strings, numbers, booleans, {@code null}).
     *
     * @throws IllegalArgumentException when the value is not a JSON object
     */
    public static Map<String, Object> toMap(Object value) {
        try {
            return MAPPER.convertValue(value, MAP_TYPE);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("value is not a JSON object", e);
        }
    }

    /**
     * Converts a value into another type through its JSON form, with the same checks as reading, e.g. a frame's
     * payload map into {@code AckPayload}.
     *
     * @throws ValidationException naming the offending field, relative to {@code value}
     */
    public static <T> T convert(Object value, Class<T> type) {
        if (value == null) {
            throw new ValidationException(ValidationException.ROOT, "is required");
        }
        try {
            T result = MAPPER.convertValue(value, TYPES.get(type));
            if (result == null) {
                throw new ValidationException(ValidationException.ROOT, "is required");
            }
            return result;
        } catch (IllegalArgumentException e) {
            throw translate(e.getCause() != null ? e.getCause() : e);
        }
    }

    /**
     * Turns any failure of Jackson while reading into a {@link ValidationException} with the field path and a
     * plain reason. Returns a {@code ValidationException} unchanged. Useful for code that uses {@link #mapper()}
     * directly.
     *
     * @return the exception to throw
     */
    public static ValidationException translate(Throwable failure) {
        if (failure instanceof ValidationException ve) {
            return ve;
        }
        String path = failure instanceof JsonMappingException jme ? path(jme.getPath()) : "";
        ValidationException cause = causeOf(failure, ValidationException.class);
        if (cause != null) {
            return fromCreator(failure, path, cause);
        }
        InputCoercionException range = causeOf(failure, InputCoercionException.class);
        if (range != null) {
            String field = path.isEmpty() ? contextPath(range.getProcessor()) : path;
            String target = range.getTargetType() == null ? "this field" : typeName(range.getTargetType());
            return new ValidationException(field, "number is out of range for " + target);
        }
        StreamReadException read = causeOf(failure, StreamReadException.class);
        if (read != null) {
            return fromParse(read);
        }
        if (failure instanceof MismatchedInputException mie) {
            return fromMismatch(mie, path);
        }
        if (failure instanceof JsonMappingException) {
            return new ValidationException(path, "is invalid");
        }
        if (failure instanceof IOException) {
            return new ValidationException(ValidationException.ROOT, "body could not be read");
        }
        return new ValidationException(path, "is invalid");
    }

    private interface ParserSource {
        JsonParser open() throws IOException;
    }

    private static <T> T readParsed(ParserSource source, JavaType type) {
        try (JsonParser p = source.open()) {
            if (p.nextToken() == null) {
                throw new ValidationException(ValidationException.ROOT, "body is empty");
            }
            T result = MAPPER.readValue(p, type);
            if (result == null) {
                throw new ValidationException(ValidationException.ROOT, "must not be null");
            }
            return result;
        } catch (JacksonException e) {
            throw translate(e);
        } catch (IOException e) {
            throw new ValidationException(ValidationException.ROOT, "body could not be read");
        }
    }

    private static ValidationException fromCreator(Throwable failure, String path, ValidationException cause) {
        // A scalar creator (an enum's fromWire, a version string) reports its own generic field name: the path
        // Jackson tracked already ends at the offending value. A record constructor reports a field relative to
        // the object being built: prefix it with that object's path.
        boolean scalar = false;
        if (failure instanceof ValueInstantiationException vie) {
            JavaType type = vie.getType();
            scalar = type != null && (type.isEnumType() || !type.getRawClass().isRecord());
            if (!scalar && vie.getProcessor() instanceof JsonParser p) {
                JsonToken t = p.currentToken();
                scalar = t != null && t.isScalarValue();
            }
        }
        if (scalar && !path.isEmpty()) {
            return new ValidationException(path, cause.reason());
        }
        return cause.withPrefix(path);
    }

    private static ValidationException fromParse(StreamReadException e) {
        String message = plain(e.getOriginalMessage());
        if (message.startsWith("Duplicate field")) {
            String name = message.substring(message.indexOf('\'') + 1, message.lastIndexOf('\''));
            return new ValidationException(contextPath(e.getProcessor()), "duplicate key '" + name + "'");
        }
        JsonLocation loc = e.getLocation();
        String where = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
        return new ValidationException(ValidationException.ROOT, "malformed JSON" + where + ": " + message);
    }

    private static ValidationException fromMismatch(MismatchedInputException e, String path) {
        JsonToken token = e.getProcessor() instanceof JsonParser p ? p.currentToken() : null;
        Class<?> target = e.getTargetType();
        String field = path.isEmpty() ? ValidationException.ROOT : path;
        if (token == null && path.isEmpty()) {
            return new ValidationException(field, "body is empty");
        }
        String original = e.getOriginalMessage();
        if (original != null && original.startsWith("Trailing token")) {
            return new ValidationException(field, "unexpected content after the JSON value");
        }
        if (target != null && target.isPrimitive()) {
            if (token == JsonToken.END_OBJECT) {
                return new ValidationException(field, "is required");
            }
            if (token == JsonToken.VALUE_NULL) {
                return new ValidationException(field, "must not be null");
            }
        }
        if (token == JsonToken.VALUE_NULL) {
            return new ValidationException(field, "must not be null");
        }
        String expected = target == null ? "a different value" : typeName(target);
        String got = token == null ? "nothing" : tokenName(token);
        if (expected.equals(got)) {
            return new ValidationException(field, "is not a valid " + expected);
        }
        return new ValidationException(field, "expected " + expected + ", got " + got);
    }

    private static String typeName(Class<?> c) {
        if (c == int.class
                || c == long.class
                || c == short.class
                || c == byte.class
                || c == Integer.class
                || c == Long.class
                || c == Short.class
                || c == Byte.class
                || c == BigInteger.class) {
            return "integer";
        }
        if (c == double.class || c == float.class || Number.class.isAssignableFrom(c)) {
            return "number";
        }
        if (c == boolean.class || c == Boolean.class) {
            return "boolean";
        }
        if (c == String.class || c == char.class || c == Character.class || c.isEnum()) {
            return "string";
        }
        if (c.isArray() || Collection.class.isAssignableFrom(c)) {
            return "array";
        }
        return "object";
    }

    private static String tokenName(JsonToken t) {
        switch (t) {
            case VALUE_STRING:
                return "string";
            case VALUE_NUMBER_INT:
                return "integer";
            case VALUE_NUMBER_FLOAT:
                return "decimal number";
            case VALUE_TRUE:
            case VALUE_FALSE:
                return "boolean";
            case START_OBJECT:
            case END_OBJECT:
            case FIELD_NAME:
                return "object";
            case START_ARRAY:
            case END_ARRAY:
                return "array";
            case VALUE_NULL:
                return "null";
            default:
                return "an unexpected value";
        }
    }

    private static String path(List<JsonMappingException.Reference> refs) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : refs) {
            String name = r.getFieldName();
            if (name != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(name);
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    private static String contextPath(Object processor) {
        if (!(processor instanceof JsonParser p)) {
            return ValidationException.ROOT;
        }
        Deque<String> parts = new ArrayDeque<>();
        for (JsonStreamContext c = p.getParsingContext(); c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) {
                parts.push("[" + Math.max(0, c.getCurrentIndex()) + "]");
            } else if (c.getCurrentName() != null) {
                parts.push(c.getCurrentName());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String part : parts) {
            if (sb.length() > 0 && !part.startsWith("[")) {
                sb.append('.');
            }
            sb.append(part);
        }
        return sb.length() == 0 ? ValidationException.ROOT : sb.toString();
    }

    private static String plain(String message) {
        if (message == null) {
            return "unexpected content";
        }
        String first = message.strip();
        int nl = first.indexOf('\n');
        if (nl >= 0) {
            first = first.substring(0, nl);
        }
        return SOURCE_REF.matcher(first).replaceAll("").strip();
    }

    private static <E extends Throwable> E causeOf(Throwable t, Class<E> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }

    /** Enums are JSON strings: a number is a type error, not an unknown value. */
    private static final class StrictEnums extends BeanDeserializerModifier {

        private static final long serialVersionUID = 1L;

        @Override
        public JsonDeserializer<?> modifyEnumDeserializer(
                DeserializationConfig config, JavaType type, BeanDescription desc, JsonDeserializer<?> deserializer) {
            return new StringOnly(deserializer, type);
        }
    }

    private static final class StringOnly extends DelegatingDeserializer {

        private static final long serialVersionUID = 1L;

        private final JavaType type;

        StringOnly(JsonDeserializer<?> delegate, JavaType type) {
            super(delegate);
            this.type = type;
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> newDelegatee) {
            return new StringOnly(newDelegatee, type);
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                return ctxt.handleUnexpectedToken(type, p);
            }
            return _delegatee.deserialize(p, ctxt);
        }
    }

    private static ObjectMapper createMapper() {
        JsonFactory factory = JsonFactory.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
                .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
                .build();
        JsonMapper mapper = JsonMapper.builder(factory)
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(DeserializationFeature.USE_LONG_FOR_INTS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .addModule(new SimpleModule("aiverse-strict-enums").setDeserializerModifier(new StrictEnums()))
                .defaultPropertyInclusion(
                        JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.ALWAYS))
                .build();
        for (LogicalType t : List.of(LogicalType.Integer, LogicalType.Float, LogicalType.Boolean)) {
            mapper.coercionConfigFor(t)
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        }
        mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Enum)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        return mapper;
    }
}
