package org.aiverse.contracts.world;

/**
 * Level-of-detail settings (seed 4.10 {@code performance.lod}).
 *
 * @param auto whether the engine picks LOD automatically, required
 */
public record Lod(boolean auto) {}
