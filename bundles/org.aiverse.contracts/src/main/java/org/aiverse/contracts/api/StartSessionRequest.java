package org.aiverse.contracts.api;

import org.aiverse.contracts.Checks;

/**
 * Body of {@code POST /api/v1/sessions} (seed 5.3, Frozen; answered with a {@link SessionStateResponse}).
 *
 * @param snapshotId personality snapshot ({@code snapshot_id}), required
 * @param worldId world from the registry ({@code world_id}), required
 * @param mode session mode, required
 */
public record StartSessionRequest(String snapshotId, String worldId, SessionMode mode) {

    /** Validates. */
    public StartSessionRequest {
        Checks.requireNonBlank(snapshotId, "snapshot_id");
        Checks.requireNonBlank(worldId, "world_id");
        Checks.requireNonNull(mode, "mode");
    }
}
