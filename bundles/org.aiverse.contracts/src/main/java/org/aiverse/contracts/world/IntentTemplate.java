package org.aiverse.contracts.world;

import java.util.Map;
import org.aiverse.contracts.Checks;

/**
 * The partial intent a content hook emits (seed 4.10 {@code emit_intent}); the engine completes it into an
 * {@link org.aiverse.contracts.intent.Intent} (id, target, confidence) when the hook fires.
 *
 * @param type intent type, required
 * @param target target kind or entity; optional
 * @param params free-form parameters; empty when absent
 */
public record IntentTemplate(String type, String target, Map<String, Object> params) {

    /** Validates and copies. */
    public IntentTemplate {
        Checks.requireNonBlank(type, "type");
        Checks.optionalNonBlank(target, "target");
        params = Checks.freeForm(params, "params");
    }
}
