package org.aiverse.contracts.world;

import org.aiverse.contracts.Checks;

/**
 * A content hook of a world template: emit an intent when a trigger fires (seed 4.10 {@code content_hooks}).
 *
 * @param when the trigger, e.g. {@code on_enter_area}, required
 * @param area the area the trigger is bound to; optional
 * @param emitIntent the intent to emit ({@code emit_intent}), required
 */
public record ContentHook(String when, String area, IntentTemplate emitIntent) {

    /** Validates. */
    public ContentHook {
        Checks.requireNonBlank(when, "when");
        Checks.optionalNonBlank(area, "area");
        Checks.requireNonNull(emitIntent, "emit_intent");
    }
}
