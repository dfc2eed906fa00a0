package org.aiverse.contracts.api;

import java.util.List;
import org.aiverse.contracts.Checks;

/**
 * Response of {@code GET /api/v1/bridges} (seed 5.7, Frozen).
 *
 * @param items the bridges; empty when absent
 */
public record BridgeListResponse(List<BridgeSummary> items) {

    /** Copies. */
    public BridgeListResponse {
        items = Checks.list(items, "items");
    }
}
