package org.aiverse.core.api.learning;

import java.util.List;
import org.aiverse.contracts.Checks;

/**
 * A proposed snapshot update, as a diff against the version the session ran with.
 *
 * @param id the proposal id, required
 * @param snapshotId the snapshot ({@code snapshot_id}), required
 * @param baseVersion the version the session ran with ({@code base_version})
 * @param sessionId the session that learned it ({@code session_id}), required
 * @param ownerId the snapshot's owner ({@code owner_id}), required
 * @param createdAt Unix seconds ({@code created_at})
 * @param status {@code pending}, {@code approved} or {@code rejected}, required
 * @param decidedAt Unix seconds of the owner's decision ({@code decided_at}); absent while pending
 * @param resultVersion the snapshot version an approval created ({@code result_version}); absent otherwise
 * @param added the memories to add (ids and metadata; their text stays sealed in the Core)
 * @param salience the salience changes of existing memories
 */
public record Proposal(
        String id,
        String snapshotId,
        int baseVersion,
        String sessionId,
        String ownerId,
        long createdAt,
        String status,
        Long decidedAt,
        Integer resultVersion,
        List<AddedMemory> added,
        List<SalienceChange> salience) {

    /** Awaiting the owner. */
    public static final String PENDING = "pending";
    /** Applied as a new snapshot version. */
    public static final String APPROVED = "approved";
    /** Discarded by the owner. */
    public static final String REJECTED = "rejected";

    /** Validates and copies. */
    public Proposal {
        Checks.requireNonBlank(id, "id");
        Checks.requireNonBlank(snapshotId, "snapshot_id");
        Checks.requireNonBlank(sessionId, "session_id");
        Checks.requireNonBlank(ownerId, "owner_id");
        Checks.requireNonBlank(status, "status");
        added = Checks.list(added, "added");
        salience = Checks.list(salience, "salience");
    }

    /**
     * A memory the session wrote.
     *
     * @param id memory id
     * @param ts Unix seconds
     * @param salience its salience
     * @param tags its tags
     */
    public record AddedMemory(String id, long ts, double salience, List<String> tags) {}

    /**
     * A change of a memory's salience (memories the session relied on gain salience).
     *
     * @param id memory id
     * @param from salience before
     * @param to salience after
     */
    public record SalienceChange(String id, double from, double to) {}
}
