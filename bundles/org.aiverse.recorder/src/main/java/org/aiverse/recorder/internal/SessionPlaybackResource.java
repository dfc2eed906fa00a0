package org.aiverse.recorder.internal;

import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.SecurityContext;
import org.aiverse.contracts.api.PlaybackRequest;
import org.aiverse.recorder.api.Playback;
import org.aiverse.recorder.api.RecordingQuery;
import org.aiverse.rest.RequiresScope;
import org.aiverse.rest.RestApi;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * {@code GET|POST /api/v1/sessions/{id}/playback} (seed 5.5, DESIGN §5): one page of the session's events with
 * media, highlights, the page's transcript and the next cursor. A consent token with {@code persona.use} plays
 * back its own session; an operator any session.
 */
@Component(service = SessionPlaybackResource.class)
@JaxrsResource
@JaxrsApplicationSelect(RestApi.APPLICATION_SELECT)
@Path("sessions/{id}/playback")
@RequiresScope("persona.use")
public final class SessionPlaybackResource {

    private final RecordingQuery query;

    @Activate
    public SessionPlaybackResource(@Reference RecordingQuery query) {
        this.query = query;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Playback get(
            @PathParam("id") String id,
            @QueryParam("from_seq") String fromSeq,
            @QueryParam("to_seq") String toSeq,
            @QueryParam("actor") String actor,
            @QueryParam("types") String types,
            @QueryParam("include_media") String includeMedia,
            @QueryParam("page_size") String pageSize,
            @QueryParam("cursor") String cursor,
            @QueryParam("top_k") String topK,
            @Context SecurityContext security) {
        PlaybackRequest request =
                RestSupport.fromQuery(id, fromSeq, toSeq, actor, types, includeMedia, pageSize, cursor);
        int k = RestSupport.topK(topK);
        RestSupport.authorize(security, query, id);
        return RestSupport.call(() -> query.playback(request, k));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Playback post(
            @PathParam("id") String id,
            @QueryParam("top_k") String topK,
            PlaybackRequest body,
            @Context SecurityContext security) {
        RestSupport.requireSameSession(id, body);
        int k = RestSupport.topK(topK);
        RestSupport.authorize(security, query, id);
        return RestSupport.call(() -> query.playback(body, k));
    }
}
