package org.aiverse.contracts.snapshot;

import java.util.Map;
import org.aiverse.contracts.Checks;
import org.aiverse.contracts.policy.Ethics;

/**
 * The profile of a Personality Snapshot (seed 4.1 {@code profile}).
 *
 * @param name display name, required
 * @param tone tone weights by trait, e.g. {@code curious: 0.8}; empty when absent
 * @param ethics the ethics ruleset; optional
 */
public record Profile(String name, Map<String, Double> tone, Ethics ethics) {

    /** Validates and copies. */
    public Profile {
        Checks.requireNonBlank(name, "name");
        tone = Checks.map(tone, "tone");
    }
}
