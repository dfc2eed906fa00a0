package org.aiverse.contracts.health;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.aiverse.contracts.Checks;

/**
 * The health of one platform component, as reported by a {@link HealthContributor} (observability, seed 8).
 *
 * @param name component name, required
 * @param status its status, required
 * @param detail free-form details, e.g. queue depth; empty when absent
 */
public record ComponentHealth(String name, HealthStatus status, Map<String, Object> detail) {

    /** Validates and copies. */
    public ComponentHealth {
        Checks.requireNonBlank(name, "name");
        Checks.requireNonNull(status, "status");
        detail = Checks.freeForm(detail, "detail");
    }

    /** Returns an {@code up} report without details. */
    public static ComponentHealth up(String name) {
        return new ComponentHealth(name, HealthStatus.UP, Map.of());
    }

    /** Returns an {@code up} report with details. */
    public static ComponentHealth up(String name, Map<String, Object> detail) {
        return new ComponentHealth(name, HealthStatus.UP, detail);
    }

    /** Returns a {@code down} report with a reason in {@code detail.reason}. */
    public static ComponentHealth down(String name, String reason) {
        return down(name, reason, Map.of());
    }

    /** Returns a {@code down} report: the details plus the reason in {@code detail.reason}. */
    public static ComponentHealth down(String name, String reason, Map<String, Object> detail) {
        return new ComponentHealth(name, HealthStatus.DOWN, withReason(detail, reason));
    }

    /** Returns a {@code degraded} report: the details plus the reason in {@code detail.reason}. */
    public static ComponentHealth degraded(String name, String reason, Map<String, Object> detail) {
        return new ComponentHealth(name, HealthStatus.DEGRADED, withReason(detail, reason));
    }

    /** Returns the worst status of the components ({@code down} over {@code degraded} over {@code up}); up when none. */
    public static HealthStatus overall(Collection<ComponentHealth> components) {
        HealthStatus worst = HealthStatus.UP;
        for (ComponentHealth c : components) {
            if (c.status() == HealthStatus.DOWN) {
                return HealthStatus.DOWN;
            }
            if (c.status() == HealthStatus.DEGRADED) {
                worst = HealthStatus.DEGRADED;
            }
        }
        return worst;
    }

    private static Map<String, Object> withReason(Map<String, Object> detail, String reason) {
        Map<String, Object> all = new LinkedHashMap<>(detail == null ? Map.of() : detail);
        all.put("reason", reason == null ? "unknown" : reason);
        return all;
    }
}
