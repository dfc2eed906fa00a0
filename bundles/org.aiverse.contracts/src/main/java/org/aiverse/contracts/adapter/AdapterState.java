package org.aiverse.contracts.adapter;

import java.util.Map;
import org.aiverse.contracts.Checks;

/**
 * An adapter's state snapshot for observability (seed 3.3 {@code AdapterState}, Adapter Health, Frozen).
 *
 * @param health the adapter's health, required
 * @param metrics numeric metrics such as {@code queue_depth}, {@code exec_p90_ms}; empty when absent
 */
public record AdapterState(AdapterHealth health, Map<String, Number> metrics) {

    /** Validates and copies. */
    public AdapterState {
        Checks.requireNonNull(health, "health");
        metrics = Checks.map(metrics, "metrics");
    }
}
