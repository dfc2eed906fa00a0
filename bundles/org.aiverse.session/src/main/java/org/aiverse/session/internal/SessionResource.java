package org.aiverse.session.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.Supplier;
import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import org.aiverse.auth.api.Consent;
import org.aiverse.auth.api.ConsentDenied;
import org.aiverse.auth.api.ConsentRequest;
import org.aiverse.auth.api.TokenValidator;
import org.aiverse.contracts.ValidationException;
import org.aiverse.contracts.api.ErrorCode;
import org.aiverse.contracts.api.SessionStateResponse;
import org.aiverse.contracts.api.TerminationReason;
import org.aiverse.contracts.consent.Scopes;
import org.aiverse.json.Json;
import org.aiverse.rest.ApiException;
import org.aiverse.rest.RestApi;
import org.aiverse.session.api.SessionConflictException;
import org.aiverse.session.api.SessionInfo;
import org.aiverse.session.api.StartOptions;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * The session lifecycle endpoints (seed 5.3) and the emergency stop (seed 7.3). Every call needs the owner's
 * consent token with {@code persona.use} (seed 5.6); the token's {@code sessionId} is bound to the session at
 * start, and pause, terminate and stop need a token of that consent session (after a stop it is revoked, and only
 * a fresh token resumes). Unknown session: {@code 404 not_found}; wrong state: {@code 409 conflict}.
 */
@Component(service = SessionResource.class)
@JaxrsResource
@JaxrsApplicationSelect(RestApi.APPLICATION_SELECT)
@Path("sessions")
public final class SessionResource {

    private final SessionService sessions;
    private final TokenValidator tokens;

    @Context
    private HttpServletRequest servletRequest;

    @Activate
    public SessionResource(@Reference SessionService sessions, @Reference TokenValidator tokens) {
        this.sessions = sessions;
        this.tokens = tokens;
    }

    /** {@code POST /api/v1/sessions {snapshot_id, world_id, mode}} → {@code 201 {id, state:"running"}}. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response start(
            Map<String, Object> body,
            @HeaderParam("Authorization") String authorization,
            @HeaderParam("Origin") String origin) {
        Consent consent = consent(authorization, origin, null);
        if (body == null) {
            throw new ValidationException(ValidationException.ROOT, "body is required");
        }
        StartOptions options = Json.convert(body, StartOptions.class);
        SessionInfo info = call(() -> sessions.start(options, consent));
        return Response.status(Response.Status.CREATED)
                .entity(info.response(false))
                .build();
    }

    @POST
    @Path("{id}/pause")
    @Produces(MediaType.APPLICATION_JSON)
    public SessionStateResponse pause(
            @PathParam("id") String id,
            Map<String, Object> body,
            @HeaderParam("Authorization") String authorization,
            @HeaderParam("Origin") String origin) {
        bound(id, consent(authorization, origin, id));
        Object reason = body == null ? null : body.get("reason");
        return call(() -> sessions.pause(id, reason == null ? "user_request" : reason.toString()))
                .response(false);
    }

    @POST
    @Path("{id}/resume")
    @Produces(MediaType.APPLICATION_JSON)
    public SessionStateResponse resume(
            @PathParam("id") String id,
            @HeaderParam("Authorization") String authorization,
            @HeaderParam("Origin") String origin) {
        Consent consent = consent(authorization, origin, id);
        SessionInfo info = owned(id, consent);
        if (!info.stopped() && !consent.sessionId().equals(info.consentSessionId())) {
            throw new ApiException(ErrorCode.BLOCKED_SCOPE, "the token is bound to another consent session");
        }
        return call(() -> sessions.resume(id, consent)).response(false);
    }

    @POST
    @Path("{id}/terminate")
    @Produces(MediaType.APPLICATION_JSON)
    public SessionStateResponse terminate(
            @PathParam("id") String id,
            Map<String, Object> body,
            @HeaderParam("Authorization") String authorization,
            @HeaderParam("Origin") String origin) {
        bound(id, consent(authorization, origin, id));
        Object reason = body == null ? null : body.get("reason");
        TerminationReason why =
                reason == null ? TerminationReason.USER_REQUEST : TerminationReason.fromWire(reason.toString());
        return call(() -> sessions.terminate(id, why)).response(false);
    }

    /** Emergency stop (seed 7.3); {@code {"pause": true}} pauses instead of terminating. */
    @POST
    @Path("{id}/stop")
    @Produces(MediaType.APPLICATION_JSON)
    public SessionStateResponse stop(
            @PathParam("id") String id,
            Map<String, Object> body,
            @HeaderParam("Authorization") String authorization,
            @HeaderParam("Origin") String origin) {
        bound(id, consent(authorization, origin, id));
        Object pause = body == null ? null : body.get("pause");
        if (pause != null && !(pause instanceof Boolean)) {
            throw new ValidationException("pause", "must be true or false");
        }
        return call(() -> sessions.stop(id, "api", (Boolean) pause)).response(false);
    }

