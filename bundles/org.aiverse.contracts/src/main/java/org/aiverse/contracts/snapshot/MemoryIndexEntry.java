package org.aiverse.contracts.snapshot;

import org.aiverse.contracts.Checks;

/**
 * One entry of a snapshot's {@code memory_index} (seed 4.1).
 *
 * @param id memory id, required
 * @param salience salience in [0,1], required
 * @param ts Unix seconds, required
 */
public record MemoryIndexEntry(String id, double salience, long ts) {

    /** Validates. */
    public MemoryIndexEntry {
        Checks.requireNonBlank(id, "id");
        Checks.requireRange(salience, 0.0, 1.0, "salience");
        Checks.requireNonNegative(ts, "ts");
    }
}
