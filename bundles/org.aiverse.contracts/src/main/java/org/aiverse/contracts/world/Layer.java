package org.aiverse.contracts.world;

import java.util.Map;
import org.aiverse.contracts.Checks;

/**
 * One procedural layer of a world template (seed 4.10 {@code layers}), e.g. {@code terrain} with its seed.
 *
 * @param name layer name, required
 * @param params free-form generator parameters; empty when absent
 */
public record Layer(String name, Map<String, Object> params) {

    /** Validates and copies. */
    public Layer {
        Checks.requireNonBlank(name, "name");
        params = Checks.freeForm(params, "params");
    }
}
