package org.aiverse.recorder.api;

import java.util.List;
import org.aiverse.contracts.Checks;
import org.aiverse.contracts.api.Highlight;
import org.aiverse.contracts.api.MediaItem;
import org.aiverse.contracts.api.PageInfo;
import org.aiverse.contracts.recorder.SessionEvent;

/**
 * One page of a session's playback: the seed 5.5 response ({@code events, media, highlights, page}) plus the
 * page's {@code transcript}.
 *
 * @param events the page's events in {@code seq} order
 * @param media media of the page's events; empty unless {@code include_media}
 * @param highlights highlights of the page, best first, with the features that scored them
 * @param page the cursor of the next page ({@code next_cursor} absent on the last page)
 * @param transcript chat percepts and spoken intents of the page's seq window, in order
 */
public record Playback(
        List<SessionEvent> events,
        List<MediaItem> media,
        List<Highlight> highlights,
        PageInfo page,
        List<TranscriptEntry> transcript) {

    /** Copies. */
    public Playback {
        events = Checks.list(events, "events");
        media = Checks.list(media, "media");
        highlights = Checks.list(highlights, "highlights");
        page = page == null ? new PageInfo(null) : page;
        transcript = Checks.list(transcript, "transcript");
    }
}
