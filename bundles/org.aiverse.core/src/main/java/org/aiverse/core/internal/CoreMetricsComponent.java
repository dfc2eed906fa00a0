package org.aiverse.core.internal;

import org.aiverse.policy.api.PolicyGate;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Holds the Core's {@link CoreMetrics} for the Core and the {@code /metrics} servlet. */
@Component(service = CoreMetricsComponent.class)
public final class CoreMetricsComponent {

    private final CoreMetrics metrics;

    @Activate
    public CoreMetricsComponent(@Reference PolicyGate gate) {
        this.metrics = new CoreMetrics(gate::metrics);
    }

    CoreMetrics metrics() {
        return metrics;
    }
}
