package org.aiverse.policy.api;

import org.aiverse.contracts.Checks;

/**
 * A memory that must not leave the Core (seed 4.8 {@code privacy.exportable = false}, seed 7.1 least exposure).
 *
 * @param id the memory id, required
 * @param text its text, when known: an intent that quotes it is blocked; optional
 */
public record ProtectedMemory(String id, String text) {

    /** Validates. */
    public ProtectedMemory {
        Checks.requireNonBlank(id, "id");
    }
}
