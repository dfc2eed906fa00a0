package org.aiverse.recorder.api;

import org.aiverse.contracts.Checks;
import org.aiverse.contracts.recorder.Actor;

/**
 * One line of a session transcript (seed 3.5): a chat percept or a spoken intent.
 *
 * @param seq the event's {@code seq}
 * @param ts the event's {@code ts}
 * @param actor the event's actor
 * @param speaker who spoke: the percept's {@code payload.speaker} (or source), or the actor of a spoken intent
 * @param text what was said
 */
public record TranscriptEntry(long seq, long ts, Actor actor, String speaker, String text) {

    /** Validates. */
    public TranscriptEntry {
        Checks.requireRange(seq, 1L, Long.MAX_VALUE, "seq");
        Checks.requireNonNull(actor, "actor");
        Checks.requireNonBlank(speaker, "speaker");
        Checks.requireNonNull(text, "text");
    }
}
