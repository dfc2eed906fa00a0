package org.aiverse.contracts.adapter;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.aiverse.contracts.Checks;
import org.aiverse.contracts.WireValue;

/** Adapter error codes (seed 3.3, Frozen), carried in {@link ActionResult#error()}. */
public enum AdapterErrorCode implements WireValue {
    POLICY_BLOCK("policy_block"),
    STOPPED("stopped"),
    TIMEOUT("timeout"),
    INVALID_TARGET("invalid_target"),
    NOT_SUPPORTED("not_supported"),
    ENGINE_ERROR("engine_error"),
    RATE_LIMITED("rate_limited"),
    BUSY("busy");

    private final String wire;

    AdapterErrorCode(String wire) {
        this.wire = wire;
    }

    @Override
    @JsonValue
    public String wire() {
        return wire;
    }

    /**
     * Parses the seed's wire string.
     *
     * @throws org.aiverse.contracts.ValidationException naming {@code error} when the value is unknown
     */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static AdapterErrorCode fromWire(String value) {
        return Checks.fromWire(values(), value, "error");
    }
}
