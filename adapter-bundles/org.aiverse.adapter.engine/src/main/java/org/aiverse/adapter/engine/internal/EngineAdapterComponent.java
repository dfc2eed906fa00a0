package org.aiverse.adapter.engine.internal;

import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import org.aiverse.contracts.adapter.Adapter;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.Version;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/** Registers the engine-driven worlds {@code webxr}, {@code unity} and {@code unreal} as adapter services. */
@Component(
        service = {},
        immediate = true)
public final class EngineAdapterComponent {

    private final List<EngineAdapter> adapters = new ArrayList<>();
    private final List<ServiceRegistration<Adapter>> registrations = new ArrayList<>();

    @Activate
    public EngineAdapterComponent(BundleContext context) {
        Version v = context.getBundle().getVersion();
        String version = v.getMajor() + "." + v.getMinor() + "." + v.getMicro();
        for (EngineAdapter.Engine e : EngineAdapter.Engine.values()) {
            EngineAdapter a = new EngineAdapter(e, version);
            adapters.add(a);
            registrations.add(context.registerService(Adapter.class, a, new Hashtable<>(a.serviceProperties())));
        }
    }

    @Deactivate
    void deactivate() {
        registrations.forEach(ServiceRegistration::unregister);
        adapters.forEach(EngineAdapter::close);
    }
}
