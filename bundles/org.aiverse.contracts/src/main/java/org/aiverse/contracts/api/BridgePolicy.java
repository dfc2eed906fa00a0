package org.aiverse.contracts.api;

import org.aiverse.contracts.Checks;

/**
 * Limits of a bridge (seed 5.7 {@code policy}, Frozen).
 *
 * @param maxRatePerMin most intents per minute ({@code max_rate_per_min}); optional, not negative
 */
public record BridgePolicy(Integer maxRatePerMin) {

    /** Validates. */
    public BridgePolicy {
        Checks.optionalRange(maxRatePerMin, 0, Integer.MAX_VALUE, "max_rate_per_min");
    }
}
