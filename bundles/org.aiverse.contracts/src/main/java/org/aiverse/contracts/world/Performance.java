package org.aiverse.contracts.world;

/**
 * Performance settings of a world template (seed 4.10 {@code performance}).
 *
 * @param budgetMs per-frame budgets ({@code budget_ms}); optional
 * @param lod level-of-detail settings; optional
 */
public record Performance(FrameBudget budgetMs, Lod lod) {}
