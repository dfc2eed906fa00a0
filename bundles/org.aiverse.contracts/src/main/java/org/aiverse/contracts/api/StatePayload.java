package org.aiverse.contracts.api;

import org.aiverse.contracts.Checks;

/**
 * Payload of a {@code state} frame (seed 5.4, 5.3 notes, 7.3, Frozen).
 *
 * @param state the session's new state, required
 * @param reason why, e.g. {@code emergency_stop}; optional
 */
public record StatePayload(SessionState state, String reason) {

    /** Validates. */
    public StatePayload {
        Checks.requireNonNull(state, "state");
        Checks.optionalNonBlank(reason, "reason");
    }
}
