package org.aiverse.contracts.world;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.aiverse.contracts.Checks;
import org.aiverse.contracts.WireValue;

/** Locomotion mode of a world template (seed 4.10 accessibility). */
public enum Locomotion implements WireValue {
    TELEPORT("teleport"),
    SMOOTH("smooth");

    private final String wire;

    Locomotion(String wire) {
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
     * @throws org.aiverse.contracts.ValidationException naming {@code locomotion} when the value is unknown
     */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static Locomotion fromWire(String value) {
        return Checks.fromWire(values(), value, "locomotion");
    }
}
