package org.aiverse.recorder.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.aiverse.contracts.recorder.EventType;
import org.aiverse.contracts.recorder.SessionEvent;
import org.aiverse.recorder.api.TranscriptEntry;

/**
 * The transcript of a session (seed 3.5): chat percepts (a Percept of type {@code chat}, speaker from
 * {@code payload.speaker}, else its source) and spoken intents ({@code speak}, speaker the actor), in seq order.
 */
final class Transcripts {

    private Transcripts() {}

    static List<TranscriptEntry> of(List<SessionEvent> events) {
        List<TranscriptEntry> out = new ArrayList<>();
        for (SessionEvent e : events) {
            if (Boolean.TRUE.equals(e.meta().get("redacted"))) {
                continue;
            }
            if (e.type() == EventType.PERCEPT) {
                String text = chatText(e.payload());
                if (text != null) {
                    out.add(new TranscriptEntry(e.seq(), e.ts(), e.actor(), chatSpeaker(e), text));
                }
            } else {
                String text = Highlights.spokenText(e);
                if (text != null) {
                    out.add(new TranscriptEntry(
                            e.seq(), e.ts(), e.actor(), e.actor().wire(), text));
                }
            }
        }
        return out;
    }

    /** The text of a chat percept payload, or null. */
    static String chatText(Map<String, Object> p) {
        if (!"chat".equals(p.get("type"))) {
            return null;
        }
        if (p.get("payload") instanceof Map<?, ?> inner && inner.get("text") instanceof String t) {
            return t;
        }
        return p.get("text") instanceof String t ? t : null;
    }

    private static String chatSpeaker(SessionEvent e) {
        Map<String, Object> p = e.payload();
        if (p.get("payload") instanceof Map<?, ?> inner && inner.get("speaker") instanceof String s && !s.isBlank()) {
            return s;
        }
        if (p.get("source") instanceof String s && !s.isBlank()) {
            return s;
        }
        return e.actor().wire();
    }
}
