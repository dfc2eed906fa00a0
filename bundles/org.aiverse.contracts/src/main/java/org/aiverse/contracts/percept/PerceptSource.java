package org.aiverse.contracts.percept;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.aiverse.contracts.Checks;
import org.aiverse.contracts.WireValue;

/** Origin of a Percept (seed 4.5). */
public enum PerceptSource implements WireValue {
    ENGINE("engine"),
    USER("user"),
    NPC("npc"),
    SYSTEM("system");

    private final String wire;

    PerceptSource(String wire) {
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
     * @throws org.aiverse.contracts.ValidationException naming {@code source} when the value is unknown
     */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static PerceptSource fromWire(String value) {
        return Checks.fromWire(values(), value, "source");
    }
}
