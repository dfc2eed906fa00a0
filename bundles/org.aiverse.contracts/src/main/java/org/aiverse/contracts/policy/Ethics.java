package org.aiverse.contracts.policy;

import org.aiverse.contracts.Checks;

/**
 * The ethics ruleset reference (seed 4.7 {@code ethics}, seed 4.1 {@code profile.ethics}).
 *
 * @param ruleset id of the ruleset, e.g. {@code v1}, required
 */
public record Ethics(String ruleset) {

    /** Validates. */
    public Ethics {
        Checks.requireNonBlank(ruleset, "ruleset");
    }
}
