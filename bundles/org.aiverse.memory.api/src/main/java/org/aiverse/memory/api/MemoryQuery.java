package org.aiverse.memory.api;

import java.util.List;
import org.aiverse.contracts.Checks;
import org.aiverse.contracts.api.MemoryFilters;

/**
 * A retrieval request inside the platform.
 *
 * @param snapshotId whose memories: the latest snapshot version's imported memories plus those written in its
 *     sessions, required
 * @param q the query or context text; optional
 * @param queryTags tags of the query for {@code tag_boost} (seed 4.9); empty when none
 * @param topK most hits, at least 1
 * @param filters seed 5.2 filters; optional
 * @param exportableOnly return only exportable memories (for callers outside the Core)
 * @param now the time {@code t_now}, Unix seconds
 * @param excludeSession leave out the memories this session wrote (a loop's own working memory); {@code null} for
 *     none
 */
public record MemoryQuery(
        String snapshotId,
        String q,
        List<String> queryTags,
        int topK,
        MemoryFilters filters,
        boolean exportableOnly,
        long now,
        String excludeSession) {

    /** Validates and copies. */
    public MemoryQuery {
        Checks.requireNonBlank(snapshotId, "snapshot_id");
        queryTags = queryTags == null ? List.of() : List.copyOf(queryTags);
        Checks.requireRange(topK, 1, 10_000, "top_k");
    }

    /** A query that excludes no session's memories. */
    public MemoryQuery(
            String snapshotId,
            String q,
            List<String> queryTags,
            int topK,
            MemoryFilters filters,
            boolean exportableOnly,
            long now) {
        this(snapshotId, q, queryTags, topK, filters, exportableOnly, now, null);
    }
}
