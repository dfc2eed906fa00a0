package org.aiverse.contracts.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.aiverse.contracts.Checks;
import org.aiverse.contracts.WireValue;

/** Backpressure level of a WS {@code backpressure} frame (seed 5.4), with its gauge value (seed 8.1). */
public enum BackpressureLevel implements WireValue {
    NONE("none", 0),
    SOFT("soft", 1),
    HARD("hard", 2);

    private final String wire;
    private final int gauge;

    BackpressureLevel(String wire, int gauge) {
        this.wire = wire;
        this.gauge = gauge;
    }

    @Override
    @JsonValue
    public String wire() {
        return wire;
    }

    /**
     * Parses the seed's wire string.
     *
     * @throws org.aiverse.contracts.ValidationException naming {@code level} when the value is unknown
     */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static BackpressureLevel fromWire(String value) {
        return Checks.fromWire(values(), value, "level");
    }

    /** Returns the {@code backpressure_level} gauge value of seed 8.1: 0 none, 1 soft, 2 hard. */
    public int gauge() {
        return gauge;
    }
}
