package org.aiverse.contracts;

import java.util.Objects;

/**
 * Bad input: a contract value that violates the seed's data contracts (sections 3.3, 4.x, 5.x), or JSON that
 * cannot be read into one. Maps to {@code 400 validation_error} (seed 5.8, DESIGN §2).
 *
 * <p>{@link #field()} is the JSON path of the offending value, using the wire (snake_case) names, e.g.
 * {@code intent.confidence} or {@code filters.tags[2]}; {@code $} stands for the whole document. {@link #reason()}
 * says what is wrong in plain words; {@link #getMessage()} is {@code field: reason}.
 */
public class ValidationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The path that stands for the whole document or request body. */
    public static final String ROOT = "$";

    private final String field;
    private final String reason;

    /**
     * Creates the exception.
     *
     * @param field JSON path of the offending value ({@code $} or empty for the whole document)
     * @param reason what is wrong, in plain words
     */
    public ValidationException(String field, String reason) {
        super(format(field, reason), null, false, false);
        this.field = field == null || field.isEmpty() ? ROOT : field;
        this.reason = Objects.requireNonNullElse(reason, "is invalid");
    }

    /** Returns the JSON path of the offending value, {@code $} for the whole document. */
    public String field() {
        return field;
    }

    /** Returns what is wrong, in plain words, without the field. */
    public String reason() {
        return reason;
    }

    /**
     * Returns this problem seen from an enclosing object: {@code withPrefix("intent")} turns field
     * {@code confidence} into {@code intent.confidence} and {@code [2]} into {@code intent[2]}.
     *
     * @param path JSON path of the enclosing object; {@code $} or empty leaves the field unchanged
     * @return a new exception with the prefixed field
     */
    public ValidationException withPrefix(String path) {
        if (path == null || path.isEmpty() || ROOT.equals(path)) {
            return this;
        }
        if (ROOT.equals(field)) {
            return new ValidationException(path, reason);
        }
        return new ValidationException(field.startsWith("[") ? path + field : path + "." + field, reason);
    }

    private static String format(String field, String reason) {
        String f = field == null || field.isEmpty() ? ROOT : field;
        return f + ": " + Objects.requireNonNullElse(reason, "is invalid");
    }
}
