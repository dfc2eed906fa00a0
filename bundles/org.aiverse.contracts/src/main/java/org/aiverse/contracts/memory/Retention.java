package org.aiverse.contracts.memory;

import org.aiverse.contracts.Checks;

/**
 * Retention of a memory (seed 4.8 {@code retention}; seed 7.4).
 *
 * @param pinned exempt from automatic deletion, required
 * @param expiresAt Unix seconds after which it may be deleted ({@code expires_at}); absent for no expiry
 */
public record Retention(boolean pinned, Long expiresAt) {

    /** Validates. */
    public Retention {
        Checks.optionalRange(expiresAt, 0L, Long.MAX_VALUE, "expires_at");
    }
}
