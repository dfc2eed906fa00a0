package org.aiverse.contracts.memory;

import java.util.List;
import org.aiverse.contracts.Checks;

/**
 * Emotional tagging of a memory (seed 4.8 {@code emotion}).
 *
 * @param valence pleasantness in [-1,1], required
 * @param arousal intensity in [0,1], required
 * @param labels emotion labels, e.g. {@code joy}; empty when absent
 */
public record Emotion(double valence, double arousal, List<String> labels) {

    /** Validates and copies. */
    public Emotion {
        Checks.requireRange(valence, -1.0, 1.0, "valence");
        Checks.requireRange(arousal, 0.0, 1.0, "arousal");
        labels = Checks.stringList(labels, "labels");
    }
}
