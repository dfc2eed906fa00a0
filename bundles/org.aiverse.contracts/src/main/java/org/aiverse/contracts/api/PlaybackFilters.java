package org.aiverse.contracts.api;

import java.util.List;
import org.aiverse.contracts.Checks;
import org.aiverse.contracts.recorder.Actor;
import org.aiverse.contracts.recorder.EventType;

/**
 * Filters of a playback query (seed 5.5 {@code filters}, Frozen). An empty list does not filter.
 *
 * @param actor allowed actors; empty when absent
 * @param types allowed event types; empty when absent
 */
public record PlaybackFilters(List<Actor> actor, List<EventType> types) {

    /** Copies. */
    public PlaybackFilters {
        actor = Checks.list(actor, "actor");
        types = Checks.list(types, "types");
    }
}
