package org.aiverse.contracts.intent;

import java.util.Map;
import org.aiverse.contracts.Checks;

/**
 * A normalized, bridge-native action the Core wants performed (seed 4.2; schema of seed 3.3
 * {@code INTENT { intent_id, type, target, confidence, params }}). {@code intent_id} is the idempotency key and the
 * correlation id ({@code corr_id}, seed 8.2).
 *
 * @param intentId unique id, required ({@code intent_id})
 * @param type the action, e.g. {@code speak}, {@code move}, {@code buyItem} (see {@link IntentTypes}), required
 * @param target what the action is aimed at: a target kind of {@link IntentTargets} or an entity reference, required
 * @param confidence the Core's confidence in [0,1], required
 * @param params free-form parameters of the action; empty when absent
 * @param ts Unix seconds when the intent was emitted; optional
 */
public record Intent(
        String intentId, String type, String target, double confidence, Map<String, Object> params, Long ts) {

    /** Validates and copies. */
    public Intent {
        Checks.requireNonBlank(intentId, "intent_id");
        Checks.requireNonBlank(type, "type");
        Checks.requireNonBlank(target, "target");
        Checks.requireRange(confidence, 0.0, 1.0, "confidence");
        params = Checks.freeForm(params, "params");
        Checks.optionalRange(ts, 0L, Long.MAX_VALUE, "ts");
    }
}
