package org.aiverse.memory.api;

import java.util.List;
import java.util.Map;
import org.aiverse.contracts.memory.MemoryItem;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The Memory Gradient Engine (seed 3.2): keeps memories encrypted at rest and retrieves them by the seed 4.9
 * score. Thread-safe; retrieval reads an in-memory index and does no I/O once a snapshot is loaded.
 */
@ProviderType
public interface MemoryEngine {

    /**
     * Retrieves the best memories for a query, best first; redacted memories never appear, and expired ones
     * ({@code retention.expires_at} passed, unless pinned) neither.
     *
     * @param query what, whose, how many, filtered how
     * @return the hits with their explained scores
     */
    List<ScoredMemory> retrieve(MemoryQuery query);

    /**
     * Stores a memory written during a session (from a salient percept), sealed at rest; it is retrievable at once
     * for the snapshot and listed by {@link #sessionMemories}.
     *
     * @param snapshotId the personality
     * @param sessionId the session that wrote it
     * @param memory the memory
     */
    void remember(String snapshotId, String sessionId, MemoryItem memory);

    /**
     * Stores memories one session wrote, in order, as {@link #remember} does each of them, but in one write (one
     * transaction): a session that writes faster than its memories can be stored one by one gets them stored in
     * batches. The default stores them one by one.
     *
     * @param snapshotId the personality
     * @param sessionId the session that wrote them
     * @param memories the memories, oldest first
     * @since 1.1
     */
    default void rememberAll(String snapshotId, String sessionId, List<MemoryItem> memories) {
        for (MemoryItem m : memories) {
            remember(snapshotId, sessionId, m);
        }
    }

    /** Returns the memories a session wrote, oldest first. */
    List<MemoryItem> sessionMemories(String sessionId);

    /**
     * Loads (or reloads) the memories of a snapshot's latest version into the index now, on the caller's thread, and
     * swaps the new index in: a new version or a redaction since the last load takes effect. Retrieval loads lazily
     * when nothing was loaded; the Core reloads when a session opens, the query endpoint before each query.
     *
     * @param snapshotId the personality
     */
    void reload(String snapshotId);

    /** Returns the engine's counters, e.g. {@code memories}, {@code retrievals}, {@code embedder}. */
    Map<String, Object> stats();
}
