package org.aiverse.contracts.adapter;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.aiverse.contracts.Checks;
import org.aiverse.contracts.WireValue;

/** Kind of bridge or adapter service (seed 5.7 {@code adapter|world}; DESIGN §6 adds {@code headset}). */
public enum AdapterKind implements WireValue {
    ADAPTER("adapter"),
    WORLD("world"),
    HEADSET("headset");

    private final String wire;

    AdapterKind(String wire) {
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
     * @throws org.aiverse.contracts.ValidationException naming {@code kind} when the value is unknown
     */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static AdapterKind fromWire(String value) {
        return Checks.fromWire(values(), value, "kind");
    }
}
