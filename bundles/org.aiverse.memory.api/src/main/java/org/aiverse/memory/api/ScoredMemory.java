package org.aiverse.memory.api;

import org.aiverse.contracts.memory.MemoryItem;

/**
 * One retrieval hit: the memory, its score and the explanation of every term.
 *
 * @param memory the memory
 * @param score the seed 4.9 score
 * @param explanation the terms
 */
public record ScoredMemory(MemoryItem memory, double score, ScoreExplanation explanation) {}
