package org.aiverse.core.internal;

import java.math.BigDecimal;
import java.util.List;
import org.aiverse.contracts.percept.Percept;

/**
 * A percept normalized to a symbolic event (seed 3.2 Perceptual Adapter).
 *
 * @param kind what happened
 * @param percept the original percept
 * @param text the spoken or descriptive text; empty when none
 * @param actor who spoke or acted (e.g. {@code npc_42}, {@code user}); {@code null} when nobody
 * @param entity the entity concerned (an exhibit, an item, a waypoint); {@code null} when none
 * @param name a display name of the entity; {@code null} when none
 * @param price an offer's price; {@code null} otherwise
 * @param salience how memorable it is, in [0, 1]
 * @param tags tags for memory and retrieval
 * @param key the dedupe key: two percepts with the same key are duplicates (merged in the queue)
 */
public record Stimulus(
        Kind kind,
        Percept percept,
        String text,
        String actor,
        String entity,
        String name,
        BigDecimal price,
        double salience,
        List<String> tags,
        String key) {

    /** Normalizes: {@code text} is never null, tags are copied. */
    public Stimulus {
        text = text == null ? "" : text;
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    /** The kinds of symbolic events. */
    public enum Kind {
        GREETING,
        CHAT,
        SUMMARY_REQUEST,
        EXHIBIT_NEARBY,
        TASK_GO_TO,
        OFFER,
        ARRIVED,
        PURCHASED,
        GESTURE,
        AUDIO,
        ACTION_RESULT,
        OTHER
    }
}
