package org.aiverse.contracts.api;

import java.util.List;
import org.aiverse.contracts.Checks;

/**
 * Filters of a memory query (seed 5.2 {@code filters}, Frozen).
 *
 * @param tags memories must carry all these tags; empty when absent
 * @param timeRange memory {@code ts} must lie in it ({@code time_range}); optional
 * @param emotion emotional restriction; optional
 * @param pinnedOnly only pinned memories ({@code pinned_only}); {@code false} when absent
 * @param exportableOnly only exportable memories ({@code exportable_only}); {@code false} when absent
 */
public record MemoryFilters(
        List<String> tags, TimeRange timeRange, EmotionFilter emotion, Boolean pinnedOnly, Boolean exportableOnly) {

    /** Validates, copies and applies defaults. */
    public MemoryFilters {
        tags = Checks.stringList(tags, "tags");
        pinnedOnly = Boolean.TRUE.equals(pinnedOnly);
        exportableOnly = Boolean.TRUE.equals(exportableOnly);
    }
}
