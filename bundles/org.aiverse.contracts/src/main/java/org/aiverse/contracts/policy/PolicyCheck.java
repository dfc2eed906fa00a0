package org.aiverse.contracts.policy;

import org.aiverse.contracts.Checks;

/**
 * One entry of a policy decision's {@code checks[]} (seed 4.6; names and results of DESIGN §4).
 *
 * @param name which check, required
 * @param result its outcome, required
 */
public record PolicyCheck(CheckName name, CheckResult result) {

    /** Validates. */
    public PolicyCheck {
        Checks.requireNonNull(name, "name");
        Checks.requireNonNull(result, "result");
    }
}
