package org.aiverse.contracts.world;

import org.aiverse.contracts.Checks;

/**
 * Hard caps of a realm for performance and moderation (seed 4.10 {@code constraints}).
 *
 * @param maxAgents most agents at once ({@code max_agents}), optional, at least 1
 * @param maxParticles most particles ({@code max_particles}), optional, not negative
 */
public record Constraints(Integer maxAgents, Integer maxParticles) {

    /** Validates. */
    public Constraints {
        Checks.optionalRange(maxAgents, 1, Integer.MAX_VALUE, "max_agents");
        Checks.optionalRange(maxParticles, 0, Integer.MAX_VALUE, "max_particles");
    }
}
