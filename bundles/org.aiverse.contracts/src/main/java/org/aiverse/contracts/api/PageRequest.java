package org.aiverse.contracts.api;

import org.aiverse.contracts.Checks;

/**
 * Paging of a playback query (seed 5.5 {@code page}, Frozen; limits of DESIGN §5).
 *
 * @param size events per page, 1 to {@link #MAX_SIZE}; {@link #DEFAULT_SIZE} when absent
 * @param cursor where to continue, from a previous {@link PageInfo#nextCursor()}; absent for the first page
 */
public record PageRequest(Integer size, String cursor) {

    /** Page size when absent. */
    public static final int DEFAULT_SIZE = 100;
    /** Largest page size. */
    public static final int MAX_SIZE = 1000;

    /** Validates and applies defaults. */
    public PageRequest {
        size = Checks.optionalRange(size == null ? DEFAULT_SIZE : size, 1, MAX_SIZE, "size");
        Checks.optionalNonBlank(cursor, "cursor");
    }
}
