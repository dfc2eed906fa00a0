package org.aiverse.registry.internal;

import java.util.List;
import java.util.Optional;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;
import org.aiverse.contracts.ValidationException;
import org.aiverse.contracts.adapter.AdapterKind;
import org.aiverse.contracts.api.BridgeDetail;
import org.aiverse.contracts.api.BridgeListResponse;
import org.aiverse.contracts.api.BridgeSummary;
import org.aiverse.contracts.api.ErrorCode;
import org.aiverse.contracts.api.HealthFilter;
import org.aiverse.contracts.api.OkResponse;
import org.aiverse.contracts.api.RegisterBridgeRequest;
import org.aiverse.registry.api.BridgeRegistry;
import org.aiverse.rest.ApiException;
import org.aiverse.rest.RequiresOperator;
import org.aiverse.rest.RestApi;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/** The bridge registry endpoints, exactly as seed 5.7. */
@Component(service = BridgesResource.class)
@JaxrsResource
@JaxrsApplicationSelect(RestApi.APPLICATION_SELECT)
@Path("bridges")
@Produces(MediaType.APPLICATION_JSON)
public final class BridgesResource {

    private final BridgeRegistry registry;

    @Activate
    public BridgesResource(@Reference BridgeRegistry registry) {
        this.registry = registry;
    }

    /** {@code GET /api/v1/bridges?kind=adapter|world|headset&health=ok|degraded|any}. */
    @GET
    public BridgeListResponse list(@QueryParam("kind") String kind, @QueryParam("health") String health) {
        Optional<AdapterKind> k =
                kind == null || kind.isEmpty() ? Optional.empty() : Optional.of(AdapterKind.fromWire(kind));
        HealthFilter h = health == null || health.isEmpty() ? HealthFilter.ANY : HealthFilter.fromWire(health);
        List<BridgeSummary> items = registry.list(k, h).stream()
                .map(d -> new BridgeSummary(
                        d.id(),
                        d.kind(),
                        d.name(),
                        d.version(),
                        d.capabilities(),
                        d.health(),
                        d.adapter(),
                        d.healthReason()))
                .toList();
        return new BridgeListResponse(items);
    }

    /** {@code GET /api/v1/bridges/{id}}. */
    @GET
    @Path("{id}")
    public BridgeDetail get(@PathParam("id") String id) {
        return registry.get(id).orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "no bridge " + id));
    }

    /** {@code POST /api/v1/bridges/register}, for operators. */
    @POST
    @Path("register")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresOperator
    public OkResponse register(RegisterBridgeRequest request) {
        if (request == null) {
            throw new ValidationException(ValidationException.ROOT, "body is required");
        }
        registry.register(request);
        return OkResponse.OK;
    }
}
