package org.aiverse.contracts.api;

import java.util.List;
import org.aiverse.contracts.Checks;
import org.aiverse.contracts.recorder.SessionEvent;

/**
 * Response of the playback API (seed 5.5, Frozen).
 *
 * @param events the page's events in {@code seq} order; empty when absent
 * @param media media items; empty when absent or not requested
 * @param highlights highlights, best first; empty when absent
 * @param page where the next page starts; optional
 */
public record PlaybackResponse(
        List<SessionEvent> events, List<MediaItem> media, List<Highlight> highlights, PageInfo page) {

    /** Copies. */
    public PlaybackResponse {
        events = Checks.list(events, "events");
        media = Checks.list(media, "media");
        highlights = Checks.list(highlights, "highlights");
    }
}
