package org.aiverse.contracts.policy;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.aiverse.contracts.Checks;
import org.aiverse.contracts.WireValue;

/** Outcome of one policy check (DESIGN §4): {@code ok|blocked|not_applicable}. */
public enum CheckResult implements WireValue {
    OK("ok"),
    BLOCKED("blocked"),
    NOT_APPLICABLE("not_applicable");

    private final String wire;

    CheckResult(String wire) {
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
     * @throws org.aiverse.contracts.ValidationException naming {@code result} when the value is unknown
     */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static CheckResult fromWire(String value) {
        return Checks.fromWire(values(), value, "result");
    }
}
