package org.aiverse.contracts.adapter;

import org.aiverse.contracts.Checks;
import org.aiverse.contracts.intent.Intent;

/**
 * The outcome of executing one intent (seed 3.3 {@code ActionResult}, Frozen). A failure carries one of the
 * frozen adapter error codes; a success carries none.
 *
 * @param ok whether the action succeeded, required
 * @param error why it failed; required when {@code ok} is false, absent otherwise
 * @param retries how many retries were made; optional, not negative
 * @param fallback a safe alternative intent to consider; optional
 */
public record ActionResult(boolean ok, AdapterErrorCode error, Integer retries, Intent fallback) {

    private static final ActionResult SUCCESS = new ActionResult(true, null, null, null);

    /** Validates. */
    public ActionResult {
        if (ok) {
            Checks.require(error == null, "error", "must be absent when ok is true");
        } else {
            Checks.requireNonNull(error, "error");
        }
        Checks.optionalRange(retries, 0, Integer.MAX_VALUE, "retries");
    }

    /** Returns {@code {ok:true}}. */
    public static ActionResult success() {
        return SUCCESS;
    }

    /** Returns {@code {ok:false, error}}. */
    public static ActionResult failure(AdapterErrorCode error) {
        return new ActionResult(false, error, null, null);
    }
}
