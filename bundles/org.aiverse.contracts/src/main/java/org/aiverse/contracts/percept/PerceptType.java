package org.aiverse.contracts.percept;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.aiverse.contracts.Checks;
import org.aiverse.contracts.WireValue;

/** Kind of a Percept (seed 4.5). */
public enum PerceptType implements WireValue {
    CHAT("chat"),
    PROXIMITY("proximity"),
    WORLD_STATE("world_state"),
    GESTURE("gesture"),
    AUDIO("audio"),
    SYSTEM("system");

    private final String wire;

    PerceptType(String wire) {
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
    public static PerceptType fromWire(String value) {
        return Checks.fromWire(values(), value, "type");
    }
}
