package org.aiverse.memory.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the Memory Gradient Engine, PID {@code org.aiverse.memory}: the seed 4.9 weights and the retrieval index's bound. */
@ObjectClassDefinition(name = "AI-Verse memory", description = "Retrieval scoring of the Memory Gradient Engine")
public @interface MemoryConfig {

    @AttributeDefinition(description = "w_s: weight of the cosine similarity")
    double weightSimilarity() default 0.45;

    @AttributeDefinition(description = "w_t: weight of the recency decay exp(-lambda * days)")
    double weightRecency() default 0.15;

    @AttributeDefinition(description = "w_e: weight of the emotional term")
    double weightEmotion() default 0.10;

    @AttributeDefinition(description = "w_g: weight of the stored salience")
    double weightSalience() default 0.20;

    @AttributeDefinition(description = "w_tag: weight of the tag boost")
    double weightTag() default 0.07;

    @AttributeDefinition(description = "w_pin: weight of the pin boost")
    double weightPin() default 0.03;

    @AttributeDefinition(description = "lambda: decay per day (0.02 is a half-life of about 35 days)")
    double lambda() default 0.02;

    @AttributeDefinition(description = "Share of valence in emo(m) = valenceWeight * valence * (0.5 + 0.5 * arousal)")
    double valenceWeight() default 1.0;

    @AttributeDefinition(
            description = "Memories written by sessions that a snapshot's retrieval index keeps, the newest (imported "
                    + "and pinned memories are always kept; older ones stay stored and exported)")
    int indexCapacity() default MemoryEngineImpl.DEFAULT_INDEX_CAPACITY;
}
