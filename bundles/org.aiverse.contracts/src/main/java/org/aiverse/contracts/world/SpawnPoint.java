package org.aiverse.contracts.world;

import org.aiverse.contracts.Checks;

/**
 * A spawn point of a world template (seed 4.10 {@code spawn_points}).
 *
 * @param id spawn point id, required
 * @param pos position, required
 */
public record SpawnPoint(String id, Position pos) {

    /** Validates. */
    public SpawnPoint {
        Checks.requireNonBlank(id, "id");
        Checks.requireNonNull(pos, "pos");
    }
}
