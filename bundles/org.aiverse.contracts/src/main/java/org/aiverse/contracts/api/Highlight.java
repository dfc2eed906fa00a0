package org.aiverse.contracts.api;

import java.util.List;
import org.aiverse.contracts.Checks;

/**
 * A highlight of a recording (seed 3.5 Highlight object, seed 5.5 {@code highlights}).
 *
 * @param seq the event it points at, at least 1, required
 * @param label label, e.g. {@code greeting}, required
 * @param score score in [0,1], required
 * @param features heuristics that fired, e.g. {@code novelty}; empty when absent
 * @param ts Unix seconds of the event; optional
 */
public record Highlight(long seq, String label, double score, List<String> features, Long ts) {

    /** Validates and copies. */
    public Highlight {
        Checks.requireRange(seq, 1L, Long.MAX_VALUE, "seq");
        Checks.requireNonBlank(label, "label");
        Checks.requireRange(score, 0.0, 1.0, "score");
        features = Checks.stringList(features, "features");
        Checks.optionalRange(ts, 0L, Long.MAX_VALUE, "ts");
    }
}
