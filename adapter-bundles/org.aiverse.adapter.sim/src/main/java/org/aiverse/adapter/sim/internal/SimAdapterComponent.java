package org.aiverse.adapter.sim.internal;

import java.util.Hashtable;
import org.aiverse.contracts.adapter.Adapter;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.Version;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Registers the simulated world as an {@link Adapter} whiteboard service. Its adapter version is the bundle's
 * version, so a newer bundle installed beside this one is a newer adapter (hot swap, DESIGN §6).
 */
@Component(
        service = {},
        immediate = true,
        configurationPid = "org.aiverse.adapter.sim",
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = SimAdapterComponent.Config.class)
public final class SimAdapterComponent {

    /** How the simulation runs. */
    @ObjectClassDefinition(name = "AI-Verse simulated world", description = "Timings and failures of the sim world")
    public @interface Config {
        @AttributeDefinition(description = "Multiplies every simulated duration (1 = realistic, 0.01 = fast tests)")
        double timeScale() default 1.0;

        @AttributeDefinition(description = "Share of actions that fail once with a retryable engine_error")
        double failureRate() default 0.02;
    }

    private final SimAdapter adapter;
    private final ServiceRegistration<Adapter> registration;

    @Activate
    public SimAdapterComponent(BundleContext context, Config config) {
        Version v = context.getBundle().getVersion();
        String version = v.getMajor() + "." + v.getMinor() + "." + v.getMicro();
        this.adapter = new SimAdapter(version, config.timeScale(), config.failureRate());
        this.registration =
                context.registerService(Adapter.class, adapter, new Hashtable<>(adapter.serviceProperties()));
    }

    @Deactivate
    void deactivate() {
        registration.unregister();
        adapter.close();
    }
}
