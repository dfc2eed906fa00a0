package org.aiverse.contracts.api;

import org.aiverse.contracts.Checks;
import org.aiverse.contracts.memory.MemoryItem;

/**
 * One hit of a memory query (seed 5.2 {@code items[]}, Frozen; scoring of seed 4.9).
 *
 * @param memory the memory (only fields the caller may see), required
 * @param score retrieval score, finite, required
 */
public record MemoryHit(MemoryItem memory, double score) {

    /** Validates. */
    public MemoryHit {
        Checks.requireNonNull(memory, "memory");
        Checks.require(Double.isFinite(score), "score", "must be a finite number");
    }
}
