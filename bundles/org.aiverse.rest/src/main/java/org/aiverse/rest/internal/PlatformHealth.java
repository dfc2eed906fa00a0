package org.aiverse.rest.internal;

import java.util.Map;
import org.aiverse.contracts.health.ComponentHealth;
import org.aiverse.contracts.health.HealthContributor;

/** Runs contributors safely and folds their states. */
final class PlatformHealth {

    private PlatformHealth() {}

    /** A contributor that throws is reported down, never propagated. */
    static ComponentHealth check(HealthContributor contributor) {
        try {
            return contributor.health();
        } catch (RuntimeException e) {
            return ComponentHealth.down(contributor.getClass().getSimpleName(), "check failed: " + e, Map.of());
        }
    }
}
