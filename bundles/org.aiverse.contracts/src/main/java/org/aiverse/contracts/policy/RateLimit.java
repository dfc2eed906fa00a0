package org.aiverse.contracts.policy;

import org.aiverse.contracts.Checks;

/**
 * A rate limit of one intent type (seed 4.7 {@code rate_limits}).
 *
 * @param perMin allowed intents per minute ({@code per_min}), required, not negative
 * @param burst allowed burst above the steady rate; optional, at least 1
 */
public record RateLimit(int perMin, Integer burst) {

    /** Validates. */
    public RateLimit {
        Checks.requireNonNegative(perMin, "per_min");
        Checks.optionalRange(burst, 1, Integer.MAX_VALUE, "burst");
    }
}
