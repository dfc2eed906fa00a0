package org.aiverse.contracts.api;

import org.aiverse.contracts.Checks;

/**
 * Payload of a {@code heartbeat} frame (seed 5.4, Frozen; {@code ws_rtt_ms} of seed 8.1).
 *
 * @param rttMs measured round-trip time in ms ({@code rtt_ms}); optional
 */
public record HeartbeatPayload(Long rttMs) {

    /** Validates. */
    public HeartbeatPayload {
        Checks.optionalRange(rttMs, 0L, Long.MAX_VALUE, "rtt_ms");
    }
}
