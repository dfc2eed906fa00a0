package org.aiverse.contracts.api;

import org.aiverse.contracts.Checks;

/**
 * Payload of an {@code error} frame (seed 5.4, Frozen). {@code code} is an {@link ErrorCode} or an adapter
 * error code, hence a string.
 *
 * @param code error code, required
 * @param message human-readable message; optional
 */
public record ErrorPayload(String code, String message) {

    /** Validates. */
    public ErrorPayload {
        Checks.requireNonBlank(code, "code");
    }
}
