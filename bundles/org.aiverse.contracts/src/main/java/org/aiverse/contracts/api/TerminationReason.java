package org.aiverse.contracts.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.aiverse.contracts.Checks;
import org.aiverse.contracts.WireValue;

/** Why a session is terminated (seed 5.3 {@code user_request|policy_violation|timeout|error}; {@code emergency_stop} of seed 7.3). */
public enum TerminationReason implements WireValue {
    USER_REQUEST("user_request"),
    POLICY_VIOLATION("policy_violation"),
    TIMEOUT("timeout"),
    ERROR("error"),
    EMERGENCY_STOP("emergency_stop");

    private final String wire;

    TerminationReason(String wire) {
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
     * @throws org.aiverse.contracts.ValidationException naming {@code reason} when the value is unknown
     */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static TerminationReason fromWire(String value) {
        return Checks.fromWire(values(), value, "reason");
    }
}
