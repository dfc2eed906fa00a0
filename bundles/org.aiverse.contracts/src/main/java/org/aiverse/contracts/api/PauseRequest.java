package org.aiverse.contracts.api;

import org.aiverse.contracts.Checks;

/**
 * Body of {@code POST /api/v1/sessions/{id}/pause} (seed 5.3, Frozen: {@code {}}; the optional reason is the
 * {@code onPause(session_id, reason?)} hook argument of seed 3.4).
 *
 * @param reason why the session is paused; optional
 */
public record PauseRequest(String reason) {

    /** Validates. */
    public PauseRequest {
        Checks.optionalNonBlank(reason, "reason");
    }
}
