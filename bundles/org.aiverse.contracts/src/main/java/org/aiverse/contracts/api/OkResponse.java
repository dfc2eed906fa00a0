package org.aiverse.contracts.api;

/**
 * The {@code { "ok": true }} answer of commands without a result (seed 5.7 register response).
 *
 * @param ok whether the command succeeded
 */
public record OkResponse(boolean ok) {

    /** {@code {"ok": true}}. */
    public static final OkResponse OK = new OkResponse(true);
}
