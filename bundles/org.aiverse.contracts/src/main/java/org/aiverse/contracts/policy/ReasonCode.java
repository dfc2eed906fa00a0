package org.aiverse.contracts.policy;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.aiverse.contracts.Checks;
import org.aiverse.contracts.WireValue;

/** Policy reason codes (seed 4.6.1, Frozen): why a policy decision allowed or blocked an intent. */
public enum ReasonCode implements WireValue {
    OK("ok"),
    BLOCKED_BUDGET("blocked_budget"),
    BLOCKED_SCOPE("blocked_scope"),
    RESTRICTED_ACTION("restricted_action"),
    RATE_LIMITED("rate_limited"),
    AUTONOMY_VIOLATION("autonomy_violation"),
    PRIVACY_VIOLATION("privacy_violation"),
    ETHICS_VIOLATION("ethics_violation"),
    COOLDOWN("cooldown"),
    REQUIRES_USER_APPROVAL("requires_user_approval");

    private final String wire;

    ReasonCode(String wire) {
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
     * @throws org.aiverse.contracts.ValidationException naming {@code reason_code} when the value is unknown
     */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static ReasonCode fromWire(String value) {
        return Checks.fromWire(values(), value, "reason_code");
    }

    /** Returns whether this code allows the intent (only {@link #OK} does). */
    public boolean allows() {
        return this == OK;
    }
}
