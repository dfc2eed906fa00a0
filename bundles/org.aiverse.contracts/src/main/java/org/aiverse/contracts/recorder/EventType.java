package org.aiverse.contracts.recorder;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.aiverse.contracts.Checks;
import org.aiverse.contracts.WireValue;

/** Kind of a Session Event (seed 4.3: {@code intent|action|percept|policy_block|metric}, plus {@code state_change} of seed 3.4/7.3 lifecycle events). */
public enum EventType implements WireValue {
    INTENT("intent"),
    ACTION("action"),
    PERCEPT("percept"),
    POLICY_BLOCK("policy_block"),
    METRIC("metric"),
    STATE_CHANGE("state_change");

    private final String wire;

    EventType(String wire) {
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
    public static EventType fromWire(String value) {
        return Checks.fromWire(values(), value, "type");
    }
}
