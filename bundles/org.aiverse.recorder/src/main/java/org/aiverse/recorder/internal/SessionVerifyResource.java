package org.aiverse.recorder.internal;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.SecurityContext;
import org.aiverse.contracts.api.ChainVerification;
import org.aiverse.recorder.api.RecordingQuery;
import org.aiverse.rest.RequiresScope;
import org.aiverse.rest.RestApi;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * {@code GET /api/v1/sessions/{id}/verify} (DESIGN §5): {@code {ok, verified, first_bad_seq?, reason?}} for the
 * session's whole chain, recomputed from the stored bytes with its signed checkpoints.
 */
@Component(service = SessionVerifyResource.class)
@JaxrsResource
@JaxrsApplicationSelect(RestApi.APPLICATION_SELECT)
@Path("sessions/{id}/verify")
@RequiresScope("persona.use")
public final class SessionVerifyResource {

    private final RecordingQuery query;

    @Activate
    public SessionVerifyResource(@Reference RecordingQuery query) {
        this.query = query;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public ChainVerification verify(@PathParam("id") String id, @Context SecurityContext security) {
        RestSupport.authorize(security, query, id);
        return RestSupport.call(() -> query.verify(id));
    }
}
