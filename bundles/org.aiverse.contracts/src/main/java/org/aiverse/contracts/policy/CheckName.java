package org.aiverse.contracts.policy;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.aiverse.contracts.Checks;
import org.aiverse.contracts.WireValue;

/** The seven policy checks in the frozen evaluation order (seed 4.6.2, DESIGN §4); {@code ordinal()} is the order. */
public enum CheckName implements WireValue {
    RESTRICTED_ACTIONS("restricted_actions"),
    SCOPE("scope"),
    AUTONOMY_LEVEL("autonomy_level"),
    RATE_LIMIT("rate_limit"),
    BUDGET_CAP("budget_cap"),
    PRIVACY("privacy"),
    ETHICS("ethics");

    private final String wire;

    CheckName(String wire) {
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
     * @throws org.aiverse.contracts.ValidationException naming {@code name} when the value is unknown
     */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static CheckName fromWire(String value) {
        return Checks.fromWire(values(), value, "name");
    }
}
