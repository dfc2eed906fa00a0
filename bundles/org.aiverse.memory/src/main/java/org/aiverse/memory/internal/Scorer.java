package org.aiverse.memory.internal;

import java.util.Collection;
import java.util.Set;
import org.aiverse.contracts.memory.MemoryItem;
import org.aiverse.memory.api.ScoreExplanation;
import org.aiverse.memory.api.ScoringWeights;

/** The seed 4.9 retrieval score, term by term. */
final class Scorer {

    private static final double SECONDS_PER_DAY = 86_400.0;

    private final ScoringWeights weights;

    Scorer(ScoringWeights weights) {
        this.weights = weights;
    }

    ScoringWeights weights() {
        return weights;
    }

    /**
     * Scores a memory.
     *
     * @param m the memory
     * @param memoryTags its tags, lower-cased
     * @param sim cosine similarity of its embedding and the query's
     * @param queryTags the query's tags, lower-cased
     * @param now {@code t_now} in Unix seconds
     */
    ScoreExplanation score(MemoryItem m, Set<String> memoryTags, double sim, Collection<String> queryTags, long now) {
        double deltaDays = Math.max(0, now - m.ts()) / SECONDS_PER_DAY;
        double recency = Math.exp(-weights.lambda() * deltaDays);
        double emo = m.emotion() == null
                ? 0.0
                : weights.emo(m.emotion().valence(), m.emotion().arousal());
        int matches = 0;
        for (String t : queryTags) {
            if (memoryTags.contains(t)) {
                matches++;
            }
        }
        double tagBoost = Math.min(weights.tagBoostCap(), matches * weights.tagBoostPerMatch());
        double pinBoost = m.pinned() ? weights.pinBoost() : 0.0;
        return new ScoreExplanation(sim, deltaDays, recency, emo, m.salience(), tagBoost, pinBoost, weights);
    }
}
