package org.aiverse.recorder.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.StreamingOutput;
import org.aiverse.contracts.ValidationException;
import org.aiverse.contracts.api.ChainVerification;
import org.aiverse.contracts.api.PlaybackRequest;
import org.aiverse.contracts.recorder.SessionEvent;
import org.aiverse.recorder.api.AuditStub;
import org.aiverse.recorder.api.ExportResult;
import org.aiverse.recorder.api.Playback;
import org.aiverse.recorder.api.Recorder;
import org.aiverse.recorder.api.RecordingAdmin;
import org.aiverse.recorder.api.RecordingInfo;
import org.aiverse.recorder.api.RecordingQuery;
import org.aiverse.recorder.api.RedactionRequest;
import org.aiverse.recorder.api.RetentionSettings;
import org.aiverse.rest.RequiresOperator;
import org.aiverse.rest.RestApi;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * {@code /api/v1/recorder}: the checkpoint signing keys (public, for offline verification), and for operators
 * every session's recording: list, append (engines and adapters that log over HTTP), verify, playback,
 * retention, redaction, deletion and export.
 */
@Component(service = RecorderOperatorResource.class)
@JaxrsResource
@JaxrsApplicationSelect(RestApi.APPLICATION_SELECT)
@Path("recorder")
public final class RecorderOperatorResource {

    private final Recorder recorder;
    private final RecordingQuery query;
    private final RecordingAdmin admin;

    @Activate
    public RecorderOperatorResource(
            @Reference Recorder recorder, @Reference RecordingQuery query, @Reference RecordingAdmin admin) {
        this.recorder = recorder;
        this.query = query;
        this.admin = admin;
    }

    /** The public keys that sign checkpoints, as JWKs. */
    @GET
    @Path("keys")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> keys() {
        return Map.of("keys", query.keys());
    }

    @GET
    @Path("sessions")
    @RequiresOperator
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> recordings() {
        return Map.of("items", query.recordings());
    }

    @GET
    @Path("sessions/{id}")
    @RequiresOperator
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> recording(@PathParam("id") String id) {
        RecordingInfo info = RestSupport.call(() ->
                query.recording(id).orElseThrow(() -> new java.util.NoSuchElementException("no recording of " + id)));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("recording", info);
        out.put("audit", admin.auditStubs(id));
        return out;
    }

    @POST
    @Path("sessions/{id}/events")
    @RequiresOperator
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response append(@PathParam("id") String id, AppendRequest body) {
        if (body == null) {
            throw new ValidationException("$", "body is required");
        }
        SessionEvent e = recorder.append(id, body.actor(), body.type(), body.payload());
        return Response.status(201).entity(e).build();
    }

    @GET
    @Path("sessions/{id}/verify")
    @RequiresOperator
    @Produces(MediaType.APPLICATION_JSON)
    public ChainVerification verify(@PathParam("id") String id) {
        return RestSupport.call(() -> query.verify(id));
    }

    @GET
    @Path("sessions/{id}/playback")
    @RequiresOperator
    @Produces(MediaType.APPLICATION_JSON)
    public Playback playback(
            @PathParam("id") String id,
            @QueryParam("from_seq") String fromSeq,
            @QueryParam("to_seq") String toSeq,
            @QueryParam("actor") String actor,
            @QueryParam("types") String types,
            @QueryParam("include_media") String includeMedia,
            @QueryParam("page_size") String pageSize,
            @QueryParam("cursor") String cursor,
            @QueryParam("top_k") String topK) {
        PlaybackRequest request =
                RestSupport.fromQuery(id, fromSeq, toSeq, actor, types, includeMedia, pageSize, cursor);
        int k = RestSupport.topK(topK);
        return RestSupport.call(() -> query.playback(request, k));
    }

    @POST
    @Path("sessions/{id}/playback")
    @RequiresOperator
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Playback playback(@PathParam("id") String id, @QueryParam("top_k") String topK, PlaybackRequest body) {
        RestSupport.requireSameSession(id, body);
        int k = RestSupport.topK(topK);
        return RestSupport.call(() -> query.playback(body, k));
    }

    @POST
    @Path("sessions/{id}/retention")
    @RequiresOperator
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public RecordingInfo retention(@PathParam("id") String id, RetentionSettings body) {
        if (body == null) {
            throw new ValidationException("$", "body is required");
        }
        return RestSupport.call(() -> admin.retention(id, body));
    }

    @POST
    @Path("sessions/{id}/redactions")
    @RequiresOperator
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> redact(@PathParam("id") String id, RedactionRequest body) {
        if (body == null) {
            throw new ValidationException("$", "body is required");
        }
        List<AuditStub> stubs = RestSupport.call(() -> admin.redact(id, body));
        return Map.of("redacted", stubs);
    }

    @DELETE
    @Path("sessions/{id}")
    @RequiresOperator
    @Produces(MediaType.APPLICATION_JSON)
    public AuditStub delete(@PathParam("id") String id, @QueryParam("reason") String reason) {
        return RestSupport.call(() -> admin.delete(id, reason == null || reason.isBlank() ? "operator" : reason));
    }

    /** The export bundle as a zip download. */
    @GET
    @Path("sessions/{id}/export")
    @RequiresOperator
    @Produces({"application/zip", MediaType.APPLICATION_JSON})
    public Response export(@PathParam("id") String id) {
        java.nio.file.Path dir;
        try {
            dir = Files.createTempDirectory("aiverse-export-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ExportResult result = RestSupport.call(() -> admin.export(id, dir));
        StreamingOutput body = out -> {
            try {
                Files.copy(result.file(), out);
            } finally {
                Files.deleteIfExists(result.file());
                Files.deleteIfExists(dir);
            }
        };
        return Response.ok(body, "application/zip")
                .header(
                        "Content-Disposition",
                        "attachment; filename=\"" + result.file().getFileName() + "\"")
                .build();
    }
}