    /**
     * {@code GET /api/v1/sessions} → {@code {items: [{id, state, reason?, ts, snapshot_id, world_id, adapter_id,
     * adapter_version, mode, stopped}]}}: the caller's sessions this node knows, the latest transition first (the web
     * pages' sessions list).
     */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> list(
            @HeaderParam("Authorization") String authorization, @HeaderParam("Origin") String origin) {
        Consent consent = consent(authorization, origin, null);
        List<Map<String, Object>> items = new ArrayList<>();
        for (SessionInfo s : sessions.list()) {
            if (!s.ownerId().equals(consent.sub())) {
                continue;
            }
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("id", s.id());
            item.put("state", s.state().wire());
            if (s.reason() != null) {
                item.put("reason", s.reason());
            }
            item.put("ts", s.ts());
            item.put("snapshot_id", s.snapshotId());
            item.put("world_id", s.worldId());
            item.put("adapter_id", s.adapterId());
            item.put("adapter_version", s.adapterVersion());
            item.put("mode", s.mode() == null ? null : s.mode().wire());
            item.put("stopped", s.stopped());
            items.add(item);
        }
        // the caller's sessions that other nodes run (issue 11)
        items.addAll(sessions.elsewhere(consent.sub(), 200));
        return Map.of("items", items);
    }

    /** {@code GET .../state} → {@code {id, state, metrics}}. */
    @GET
    @Path("{id}/state")
    @Produces(MediaType.APPLICATION_JSON)
    public SessionStateResponse state(
            @PathParam("id") String id,
            @HeaderParam("Authorization") String authorization,
            @HeaderParam("Origin") String origin) {
        return owned(id, consent(authorization, origin, id)).response(true);
    }

    private Consent consent(String authorization, String origin, String sessionId) {
        String token = ConsentToken.bearer(authorization);
        if (token == null) {
            throw new ApiException(ErrorCode.INVALID_TOKEN, "Authorization: Bearer <consent token> is required");
        }
        try {
            return tokens.validate(token, new ConsentRequest(origin, Set.of(Scopes.PERSONA_USE), sessionId, client()));
        } catch (ConsentDenied d) {
            throw new ApiException(d.code(), d.getMessage());
        }
    }

    /** The session, when the token's {@code sub} owns it. */
    private SessionInfo owned(String id, Consent consent) {
        SessionInfo info =
                sessions.find(id).orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "no session " + id));
        if (!info.ownerId().equals(consent.sub())) {
            throw new ApiException(ErrorCode.BLOCKED_SCOPE, "session " + id + " is not the caller's");
        }
        return info;
    }

    /** The session, when the token is of the consent session bound to it (DESIGN §3, seed 5.6 step 6). */
    private SessionInfo bound(String id, Consent consent) {
        SessionInfo info = owned(id, consent);
        if (!consent.sessionId().equals(info.consentSessionId())) {
            throw new ApiException(ErrorCode.BLOCKED_SCOPE, "the token is bound to another consent session");
        }
        return info;
    }

    private static <T> T call(Supplier<T> call) {
        try {
            return call.get();
        } catch (NoSuchElementException e) {
            throw new ApiException(ErrorCode.NOT_FOUND, e.getMessage());
        } catch (SessionConflictException e) {
            throw new ApiException(ErrorCode.CONFLICT, e.getMessage());
        } catch (ConsentDenied d) {
            throw new ApiException(d.code(), d.getMessage());
        }
    }

    private String client() {
        try {
            return servletRequest == null ? null : servletRequest.getRemoteAddr();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
