package org.aiverse.contracts.api;

import org.aiverse.contracts.Checks;

/**
 * Body of the memory query endpoint (seed 5.2, Frozen).
 *
 * @param snapshotId the personality whose memories are searched ({@code snapshot_id}), required
 * @param q the query text; optional (filters only)
 * @param topK most hits to return ({@code top_k}), 1 to {@link #MAX_TOP_K}; {@link #DEFAULT_TOP_K} when absent
 * @param filters restrictions; optional
 */
public record MemoryQueryRequest(String snapshotId, String q, Integer topK, MemoryFilters filters) {

    /** {@code top_k} when absent. */
    public static final int DEFAULT_TOP_K = 10;
    /** Largest {@code top_k}. */
    public static final int MAX_TOP_K = 100;

    /** Validates and applies defaults. */
    public MemoryQueryRequest {
        Checks.requireNonBlank(snapshotId, "snapshot_id");
        topK = Checks.optionalRange(topK == null ? DEFAULT_TOP_K : topK, 1, MAX_TOP_K, "top_k");
    }
}
