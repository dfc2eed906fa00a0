package org.aiverse.contracts.api;

import org.aiverse.contracts.Checks;

/**
 * Payload of an {@code ack} frame (seed 5.4, Frozen).
 *
 * @param ackSeq highest {@code seq} received ({@code ack_seq}), required
 */
public record AckPayload(long ackSeq) {

    /** Validates. */
    public AckPayload {
        Checks.requireNonNegative(ackSeq, "ack_seq");
    }
}
