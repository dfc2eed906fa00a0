package org.aiverse.contracts.memory;

import org.aiverse.contracts.Checks;

/**
 * A link from one memory to another (seed 4.8 {@code links}).
 *
 * @param to the linked memory's id, required
 * @param type link kind, e.g. {@code causal}, required
 * @param weight strength in [0,1], required
 */
public record MemoryLink(String to, String type, double weight) {

    /** Validates. */
    public MemoryLink {
        Checks.requireNonBlank(to, "to");
        Checks.requireNonBlank(type, "type");
        Checks.requireRange(weight, 0.0, 1.0, "weight");
    }
}
