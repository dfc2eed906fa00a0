package org.aiverse.snapshot.api;

import java.util.List;
import java.util.Optional;
import org.aiverse.contracts.memory.MemoryItem;
import org.aiverse.contracts.snapshot.PersonalitySnapshot;
import org.osgi.annotation.versioning.ProviderType;

/** Registered Personality Snapshots (seed 4.1); every version is kept. */
@ProviderType
public interface SnapshotStore {

    /** The latest version of a snapshot, if it is registered. */
    Optional<PersonalitySnapshot> latest(String snapshotId);

    /** One version of a snapshot, if it is registered. */
    Optional<PersonalitySnapshot> version(String snapshotId, int version);

    /**
     * The memories imported with one version of a snapshot (seed 4.8), decrypted, each with its privacy flags
     * ({@code exportable}); a redacted memory comes without its text and with {@code redacted: true}. For the
     * Personality Core and the policy gate only: raw memories never leave the Core (seed 7.1).
     *
     * @since 1.1
     */
    default List<MemoryItem> memories(String snapshotId, int version) {
        return List.of();
    }

    /**
     * Every registered snapshot, by id. (Default for stores that cannot list: none.)
     *
     * @since 1.1
     */
    default List<SnapshotSummary> summaries() {
        return List.of();
    }

    /**
     * Irreversibly removes a memory's text from every version of a snapshot (seed 7.1, 7.4), keeping an audit
     * stub. Redacting again returns the existing stub.
     *
     * @return the audit stub, or empty when the snapshot has no such memory
     * @since 1.1
     */
    default Optional<RedactionStub> redact(String snapshotId, String memoryId) {
        return Optional.empty();
    }

    /**
     * Registers a new version of a snapshot on the platform's own account (an approved learning update or a
     * rollback): the version must be the latest plus one, the owner the same; the owner key of the latest version
     * is kept. Versions are never overwritten.
     *
     * @param next the new version
     * @param memories its memories (sealed at rest like imported ones)
     * @return the stored version
     * @throws IllegalStateException when the snapshot does not exist, the version is not the next one or exists
     * @since 1.2
     */
    default PersonalitySnapshot publish(PersonalitySnapshot next, List<MemoryItem> memories) {
        throw new UnsupportedOperationException("this store cannot publish versions");
    }
}
