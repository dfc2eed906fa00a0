package org.aiverse.contracts.snapshot;

import java.util.List;
import java.util.Map;
import org.aiverse.contracts.Checks;
import org.aiverse.contracts.policy.Policy;

/**
 * A versioned Personality Snapshot (seed 4.1; migrations of seed 4.11).
 *
 * @param id snapshot id, required
 * @param version structure version, at least 1, required
 * @param ownerId owning user ({@code owner_id}), required
 * @param profile name, tone and ethics; optional
 * @param policies the personality's policy (seed 4.7 shape); optional
 * @param memoryIndex salience index of memories ({@code memory_index}); empty when absent
 * @param artifactRefs encrypted artifact references by kind ({@code artifact_refs}); empty when absent
 * @param createdAt Unix seconds ({@code created_at}), required
 * @param updatedAt Unix seconds ({@code updated_at}), required, not before {@code created_at}
 */
public record PersonalitySnapshot(
        String id,
        int version,
        String ownerId,
        Profile profile,
        Policy policies,
        List<MemoryIndexEntry> memoryIndex,
        Map<String, String> artifactRefs,
        long createdAt,
        long updatedAt) {

    /** Validates and copies. */
    public PersonalitySnapshot {
        Checks.requireNonBlank(id, "id");
        Checks.requireRange(version, 1, Integer.MAX_VALUE, "version");
        Checks.requireNonBlank(ownerId, "owner_id");
        memoryIndex = Checks.list(memoryIndex, "memory_index");
        artifactRefs = Checks.map(artifactRefs, "artifact_refs");
        Checks.requireNonNegative(createdAt, "created_at");
        Checks.require(updatedAt >= createdAt, "updated_at", "must not be before created_at");
    }
}
