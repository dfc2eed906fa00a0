package org.aiverse.contracts.policy;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.aiverse.contracts.Checks;
import org.aiverse.contracts.WireValue;

/** Autonomy level of a personality (seed 4.7, 3.3 manifest): {@code low|medium|high}, ordered low to high. */
public enum Autonomy implements WireValue {
    LOW("low"),
    MEDIUM("medium"),
    HIGH("high");

    private final String wire;

    Autonomy(String wire) {
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
     * @throws org.aiverse.contracts.ValidationException naming {@code autonomy} when the value is unknown
     */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static Autonomy fromWire(String value) {
        return Checks.fromWire(values(), value, "autonomy");
    }

    /** Returns whether this level is at least {@code required}. */
    public boolean atLeast(Autonomy required) {
        return compareTo(required) >= 0;
    }
}
