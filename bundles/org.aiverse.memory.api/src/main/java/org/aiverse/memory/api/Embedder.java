package org.aiverse.memory.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Turns text into a vector for the {@code sim(m, q)} term of seed 4.9 (cosine similarity). The engine uses the
 * embedder with the highest {@code service.ranking}; the built-in one is always there as a fallback.
 * Implementations are thread-safe and deterministic (the same text always gives the same vector).
 */
@ConsumerType
public interface Embedder {

    /** Returns the embedder's id, e.g. {@code hashed-ngram-v1}; stored with each vector. */
    String id();

    /** Returns the length of the vectors {@link #embed} returns. */
    int dimension();

    /**
     * Embeds a text.
     *
     * @param text any text, possibly empty
     * @return an L2-normalized vector of {@link #dimension()} entries (all zeros for a text without content)
     */
    float[] embed(String text);
}
