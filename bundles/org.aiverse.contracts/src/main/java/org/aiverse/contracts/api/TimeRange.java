package org.aiverse.contracts.api;

import org.aiverse.contracts.Checks;

/**
 * An inclusive range of Unix seconds (seed 5.2 {@code time_range}; seed 3.5 playback manifest).
 *
 * @param from lower bound; optional
 * @param to upper bound; optional, not before {@code from}
 */
public record TimeRange(Long from, Long to) {

    /** Validates. */
    public TimeRange {
        Checks.optionalRange(from, 0L, Long.MAX_VALUE, "from");
        Checks.optionalRange(to, 0L, Long.MAX_VALUE, "to");
        Checks.require(from == null || to == null || from <= to, "to", "must not be before from");
    }

    /** Returns whether {@code ts} lies in the range. */
    public boolean contains(long ts) {
        return (from == null || ts >= from) && (to == null || ts <= to);
    }
}
