package org.aiverse.policy.internal;

import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.function.LongSupplier;
import org.aiverse.policy.api.PolicyGate;

/**
 * The gate outside OSGi, with in-memory counters and budget ledger and no recorder: for unit tests and the JMH
 * benchmark (the bundle exports nothing, so only plain class-path users can reach this).
 */
public final class StandaloneGate {

    private StandaloneGate() {}

    /**
     * Builds a gate.
     *
     * @param overrides configuration properties of {@link GateConfig} by method name; the rest keep their defaults
     * @param clock the gate's clock in epoch nanoseconds
     * @return the gate
     */
    public static PolicyGate create(Map<String, Object> overrides, LongSupplier clock) {
        return build(overrides, clock, new InMemoryBudgetLedger());
    }

    static PolicyGateImpl build(Map<String, Object> overrides, LongSupplier clock, BudgetLedger ledger) {
        GateConfig config = config(overrides);
        GateSettings settings = GateSettings.from(config, PolicyGateComponent.loadRulesets(config, null));
        return new PolicyGateImpl(settings, new InMemoryCounterStore(), ledger, clock, () -> null, () -> null);
    }

    /** A {@link GateConfig} with the given properties and the declared defaults for the rest. */
    static GateConfig config(Map<String, Object> overrides) {
        return (GateConfig) Proxy.newProxyInstance(
                GateConfig.class.getClassLoader(), new Class<?>[] {GateConfig.class}, (proxy, method, args) -> {
                    if (overrides.containsKey(method.getName())) {
                        return overrides.get(method.getName());
                    }
                    if (method.getDefaultValue() != null) {
                        return method.getDefaultValue();
                    }
                    return switch (method.getName()) {
                        case "annotationType" -> GateConfig.class;
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        default -> "GateConfig" + overrides;
                    };
                });
    }
}
