package org.aiverse.contracts.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.aiverse.contracts.Checks;
import org.aiverse.contracts.WireValue;

/** Type of a session WebSocket frame (seed 5.4, Frozen). */
public enum FrameType implements WireValue {
    INTENT("intent"),
    EVENT("event"),
    STATE("state"),
    ERROR("error"),
    ACK("ack"),
    HEARTBEAT("heartbeat"),
    BACKPRESSURE("backpressure");

    private final String wire;

    FrameType(String wire) {
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
     * @throws org.aiverse.contracts.ValidationException naming {@code type} when the value is unknown
     */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static FrameType fromWire(String value) {
        return Checks.fromWire(values(), value, "type");
    }

    /** Returns whether frames of this type are never dropped under backpressure (seed 5.4). */
    public boolean critical() {
        return this == STATE || this == ERROR || this == ACK || this == HEARTBEAT;
    }
}
