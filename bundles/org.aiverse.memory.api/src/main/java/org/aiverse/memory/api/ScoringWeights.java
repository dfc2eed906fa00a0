package org.aiverse.memory.api;

/**
 * The weights and constants of the retrieval score (seed 4.9):
 * {@code score = w_s*sim + w_t*exp(-λ*Δt_days) + w_e*emo + w_g*salience + w_tag*tag_boost + w_pin*pin_boost}.
 *
 * @param similarity {@code w_s}
 * @param recency {@code w_t}
 * @param emotion {@code w_e}
 * @param salience {@code w_g}
 * @param tag {@code w_tag}
 * @param pin {@code w_pin}
 * @param lambda decay per day {@code λ}
 * @param tagBoostPerMatch boost per matching query tag
 * @param tagBoostCap cap of the tag boost
 * @param pinBoost boost of a pinned memory
 * @param valenceWeight share of valence in {@code emo(m)}; arousal scales it (see {@link #emo})
 */
public record ScoringWeights(
        double similarity,
        double recency,
        double emotion,
        double salience,
        double tag,
        double pin,
        double lambda,
        double tagBoostPerMatch,
        double tagBoostCap,
        double pinBoost,
        double valenceWeight) {

    /** The seed's defaults: 0.45, 0.15, 0.10, 0.20, 0.07, 0.03; λ 0.02; +0.05 per tag capped at 0.2; pin +0.3. */
    public static final ScoringWeights DEFAULTS =
            new ScoringWeights(0.45, 0.15, 0.10, 0.20, 0.07, 0.03, 0.02, 0.05, 0.2, 0.3, 1.0);

    /**
     * The emotional weight {@code emo(m)} in [-1, +1] (seed 4.9 "mapped from valence/arousal"): valence, scaled by
     * arousal towards its full strength, {@code valenceWeight * valence * (0.5 + 0.5 * arousal)}, clamped.
     *
     * @param valence in [-1, 1]
     * @param arousal in [0, 1]
     * @return the weight
     */
    public double emo(double valence, double arousal) {
        double v = valenceWeight * valence * (0.5 + 0.5 * arousal);
        return Math.max(-1.0, Math.min(1.0, v));
    }
}
