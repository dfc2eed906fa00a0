package org.aiverse.contracts.api;

import java.util.List;
import org.aiverse.contracts.Checks;
import org.aiverse.contracts.policy.PolicyCheck;
import org.aiverse.contracts.policy.PolicyDecision;
import org.aiverse.contracts.policy.ReasonCode;

/**
 * Response of {@code POST /api/v1/policies/evaluate} (seed 5.1, Frozen): a {@link PolicyDecision} without the
 * echoed intent.
 *
 * @param allowed whether the intent would be allowed, required
 * @param reasonCode first blocking reason or {@code ok} ({@code reason_code}), required
 * @param reason explanation; optional
 * @param policyVersion policy version evaluated ({@code policy_version}), required
 * @param checks all checks in the frozen order; empty when absent
 */
public record PolicyEvaluationResponse(
        boolean allowed, ReasonCode reasonCode, String reason, String policyVersion, List<PolicyCheck> checks) {

    /** Validates and copies. */
    public PolicyEvaluationResponse {
        Checks.requireNonNull(reasonCode, "reason_code");
        Checks.require(
                allowed == reasonCode.allows(),
                "reason_code",
                allowed ? "must be ok when allowed is true" : "must not be ok when allowed is false");
        Checks.requireNonBlank(policyVersion, "policy_version");
        checks = Checks.list(checks, "checks");
    }

    /** Returns the response for a decision. */
    public static PolicyEvaluationResponse of(PolicyDecision decision) {
        return new PolicyEvaluationResponse(
                decision.allowed(),
                decision.reasonCode(),
                decision.reason(),
                decision.policyVersion(),
                decision.checks());
    }
}
