package org.aiverse.contracts.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.aiverse.contracts.Checks;
import org.aiverse.contracts.WireValue;

/** Session lifecycle states (seed 5.3, Frozen). */
public enum SessionState implements WireValue {
    CREATING("creating"),
    RUNNING("running"),
    PAUSED("paused"),
    TERMINATING("terminating"),
    TERMINATED("terminated"),
    ERROR("error");

    private final String wire;

    SessionState(String wire) {
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
     * @throws org.aiverse.contracts.ValidationException naming {@code state} when the value is unknown
     */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static SessionState fromWire(String value) {
        return Checks.fromWire(values(), value, "state");
    }

    /** Returns whether the session has ended and accepts no further transitions. */
    public boolean terminal() {
        return this == TERMINATED || this == ERROR;
    }
}
