package org.aiverse.contracts.api;

import java.util.Map;
import org.aiverse.contracts.Checks;

/**
 * A session's lifecycle state, answered by the lifecycle endpoints (seed 5.3, Frozen).
 *
 * @param id the session id, required
 * @param state its state, required
 * @param ts Unix seconds of the transition; optional
 * @param reason why it entered this state (e.g. {@code emergency_stop}, an error); optional
 * @param metrics metrics such as {@code intent_rate_per_min} (seed 8.1); empty when absent
 */
public record SessionStateResponse(String id, SessionState state, Long ts, String reason, Map<String, Object> metrics) {

    /** Validates and copies. */
    public SessionStateResponse {
        Checks.requireNonBlank(id, "id");
        Checks.requireNonNull(state, "state");
        Checks.optionalRange(ts, 0L, Long.MAX_VALUE, "ts");
        Checks.optionalNonBlank(reason, "reason");
        metrics = Checks.freeForm(metrics, "metrics");
    }
}
