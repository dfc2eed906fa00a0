package org.aiverse.contracts.api;

import java.util.List;
import org.aiverse.contracts.Checks;

/**
 * Emotional restriction of a memory query (seed 5.2 {@code filters.emotion}, Frozen).
 *
 * @param labels memories must carry one of these labels; empty when absent (no restriction)
 * @param minValence least valence in [-1,1] ({@code min_valence}); optional
 */
public record EmotionFilter(List<String> labels, Double minValence) {

    /** Validates and copies. */
    public EmotionFilter {
        labels = Checks.stringList(labels, "labels");
        Checks.optionalRange(minValence, -1.0, 1.0, "min_valence");
    }
}
