package org.aiverse.contracts.api;

import org.aiverse.contracts.Checks;

/**
 * Paging information of a playback response (seed 5.5 {@code page}, Frozen).
 *
 * @param nextCursor cursor of the next page ({@code next_cursor}); absent on the last page
 */
public record PageInfo(String nextCursor) {

    /** Validates. */
    public PageInfo {
        Checks.optionalNonBlank(nextCursor, "next_cursor");
    }
}
