package org.aiverse.contracts.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.aiverse.contracts.Checks;
import org.aiverse.contracts.WireValue;

/** Session mode (seed 5.1 context, 5.3 start): {@code co_experience|proxy|creative}. */
public enum SessionMode implements WireValue {
    CO_EXPERIENCE("co_experience"),
    PROXY("proxy"),
    CREATIVE("creative");

    private final String wire;

    SessionMode(String wire) {
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
     * @throws org.aiverse.contracts.ValidationException naming {@code mode} when the value is unknown
     */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static SessionMode fromWire(String value) {
        return Checks.fromWire(values(), value, "mode");
    }
}
