package org.aiverse.contracts.health;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A platform component that reports its health. Components register it as an OSGi service; the health endpoint
 * and shell collect all of them (observability, seed 8).
 */
@ConsumerType
@FunctionalInterface
public interface HealthContributor {

    /**
     * Returns the component's current health from a live check (a query, a round trip through the broker). A
     * check must bound its own wait (a few seconds at most) and must not throw: report {@code down} instead.
     */
    ComponentHealth health();
}
