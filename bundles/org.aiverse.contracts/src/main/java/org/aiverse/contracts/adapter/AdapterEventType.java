package org.aiverse.contracts.adapter;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.aiverse.contracts.Checks;
import org.aiverse.contracts.WireValue;

/** Kind of an AdapterEvent (seed 3.3, Frozen): {@code env|system|error}. */
public enum AdapterEventType implements WireValue {
    ENV("env"),
    SYSTEM("system"),
    ERROR("error");

    private final String wire;

    AdapterEventType(String wire) {
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
    public static AdapterEventType fromWire(String value) {
        return Checks.fromWire(values(), value, "type");
    }
}
