package org.aiverse.snapshot.api;

/**
 * One registered snapshot, as the console lists it.
 *
 * @param id snapshot id
 * @param ownerId its owner ({@code owner_id})
 * @param latestVersion the highest version
 * @param versions how many versions are kept
 * @param memories how many memories the latest version holds
 * @param updatedAt the latest version's {@code updated_at}
 * @since 1.1
 */
public record SnapshotSummary(
        String id, String ownerId, int latestVersion, int versions, int memories, long updatedAt) {}
