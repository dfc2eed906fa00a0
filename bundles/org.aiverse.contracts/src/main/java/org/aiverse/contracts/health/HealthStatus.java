package org.aiverse.contracts.health;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.aiverse.contracts.Checks;
import org.aiverse.contracts.WireValue;

/** Status of a platform component in a health report: {@code up|down|degraded}. */
public enum HealthStatus implements WireValue {
    UP("up"),
    DOWN("down"),
    DEGRADED("degraded");

    private final String wire;

    HealthStatus(String wire) {
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
     * @throws org.aiverse.contracts.ValidationException naming {@code status} when the value is unknown
     */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static HealthStatus fromWire(String value) {
        return Checks.fromWire(values(), value, "status");
    }
}
