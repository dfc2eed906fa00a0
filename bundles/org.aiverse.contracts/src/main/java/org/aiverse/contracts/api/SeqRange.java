package org.aiverse.contracts.api;

import org.aiverse.contracts.Checks;

/**
 * An inclusive range of event sequence numbers (seed 5.5 {@code range}, Frozen).
 *
 * @param fromSeq first sequence number ({@code from_seq}), optional, at least 1
 * @param toSeq last sequence number ({@code to_seq}), optional, not below {@code from_seq}
 */
public record SeqRange(Long fromSeq, Long toSeq) {

    /** Validates. */
    public SeqRange {
        Checks.optionalRange(fromSeq, 1L, Long.MAX_VALUE, "from_seq");
        Checks.optionalRange(toSeq, 1L, Long.MAX_VALUE, "to_seq");
        Checks.require(fromSeq == null || toSeq == null || fromSeq <= toSeq, "to_seq", "must not be below from_seq");
    }
}
