package org.aiverse.contracts.adapter;

import java.util.Map;
import org.aiverse.contracts.Checks;

/**
 * An event between an adapter and the Core (seed 3.3 {@code AdapterEvent}, Frozen): engine/world events, health
 * heartbeats ({@code system} with {@code payload.health}) and error telemetry ({@code error} with
 * {@code payload.code}).
 *
 * @param type event kind, required
 * @param payload free-form content; empty when absent
 * @param ts Unix seconds (DESIGN §2), required
 */
public record AdapterEvent(AdapterEventType type, Map<String, Object> payload, long ts) {

    /** Validates and copies. */
    public AdapterEvent {
        Checks.requireNonNull(type, "type");
        payload = Checks.freeForm(payload, "payload");
        Checks.requireNonNegative(ts, "ts");
    }
}
