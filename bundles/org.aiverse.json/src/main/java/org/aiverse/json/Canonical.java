package org.aiverse.json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.aiverse.contracts.ValidationException;
import org.erdtman.jcs.JsonCanonicalizer;

/**
 * RFC 8785 JSON Canonicalization Scheme (JCS): the canonical form hashed by the recorder (seed 3.5, DESIGN §5).
 * Object members are sorted by their UTF-16 code units, numbers are serialized as ECMAScript does (IEEE 754
 * doubles: integers beyond 2^53 lose precision, as RFC 8785 requires), strings use the minimal escapes, and there
 * is no whitespace. Implemented with the RFC author's reference library, embedded in this bundle.
 */
public final class Canonical {

    private Canonical() {}

    /**
     * Returns the canonical UTF-8 form of a value (a record, a map, a list, a scalar), first written with {@link
     * Json}.
     *
     * @throws IllegalArgumentException when the value cannot be written as JSON (e.g. NaN)
     */
    public static byte[] canonicalize(Object value) {
        return canonicalString(value).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Returns the canonical UTF-8 form of JSON text.
     *
     * @throws ValidationException naming {@code $} when the text is not valid JSON
     */
    public static byte[] canonicalize(String json) {
        return canonicalString(json).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Returns the canonical form of a value as a string, first written with {@link Json}.
     *
     * @throws IllegalArgumentException when the value cannot be written as JSON
     */
    public static String canonicalString(Object value) {
        if (value instanceof String s) {
            // A String argument that is meant as a JSON value is written as a JSON string first.
            return canonicalString(s, true);
        }
        return canonicalString(Json.write(value), false);
    }

    /**
     * Returns the canonical form of JSON text as a string.
     *
     * @throws ValidationException naming {@code $} when the text is not valid JSON
     */
    public static String canonicalString(String json) {
        return canonicalString(json, false);
    }

    private static String canonicalString(String text, boolean isValue) {
        String json = isValue ? Json.write(text) : text;
        if (json == null || json.isBlank()) {
            throw new ValidationException(ValidationException.ROOT, "body is empty");
        }
        try {
            return new JsonCanonicalizer(json).getEncodedString();
        } catch (IOException | RuntimeException e) {
            String reason = e.getMessage() == null ? "not valid JSON" : e.getMessage();
            throw new ValidationException(ValidationException.ROOT, "malformed JSON: " + reason);
        }
    }
}
