package ${package};

import java.util.Hashtable;
import org.aiverse.contracts.adapter.Adapter;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.Version;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * Registers the ${adapterId} adapter as an OSGi service of the {@link Adapter} SPI with the properties the
 * registry reads ({@code aiverse.adapter.id/kind/version/contract.version/capabilities}). The adapter's version is
 * this bundle's version, so a newer bundle installed beside this one is a newer adapter (hot swap).
 */
@Component(service = {}, immediate = true)
public final class EngineAdapterComponent {

    private final EngineAdapter adapter;
    private final ServiceRegistration<Adapter> registration;

    @Activate
    public EngineAdapterComponent(BundleContext context) {
        Version v = context.getBundle().getVersion();
        String version = v.getMajor() + "." + v.getMinor() + "." + v.getMicro();
        // your engine goes here: new EngineAdapter(version, new MyEngineClient(...))
        this.adapter = new EngineAdapter(version, new LoggingEngine());
        this.registration =
                context.registerService(Adapter.class, adapter, new Hashtable<>(adapter.serviceProperties()));
    }

    @Deactivate
    void deactivate() {
        registration.unregister();
        adapter.close();
    }
}
