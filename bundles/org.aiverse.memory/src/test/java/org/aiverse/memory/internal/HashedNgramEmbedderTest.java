package org.aiverse.memory.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class HashedNgramEmbedderTest {

    final HashedNgramEmbedder e = new HashedNgramEmbedder();

    @Test
    void normalizedDeterministicAndEmptyForNoContent() {
        float[] a = e.embed("Visited the bioluminescent gallery");
        double norm = 0;
        for (float x : a) {
            norm += x * x;
        }
        assertThat(norm).isCloseTo(1.0, within(1e-5));
        assertThat(e.embed("Visited the bioluminescent gallery")).containsExactly(a);
        assertThat(e.embed("  ...  ")).containsOnly(0f);
        assertThat(e.dimension()).isEqualTo(256);
    }

    @Test
    void similarTextsAreCloserThanUnrelatedOnes() {
        float[] q = e.embed("bioluminescent gallery");
        double near = HashedNgramEmbedder.cosine(q, e.embed("Visited the bioluminescent galleries"));
        double far = HashedNgramEmbedder.cosine(q, e.embed("bought a tide poster in the shop"));
        assertThat(near).isGreaterThan(0.5);
        assertThat(far).isLessThan(0.2);
        assertThat(HashedNgramEmbedder.cosine(q, q)).isCloseTo(1.0, within(1e-5));
    }
}
