package org.aiverse.contracts.api;

import org.aiverse.contracts.Checks;

/**
 * The session context of a policy evaluation (seed 5.1 {@code context}, Frozen).
 *
 * @param sessionId the session ({@code session_id}); optional
 * @param worldId the world ({@code world_id}); optional
 * @param mode the session mode; optional
 */
public record EvaluationContext(String sessionId, String worldId, SessionMode mode) {

    /** Validates. */
    public EvaluationContext {
        Checks.optionalNonBlank(sessionId, "session_id");
        Checks.optionalNonBlank(worldId, "world_id");
    }
}
