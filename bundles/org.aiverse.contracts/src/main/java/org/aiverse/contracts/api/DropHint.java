package org.aiverse.contracts.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.aiverse.contracts.Checks;
import org.aiverse.contracts.WireValue;

/** What a sender drops under hard backpressure (seed 5.4). */
public enum DropHint implements WireValue {
    DUPLICATE("duplicate"),
    OLD("old"),
    LOW_PRIORITY("low_priority");

    private final String wire;

    DropHint(String wire) {
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
     * @throws org.aiverse.contracts.ValidationException naming {@code drop_hint} when the value is unknown
     */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static DropHint fromWire(String value) {
        return Checks.fromWire(values(), value, "drop_hint");
    }
}
