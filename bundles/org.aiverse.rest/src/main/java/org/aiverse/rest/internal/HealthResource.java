package org.aiverse.rest.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import org.aiverse.contracts.health.ComponentHealth;
import org.aiverse.contracts.health.HealthContributor;
import org.aiverse.contracts.health.HealthStatus;
import org.aiverse.rest.RestApi;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * {@code GET /api/v1/health}: the state of every platform component that contributes a live check. The
 * status is the worst of the components; the answer is {@code 503} when any is down, so load balancers and
 * orchestrators can use it as is.
 */
@Component(service = HealthResource.class)
@JaxrsResource
@JaxrsApplicationSelect(RestApi.APPLICATION_SELECT)
@Path("health")
public final class HealthResource {

    private final List<HealthContributor> contributors = new CopyOnWriteArrayList<>();
    private final String node;
    private final String version;

    @Activate
    public HealthResource(BundleContext context) {
        String name = context.getProperty("karaf.name");
        this.node = name == null ? "node" : name;
        this.version = context.getBundle().getVersion().toString();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addContributor(HealthContributor contributor) {
        contributors.add(contributor);
    }

    void removeContributor(HealthContributor contributor) {
        contributors.remove(contributor);
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response health() {
        List<ComponentHealth> components = new ArrayList<>();
        for (HealthContributor c : contributors) {
            components.add(PlatformHealth.check(c));
        }
        components.sort(Comparator.comparing(ComponentHealth::name));
        HealthStatus overall = ComponentHealth.overall(components);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", overall);
        body.put("node", node);
        body.put("version", version);
        body.put("components", components);
        return Response.status(overall == HealthStatus.DOWN ? 503 : 200)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(body)
                .build();
    }
}
