package org.aiverse.contracts.api;

import org.aiverse.contracts.Checks;

/**
 * A playback query (seed 5.5, Frozen): the body of {@code POST /api/v1/sessions/{id}/playback}, or the query
 * parameters of its {@code GET} form (DESIGN §5).
 *
 * @param sessionId the session ({@code session_id}), required
 * @param range sequence range; optional (all events)
 * @param filters actor and type filters; optional
 * @param includeMedia whether to list media ({@code include_media}); {@code false} when absent
 * @param page page size and cursor; optional (default page)
 */
public record PlaybackRequest(
        String sessionId, SeqRange range, PlaybackFilters filters, Boolean includeMedia, PageRequest page) {

    /** Validates and applies defaults. */
    public PlaybackRequest {
        Checks.requireNonBlank(sessionId, "session_id");
        includeMedia = Boolean.TRUE.equals(includeMedia);
    }
}
