package org.aiverse.contracts.recorder;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.aiverse.contracts.Checks;
import org.aiverse.contracts.WireValue;

/** Who caused a Session Event (seed 4.3): {@code ai|user|system|adapter}. */
public enum Actor implements WireValue {
    AI("ai"),
    USER("user"),
    SYSTEM("system"),
    ADAPTER("adapter");

    private final String wire;

    Actor(String wire) {
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
     * @throws org.aiverse.contracts.ValidationException naming {@code actor} when the value is unknown
     */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static Actor fromWire(String value) {
        return Checks.fromWire(values(), value, "actor");
    }
}
