package org.aiverse.session.internal;

import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import org.aiverse.contracts.ValidationException;
import org.aiverse.contracts.api.ErrorCode;
import org.aiverse.json.Json;
import org.aiverse.rest.ApiException;
import org.aiverse.rest.RequiresOperator;
import org.aiverse.rest.RestApi;
import org.aiverse.session.api.AdapterSwitchboard;
import org.aiverse.session.api.AdapterSwitchboard.SwapPlan;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * The operator's hot swap over REST, as {@code aiverse:adapter-swap} at the console (DESIGN §6), for the web
 * pages: {@code GET /api/v1/adapters/versions} lists every installed adapter version with its health and bound
 * sessions; {@code POST /api/v1/adapters/{id}/swap {version, dry_run?}} plans (dry run) or performs the move and
 * answers the plan {@code {adapter_id, version, added, removed, sessions, refused?, dry_run}}; {@code POST
 * /api/v1/adapters/{id}/unpin}. Operators only (HTTP Basic, role {@code aiverse-operator}); an unknown version is
 * {@code 404 not_found}.
 */
@Component(service = AdapterSwapResource.class)
@JaxrsResource
@JaxrsApplicationSelect(RestApi.APPLICATION_SELECT)
@Path("adapters")
@Produces(MediaType.APPLICATION_JSON)
@RequiresOperator
public final class AdapterSwapResource {

    private final AdapterSwitchboard switchboard;

    @Activate
    public AdapterSwapResource(@Reference AdapterSwitchboard switchboard) {
        this.switchboard = switchboard;
    }

    @GET
    @Path("versions")
    public Map<String, Object> versions() {
        List<Map<String, Object>> items =
                switchboard.health().stream().map(Json::toMap).toList();
        return Map.of("items", items);
    }

    @POST
    @Path("{id}/swap")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> swap(@PathParam("id") String id, Map<String, Object> body) {
        if (body == null) {
            throw new ValidationException(ValidationException.ROOT, "body is required");
        }
        if (!(body.get("version") instanceof String version) || version.isBlank()) {
            throw new ValidationException("version", "is required (an installed version)");
        }
        Object dry = body.get("dry_run");
        if (dry != null && !(dry instanceof Boolean)) {
            throw new ValidationException("dry_run", "must be true or false");
        }
        boolean dryRun = Boolean.TRUE.equals(dry);
        try {
            return plan(dryRun ? switchboard.plan(id, version) : switchboard.swap(id, version), dryRun);
        } catch (NoSuchElementException e) {
            throw new ApiException(ErrorCode.NOT_FOUND, e.getMessage());
        }
    }

    @POST
    @Path("{id}/unpin")
    public Map<String, Object> unpin(@PathParam("id") String id) {
        switchboard.unpin(id);
        return Map.of("ok", true);
    }

    /** The plan in the one JSON mapping (seed field names, no nulls), with whether it was only a dry run. */
    private static Map<String, Object> plan(SwapPlan p, boolean dryRun) {
        Map<String, Object> m = Json.toMap(p);
        m.put("dry_run", dryRun);
        return m;
    }
}
