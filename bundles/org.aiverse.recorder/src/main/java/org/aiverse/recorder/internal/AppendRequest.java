package org.aiverse.recorder.internal;

import java.util.Map;
import org.aiverse.contracts.Checks;
import org.aiverse.contracts.recorder.Actor;
import org.aiverse.contracts.recorder.EventType;

/**
 * Body of {@code POST /api/v1/recorder/sessions/{id}/events}: an event for the session's chain.
 *
 * @param actor who acted, required
 * @param type what it records, required
 * @param payload the payload; empty when absent
 */
public record AppendRequest(Actor actor, EventType type, Map<String, Object> payload) {

    public AppendRequest {
        Checks.requireNonNull(actor, "actor");
        Checks.requireNonNull(type, "type");
        payload = Checks.freeForm(payload, "payload");
    }
}
