package org.aiverse.contracts.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.aiverse.contracts.Checks;
import org.aiverse.contracts.WireValue;

/** API error codes with their HTTP status (seed 5.8, 5.6, Frozen). */
public enum ErrorCode implements WireValue {
    VALIDATION_ERROR("validation_error", 400),
    INVALID_TOKEN("invalid_token", 401),
    TOKEN_EXPIRED("token_expired", 401),
    INVALID_SIGNATURE("invalid_signature", 401),
    BLOCKED_SCOPE("blocked_scope", 403),
    ORIGIN_MISMATCH("origin_mismatch", 403),
    REVOKED("revoked", 403),
    NOT_FOUND("not_found", 404),
    CONFLICT("conflict", 409),
    RATE_LIMITED("rate_limited", 429),
    CLIENT_CLOSED("client_closed", 499),
    SERVER_ERROR("server_error", 500);

    private final String wire;
    private final int httpStatus;

    ErrorCode(String wire, int httpStatus) {
        this.wire = wire;
        this.httpStatus = httpStatus;
    }

    @Override
    @JsonValue
    public String wire() {
        return wire;
    }

    /**
     * Parses the seed's wire string.
     *
     * @throws org.aiverse.contracts.ValidationException naming {@code code} when the value is unknown
     */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static ErrorCode fromWire(String value) {
        return Checks.fromWire(values(), value, "code");
    }

    /** Returns the HTTP status this code is sent with. */
    public int httpStatus() {
        return httpStatus;
    }
}
