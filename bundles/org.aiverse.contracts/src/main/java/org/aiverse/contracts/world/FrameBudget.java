package org.aiverse.contracts.world;

import org.aiverse.contracts.Checks;

/**
 * Per-frame time budgets in milliseconds (seed 4.10 {@code performance.budget_ms}).
 *
 * @param cpu CPU budget, required, not negative
 * @param gpu GPU budget, required, not negative
 */
public record FrameBudget(double cpu, double gpu) {

    /** Validates. */
    public FrameBudget {
        Checks.requireNonNegative(cpu, "cpu");
        Checks.requireNonNegative(gpu, "gpu");
    }
}
