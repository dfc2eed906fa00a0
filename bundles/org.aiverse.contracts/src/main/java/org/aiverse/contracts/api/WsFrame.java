package org.aiverse.contracts.api;

import java.util.Map;
import org.aiverse.contracts.Checks;

/**
 * The envelope of every frame on {@code WS /ws/sessions/{id}} (seed 5.4, Frozen). The payload's shape depends
 * on the type: an Intent, a Percept, {@link StatePayload}, {@link ErrorPayload}, {@link AckPayload},
 * {@link HeartbeatPayload} or {@link BackpressurePayload}; trace ids travel in {@code payload.meta} (seed 8.2).
 *
 * @param type frame type, required
 * @param seq strictly increasing per sender, at least 1, required
 * @param ts Unix seconds, required
 * @param payload the type's content; empty when absent
 */
public record WsFrame(FrameType type, long seq, long ts, Map<String, Object> payload) {

    /** Validates and copies. */
    public WsFrame {
        Checks.requireNonNull(type, "type");
        Checks.requireRange(seq, 1L, Long.MAX_VALUE, "seq");
        Checks.requireNonNegative(ts, "ts");
        payload = Checks.freeForm(payload, "payload");
    }
}
