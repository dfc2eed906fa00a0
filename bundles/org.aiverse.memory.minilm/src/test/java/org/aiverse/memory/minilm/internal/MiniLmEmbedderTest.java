package org.aiverse.memory.minilm.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.aiverse.memory.internal.HashedNgramEmbedder;
import org.junit.jupiter.api.Test;

/** The real model, loaded from the Maven artifact on the class path: paraphrases are near, unrelated texts far. */
class MiniLmEmbedderTest {

    static final MiniLmEmbedder MODEL = new MiniLmEmbedder();

    @Test
    void capturesMeaningBeyondSharedWords() {
        String memory = "A fern that glows softly at dusk.";
        String paraphrase = "luminous plant in the evening";
        String unrelated = "I paid my taxes at the bank";
        float[] m = MODEL.embed(memory);
        double near = HashedNgramEmbedder.cosine(m, MODEL.embed(paraphrase));
        double far = HashedNgramEmbedder.cosine(m, MODEL.embed(unrelated));
        assertThat(near).isGreaterThan(far + 0.2);
        // the built-in hashed n-grams see no shared word in the paraphrase: this is what the model adds
        HashedNgramEmbedder hashed = new HashedNgramEmbedder();
        assertThat(HashedNgramEmbedder.cosine(hashed.embed(memory), hashed.embed(paraphrase)))
                .isLessThan(near);
    }

    @Test
    void normalizedDeterministicVectorsOf384() {
        float[] a = MODEL.embed("Visited the bioluminescent gallery");
        assertThat(a).hasSize(384);
        double norm = 0;
        for (float x : a) {
            norm += x * x;
        }
        assertThat(norm).isCloseTo(1.0, within(1e-4));
        assertThat(MODEL.embed("Visited the bioluminescent gallery")).containsExactly(a);
        assertThat(MODEL.embed("   ")).containsOnly(0f);
        assertThat(MODEL.id()).isEqualTo("all-minilm-l6-v2-q");
    }
}
