package org.aiverse.session.api;

import java.util.List;
import org.aiverse.contracts.Checks;
import org.aiverse.contracts.api.SessionMode;

/**
 * The body of {@code POST /api/v1/sessions}: seed 5.3's {@code {snapshot_id, world_id, mode}} plus additive,
 * optional negotiation fields (seed 4.11: unknown fields are ignored by older receivers).
 *
 * @param snapshotId the personality snapshot ({@code snapshot_id}), required
 * @param worldId the world from the registry ({@code world_id}), required
 * @param mode the session mode, required
 * @param capabilities the intent types the manifest requests; all of seed 3.3's when absent
 * @param queueDepth the maximum percept queue depth ({@code queue_depth}, seed 5.4); 100 when absent
 * @param rtcParticipants the participants of the WebRTC voice channel ({@code rtc_participants}); none when
 *     absent, and then the manifest's {@code channels.rtc} is {@code null}
 * @param seed the Core's seed for a deterministic run; random when absent
 */
public record StartOptions(
        String snapshotId,
        String worldId,
        SessionMode mode,
        List<String> capabilities,
        Integer queueDepth,
        List<String> rtcParticipants,
        Long seed) {

    /** Validates and copies. */
    public StartOptions {
        Checks.requireNonBlank(snapshotId, "snapshot_id");
        Checks.requireNonBlank(worldId, "world_id");
        Checks.requireNonNull(mode, "mode");
        capabilities = capabilities == null ? null : Checks.stringList(capabilities, "capabilities");
        Checks.optionalRange(queueDepth, 1, 10_000, "queue_depth");
        rtcParticipants = rtcParticipants == null ? List.of() : Checks.stringList(rtcParticipants, "rtc_participants");
        for (int i = 0; i < rtcParticipants.size(); i++) {
            Checks.require(
                    rtcParticipants.get(i).matches("[a-z0-9_\\-]{1,64}"),
                    "rtc_participants[" + i + "]",
                    "must be 1 to 64 of a-z, 0-9, _ and -");
        }
    }

    /** The seed's three fields only. */
    public static StartOptions of(String snapshotId, String worldId, SessionMode mode) {
        return new StartOptions(snapshotId, worldId, mode, null, null, null, null);
    }
}
