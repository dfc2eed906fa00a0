package org.aiverse.contracts.api;

import org.aiverse.contracts.Checks;
import org.aiverse.contracts.intent.Intent;

/**
 * Body of {@code POST /api/v1/policies/evaluate}, a dry run of the safety gate (seed 5.1, Frozen).
 *
 * @param snapshotId the personality whose policy applies ({@code snapshot_id}), required
 * @param intent the candidate intent, required
 * @param context the session context; optional
 */
public record PolicyEvaluationRequest(String snapshotId, Intent intent, EvaluationContext context) {

    /** Validates. */
    public PolicyEvaluationRequest {
        Checks.requireNonBlank(snapshotId, "snapshot_id");
        Checks.requireNonNull(intent, "intent");
    }
}
