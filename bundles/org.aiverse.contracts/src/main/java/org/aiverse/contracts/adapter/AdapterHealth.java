package org.aiverse.contracts.adapter;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.aiverse.contracts.Checks;
import org.aiverse.contracts.WireValue;

/** Adapter health (seed 3.3 AdapterState, Frozen; also bridge health in seed 5.7): {@code ok|degraded|error}. */
public enum AdapterHealth implements WireValue {
    OK("ok"),
    DEGRADED("degraded"),
    ERROR("error");

    private final String wire;

    AdapterHealth(String wire) {
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
     * @throws org.aiverse.contracts.ValidationException naming {@code health} when the value is unknown
     */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static AdapterHealth fromWire(String value) {
        return Checks.fromWire(values(), value, "health");
    }
}
