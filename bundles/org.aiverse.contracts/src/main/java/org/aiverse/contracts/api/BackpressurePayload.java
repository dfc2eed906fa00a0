package org.aiverse.contracts.api;

import org.aiverse.contracts.Checks;

/**
 * Payload of a {@code backpressure} frame (seed 5.4, Frozen).
 *
 * @param level backpressure level, required
 * @param queueDepth current queue depth ({@code queue_depth}), required, not negative
 * @param dropHint what to drop under hard backpressure ({@code drop_hint}); optional
 */
public record BackpressurePayload(BackpressureLevel level, int queueDepth, DropHint dropHint) {

    /** Default maximum queue depth negotiated at session start (seed 5.4). */
    public static final int DEFAULT_MAX_QUEUE_DEPTH = 100;

    /** Validates. */
    public BackpressurePayload {
        Checks.requireNonNull(level, "level");
        Checks.requireNonNegative(queueDepth, "queue_depth");
    }
}
