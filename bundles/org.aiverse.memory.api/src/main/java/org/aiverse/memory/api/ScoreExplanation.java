package org.aiverse.memory.api;

/**
 * Every term of a hit's seed 4.9 score, raw and weighted; {@link #score()} is the sum of the weighted terms.
 *
 * @param sim cosine similarity {@code sim(m, q)}
 * @param deltaDays {@code Δt_days}
 * @param recency {@code exp(-λ * Δt_days)}
 * @param emo {@code emo(m)} in [-1, 1]
 * @param salience stored salience
 * @param tagBoost {@code tag_boost(m, q)}
 * @param pinBoost {@code pin_boost(m)}
 * @param weights the weights applied
 */
public record ScoreExplanation(
        double sim,
        double deltaDays,
        double recency,
        double emo,
        double salience,
        double tagBoost,
        double pinBoost,
        ScoringWeights weights) {

    /** Returns the score: the weighted sum of the terms. */
    public double score() {
        return weights.similarity() * sim
                + weights.recency() * recency
                + weights.emotion() * emo
                + weights.salience() * salience
                + weights.tag() * tagBoost
                + weights.pin() * pinBoost;
    }

    /** Returns a one-line explanation, e.g. {@code 0.45*sim(0.812) + 0.15*exp(-0.02*3.1d)(0.940) + ...}. */
    public String explain() {
        return String.format(
                java.util.Locale.ROOT,
                "%.2f*sim(%.3f) + %.2f*recency(exp(-%.3f*%.1fd)=%.3f) + %.2f*emo(%.3f) + %.2f*salience(%.3f)"
                        + " + %.2f*tag_boost(%.2f) + %.2f*pin_boost(%.2f) = %.4f",
                weights.similarity(),
                sim,
                weights.recency(),
                weights.lambda(),
                deltaDays,
                recency,
                weights.emotion(),
                emo,
                weights.salience(),
                salience,
                weights.tag(),
                tagBoost,
                weights.pin(),
                pinBoost,
                score());
    }
}
