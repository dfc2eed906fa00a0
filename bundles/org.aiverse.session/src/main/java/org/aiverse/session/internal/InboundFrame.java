package org.aiverse.session.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import org.aiverse.contracts.Checks;
import org.aiverse.contracts.ValidationException;
import org.aiverse.contracts.api.FrameType;
import org.aiverse.contracts.api.WsFrame;
import org.aiverse.contracts.percept.Percept;
import org.aiverse.json.Json;

/**
 * A frame as a client sends it on {@code /ws/sessions/{id}} (seed 5.4): the envelope checked as {@link WsFrame}
 * checks it, the payload kept as the parser's tokens until the frame's type says what it is.
 *
 * <p>Why not {@link WsFrame}: a percept came in as JSON text, became a map, then a frozen copy of that map, was
 * written back to tokens to be read as a {@link Percept}, whose constructor copied its payload once more. At 1,000
 * sessions × 10 percepts a second that was about a sixth of the platform's CPU (JFR, 2026-12-06), most of the work
 * of taking a frame in, and every frame takes it, the ones shed under overload too. From the tokens a percept is
 * read once ({@link #payloadAs}); the other frame types read their small payload as a map ({@link #map}).
 */
record InboundFrame(FrameType type, long seq, long ts, TokenBuffer payload) {

    /** Reads one member's value where it stands; the members after it are not trailing content. */
    private static final ObjectReader MEMBER =
            Json.mapper().readerFor(Object.class).without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** Checks the envelope as {@link WsFrame} does; the payload must be a JSON object when present. */
    InboundFrame {
        Checks.requireNonNull(type, "type");
        Checks.requireRange(seq, 1L, Long.MAX_VALUE, "seq");
        Checks.requireNonNegative(ts, "ts");
        if (payload != null && payload.firstToken() == JsonToken.VALUE_NULL) {
            payload = null; // as WsFrame: a null payload is an empty one
        }
        if (payload != null && payload.firstToken() != JsonToken.START_OBJECT) {
            throw new ValidationException("payload", "must be a JSON object");
        }
    }

    /**
     * Reads the payload as a value of {@code type}, with the checks of {@link Json#read(String, Class)}.
     *
     * @throws ValidationException naming the field from the frame ({@code payload.id})
     */
    <T> T payloadAs(Class<T> type) {
        try {
            return payload == null ? Json.convert(Map.of(), type) : Json.read(payload, type);
        } catch (ValidationException e) {
            throw e.withPrefix("payload");
        }
    }

    /** The payload as a map of plain values, empty when absent. */
    @SuppressWarnings("unchecked")
    Map<String, Object> map() {
        return payload == null ? Map.of() : payloadAs(Map.class);
    }

    /** The payload's top-level member {@code name} as a plain value, or null when it is absent (see {@link #members}). */
    Object member(String name) {
        return members(name)[0];
    }

    /**
     * The payload's top-level members {@code names} as plain values (map, list, string, number, boolean), each null
     * when absent, in the order named: one pass over the tokens, the other members skipped without building them.
     */
    Object[] members(String... names) {
        Object[] values = new Object[names.length];
        if (payload == null) {
            return values;
        }
        try (JsonParser p = payload.asParser(Json.mapper())) {
            p.nextToken(); // START_OBJECT, checked by the constructor
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                int i = Arrays.asList(names).indexOf(field);
                if (i >= 0) {
                    values[i] = read(p, field);
                } else {
                    p.skipChildren();
                }
            }
            return values;
        } catch (IOException e) {
            throw Json.translate(e).withPrefix("payload");
        }
    }

    private static Object read(JsonParser p, String field) {
        try {
            return MEMBER.readValue(p);
        } catch (IOException e) {
            throw Json.translate(e).withPrefix("payload." + field);
        }
    }
}
