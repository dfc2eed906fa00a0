package org.aiverse.contracts.policy;

import java.util.List;
import org.aiverse.contracts.Checks;
import org.aiverse.contracts.intent.Intent;

/**
 * The explainable outcome of evaluating an intent against a policy (seed 4.6; ordering 4.6.2; DESIGN §4).
 * {@code allowed} is true exactly when {@code reason_code} is {@code ok}.
 *
 * @param intent the evaluated intent, required
 * @param allowed whether the intent may be executed, required
 * @param reasonCode the first blocking reason, or {@code ok}, required
 * @param reason human-readable explanation; optional
 * @param policyVersion version of the policy evaluated, required
 * @param checks the checks run, in the frozen order; empty when absent
 */
public record PolicyDecision(
        Intent intent,
        boolean allowed,
        ReasonCode reasonCode,
        String reason,
        String policyVersion,
        List<PolicyCheck> checks) {

    /** Validates and copies. */
    public PolicyDecision {
        Checks.requireNonNull(intent, "intent");
        Checks.requireNonNull(reasonCode, "reason_code");
        Checks.require(
                allowed == reasonCode.allows(),
                "reason_code",
                allowed ? "must be ok when allowed is true" : "must not be ok when allowed is false");
        Checks.requireNonBlank(policyVersion, "policy_version");
        checks = Checks.list(checks, "checks");
    }
}
