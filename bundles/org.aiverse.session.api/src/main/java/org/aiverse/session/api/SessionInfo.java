package org.aiverse.session.api;

import java.util.List;
import java.util.Map;
import org.aiverse.contracts.api.SessionMode;
import org.aiverse.contracts.api.SessionState;
import org.aiverse.contracts.api.SessionStateResponse;

/**
 * A session as the orchestrator knows it.
 *
 * @param id the session id
 * @param state its lifecycle state
 * @param reason why it entered that state, when known (e.g. {@code emergency_stop}, a hook's failure)
 * @param ts Unix seconds of the last transition
 * @param ownerId the owner ({@code sub} of the consent token)
 * @param consentSessionId the consent token's {@code sessionId} the session is bound to
 * @param snapshotId the personality snapshot
 * @param worldId the world
 * @param adapterId the adapter driving the world
 * @param adapterVersion the bound adapter's version
 * @param mode the session mode
 * @param capabilities the effective capabilities (manifest request ∩ adapter capabilities)
 * @param rtcParticipants the voice channel's participants; empty when none
 * @param stopped whether an emergency stop happened (resume then needs a fresh token)
 * @param metrics seed 8.1 metrics, e.g. {@code intent_rate_per_min}
 */
public record SessionInfo(
        String id,
        SessionState state,
        String reason,
        long ts,
        String ownerId,
        String consentSessionId,
        String snapshotId,
        String worldId,
        String adapterId,
        String adapterVersion,
        SessionMode mode,
        List<String> capabilities,
        List<String> rtcParticipants,
        boolean stopped,
        Map<String, Object> metrics) {

    /** Copies. */
    public SessionInfo {
        capabilities = List.copyOf(capabilities);
        rtcParticipants = List.copyOf(rtcParticipants);
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
    }

    /** The answer of the lifecycle endpoints (seed 5.3). */
    public SessionStateResponse response(boolean withMetrics) {
        return new SessionStateResponse(id, state, ts, reason, withMetrics ? metrics : null);
    }
}
