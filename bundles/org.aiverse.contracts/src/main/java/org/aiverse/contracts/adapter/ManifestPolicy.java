package org.aiverse.contracts.adapter;

import org.aiverse.contracts.Checks;
import org.aiverse.contracts.policy.Autonomy;

/**
 * The policy summary of an Adapter Manifest (seed 3.3 {@code policy}, Frozen).
 *
 * @param autonomy the agent's autonomy level, required
 */
public record ManifestPolicy(Autonomy autonomy) {

    /** Validates. */
    public ManifestPolicy {
        Checks.requireNonNull(autonomy, "autonomy");
    }
}
