package org.aiverse.contracts.adapter;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.aiverse.contracts.Checks;
import org.aiverse.contracts.WireValue;

/** Avatar kind in the Adapter Manifest (seed 3.3, Frozen). */
public enum AvatarType implements WireValue {
    HOLOGRAM("hologram"),
    HUMANOID("humanoid"),
    HUD("hud");

    private final String wire;

    AvatarType(String wire) {
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
    public static AvatarType fromWire(String value) {
        return Checks.fromWire(values(), value, "type");
    }
}
