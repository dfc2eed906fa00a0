package org.aiverse.recorder.api;

/**
 * A session's recording at a glance, with its retention settings (seed 7.4).
 *
 * @param sessionId the session
 * @param events how many events its chain holds (its last {@code seq})
 * @param lastHash the hash of its last event, {@code GENESIS} when empty
 * @param firstTs {@code ts} of its first event
 * @param lastTs {@code ts} of its last event
 * @param checkpoints how many signed checkpoints it has
 * @param retentionDays retention in days (0 to 365; 30 by default)
 * @param pinned whether the user pinned it (exempt from automatic deletion)
 * @param legalHold whether a legal hold is in force (no deletion, no redaction)
 * @param owner the subject whose session it is; {@code null} when not assigned
 * @param expiresAt Unix seconds after which retention deletes it; {@code null} when pinned or held
 */
public record RecordingInfo(
        String sessionId,
        long events,
        String lastHash,
        long firstTs,
        long lastTs,
        long checkpoints,
        int retentionDays,
        boolean pinned,
        boolean legalHold,
        String owner,
        Long expiresAt) {}
