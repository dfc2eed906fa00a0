package org.aiverse.contracts.percept;

import java.util.Map;
import org.aiverse.contracts.Checks;

/**
 * A normalized input from the engine to the Personality Core (seed 4.5).
 *
 * @param id unique id, required; the correlation id of percept-driven flows (seed 8.2)
 * @param type kind of percept, required
 * @param source where it came from, required
 * @param payload free-form content; empty when absent
 * @param ts Unix seconds, required
 */
public record Percept(String id, PerceptType type, PerceptSource source, Map<String, Object> payload, long ts) {

    /** Validates and copies. */
    public Percept {
        Checks.requireNonBlank(id, "id");
        Checks.requireNonNull(type, "type");
        Checks.requireNonNull(source, "source");
        payload = Checks.freeForm(payload, "payload");
        Checks.requireNonNegative(ts, "ts");
    }
}
