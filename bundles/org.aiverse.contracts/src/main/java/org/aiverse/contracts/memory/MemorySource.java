package org.aiverse.contracts.memory;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.aiverse.contracts.Checks;
import org.aiverse.contracts.WireValue;

/** Where a Memory Item came from (seed 4.8). */
public enum MemorySource implements WireValue {
    CHAT("chat"),
    SENSOR("sensor"),
    SYSTEM("system"),
    IMPORT("import");

    private final String wire;

    MemorySource(String wire) {
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
    public static MemorySource fromWire(String value) {
        return Checks.fromWire(values(), value, "source");
    }
}
