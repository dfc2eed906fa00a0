package org.aiverse.contracts.adapter;

import org.aiverse.contracts.Checks;

/**
 * What an adapter is spawned with for one session (seed 3.3 Adapter Manifest, Frozen).
 *
 * @param sessionId the session ({@code session_id}), required
 * @param worldId the world ({@code world_id}), required
 * @param snapshotId the personality snapshot ({@code snapshot_id}), required
 * @param agent the embodied agent, required
 * @param policy the policy summary the adapter needs; optional
 * @param channels the session's channels; optional
 */
public record AdapterManifest(
        String sessionId, String worldId, String snapshotId, Agent agent, ManifestPolicy policy, Channels channels) {

    /** Validates. */
    public AdapterManifest {
        Checks.requireNonBlank(sessionId, "session_id");
        Checks.requireNonBlank(worldId, "world_id");
        Checks.requireNonBlank(snapshotId, "snapshot_id");
        Checks.requireNonNull(agent, "agent");
    }
}
