package org.aiverse.contracts.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.aiverse.contracts.Checks;
import org.aiverse.contracts.WireValue;

/** The {@code health} query filter of {@code GET /api/v1/bridges} (seed 5.7): {@code ok|degraded|any}. */
public enum HealthFilter implements WireValue {
    OK("ok"),
    DEGRADED("degraded"),
    ANY("any");

    private final String wire;

    HealthFilter(String wire) {
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
    public static HealthFilter fromWire(String value) {
        return Checks.fromWire(values(), value, "health");
    }
}
