package org.aiverse.contracts.api;

import java.util.List;
import org.aiverse.contracts.Checks;

/**
 * Response of the memory query endpoint (seed 5.2, Frozen).
 *
 * @param items hits, best first; empty when absent
 */
public record MemoryQueryResponse(List<MemoryHit> items) {

    /** Copies. */
    public MemoryQueryResponse {
        items = Checks.list(items, "items");
    }
}
