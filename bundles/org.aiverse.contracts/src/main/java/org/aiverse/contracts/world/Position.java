package org.aiverse.contracts.world;

/**
 * A position in world coordinates (seed 4.10 {@code pos}).
 *
 * @param x x coordinate, required
 * @param y y coordinate, required
 * @param z z coordinate, required
 */
public record Position(double x, double y, double z) {}
