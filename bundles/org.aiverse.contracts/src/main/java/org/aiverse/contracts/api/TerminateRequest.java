package org.aiverse.contracts.api;

/**
 * Body of {@code POST /api/v1/sessions/{id}/terminate} (seed 5.3, Frozen).
 *
 * @param reason why the session ends; {@link TerminationReason#USER_REQUEST} when absent
 */
public record TerminateRequest(TerminationReason reason) {

    /** Applies the default. */
    public TerminateRequest {
        reason = reason == null ? TerminationReason.USER_REQUEST : reason;
    }
}
