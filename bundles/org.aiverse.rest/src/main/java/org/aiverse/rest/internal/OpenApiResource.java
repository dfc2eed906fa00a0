package org.aiverse.rest.internal;

import io.swagger.v3.jaxrs2.Reader;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.servers.Server;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import org.aiverse.rest.RestApi;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceObjects;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * {@code GET /api/v1/openapi.json}: the OpenAPI 3 description of the API, generated on request from the
 * JAX-RS annotations of every resource registered with the application right now, so it is complete whichever
 * bundles are installed.
 */
@Component(service = OpenApiResource.class)
@JaxrsResource
@JaxrsApplicationSelect(RestApi.APPLICATION_SELECT)
@Path("openapi.json")
public final class OpenApiResource {

    /** Whiteboard resources are registered under any service interface: they are found by their property alone. */
    private static final String RESOURCES = "(osgi.jaxrs.resource=true)";

    private final String version;
    private final BundleContext context;

    /**
     * Nothing is looked up here: this component is a whiteboard resource itself, and asking the framework for the
     * resources while it is being constructed (a service tracker gets every service it adds) asks for this very
     * component, a service factory cycle that leaves the whiteboard application half assembled.
     */
    @Activate
    public OpenApiResource(BundleContext context) {
        this.context = context;
        this.version = context.getBundle().getVersion().toString();
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public String openApi() {
        Set<Class<?>> classes = new LinkedHashSet<>();
        for (ServiceReference<?> ref : resourceReferences()) {
            Class<?> type = resourceClass(ref);
            if (type != null) {
                classes.add(type);
            }
        }
        OpenAPI base = new OpenAPI()
                .info(new Info()
                        .title("AI-Verse API")
                        .version(version)
                        .description("REST API of the AI-Verse platform (seed section 5). Errors are "
                                + "{\"error\":{\"code\",\"message\",\"corr_id\"}} with the status of seed 5.8."))
                .addServersItem(new Server().url(RestApi.BASE));
        OpenAPI api = new Reader(base).read(classes);
        return io.swagger.v3.core.util.Json.pretty(api);
    }

    private List<ServiceReference<?>> resourceReferences() {
        try {
            ServiceReference<?>[] refs = context.getServiceReferences((String) null, RESOURCES);
            return refs == null ? List.of() : List.of(refs);
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(RESOURCES, e);
        }
    }

    /** The implementation class of a resource service; this component's own without asking the framework. */
    private Class<?> resourceClass(ServiceReference<?> ref) {
        if (OpenApiResource.class.getName().equals(ref.getProperty("component.name"))) {
            return OpenApiResource.class;
        }
        return classOf(context.getServiceObjects(ref));
    }

    private static <S> Class<?> classOf(ServiceObjects<S> objects) {
        S resource = objects == null ? null : objects.getService();
        if (resource == null) {
            return null;
        }
        try {
            return resource.getClass();
        } finally {
            objects.ungetService(resource);
        }
    }
}
