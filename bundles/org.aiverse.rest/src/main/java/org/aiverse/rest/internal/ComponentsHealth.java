package org.aiverse.rest.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.aiverse.contracts.health.ComponentHealth;
import org.aiverse.contracts.health.HealthContributor;
import org.apache.karaf.features.BootFinished;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/**
 * The {@code platform} component of the health report: every AI-Verse bundle is active and every one of their
 * Declarative Services components is satisfied; names what is not. Until Karaf has installed its boot features
 * (it then publishes {@link BootFinished}) the platform is {@code down} ("starting"): the features service may
 * still refresh bundles, and every endpoint with them, so nothing should route traffic to the node yet.
 */
@Component(service = HealthContributor.class)
public final class ComponentsHealth implements HealthContributor {

    private static final String PREFIX = "org.aiverse.";

    private final BundleContext context;
    private final ServiceComponentRuntime scr;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile BootFinished booted;

    @Activate
    public ComponentsHealth(BundleContext context, @Reference ServiceComponentRuntime scr) {
        this.context = context;
        this.scr = scr;
    }

    @Override
    public ComponentHealth health() {
        if (booted == null) {
            return ComponentHealth.down("platform", "starting: Karaf is still installing its boot features");
        }
        List<String> inactiveBundles = new ArrayList<>();
        int bundles = 0;
        List<Bundle> ours = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            String name = b.getSymbolicName();
            if (name != null && name.startsWith(PREFIX)) {
                bundles++;
                ours.add(b);
                if (b.getState() != Bundle.ACTIVE) {
                    inactiveBundles.add(name + " " + b.getVersion());
                }
            }
        }
        List<String> unsatisfied = new ArrayList<>();
        int components = 0;
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs(ours.toArray(Bundle[]::new))) {
            if (!scr.isComponentEnabled(d)) {
                continue;
            }
            for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                components++;
                if (c.state == ComponentConfigurationDTO.UNSATISFIED_REFERENCE
                        || c.state == ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION
                        || c.state == ComponentConfigurationDTO.FAILED_ACTIVATION) {
                    unsatisfied.add(d.name + (c.failure == null ? "" : ": " + firstLine(c.failure)));
                }
            }
        }
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("bundles", bundles);
        detail.put("components", components);
        if (!inactiveBundles.isEmpty()) {
            detail.put("inactive_bundles", inactiveBundles);
        }
        if (!unsatisfied.isEmpty()) {
            detail.put("unsatisfied_components", unsatisfied);
        }
        if (!inactiveBundles.isEmpty() || !unsatisfied.isEmpty()) {
            return ComponentHealth.degraded("platform", "some AI-Verse bundles or components are not running", detail);
        }
        return ComponentHealth.up("platform", detail);
    }

    private static String firstLine(String text) {
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }
}
