package org.aiverse.contracts.adapter;

import java.util.List;
import org.aiverse.contracts.Checks;

/**
 * The agent of an Adapter Manifest (seed 3.3 {@code agent}, Frozen).
 *
 * @param id agent id, required
 * @param avatar its embodiment; optional
 * @param capabilities intent types the session requests, e.g. {@code speak}; empty when absent
 */
public record Agent(String id, Avatar avatar, List<String> capabilities) {

    /** Validates and copies. */
    public Agent {
        Checks.requireNonBlank(id, "id");
        capabilities = Checks.stringList(capabilities, "capabilities");
    }
}
