package org.aiverse.session.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.PreMatching;
import javax.ws.rs.core.Response;
import org.aiverse.contracts.api.ErrorCode;
import org.aiverse.rest.ApiException;
import org.aiverse.rest.RestApi;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls for a session that another node owns (issue 11): {@code /api/v1/sessions/{id}/...} lifecycle and state
 * calls reach the owner, which alone runs the session, as they were made (method, body, token, origin, correlation
 * id), and its answer goes back unchanged. While the owner is dead and the session not yet taken over, the call
 * waits for the new owner (at most two leases); recordings and playback are served by every node from the shared
 * database and are not forwarded.
 */
@Component(service = ContainerRequestFilter.class)
@JaxrsExtension
@JaxrsApplicationSelect(RestApi.APPLICATION_SELECT)
@PreMatching
public final class SessionForwarding implements ContainerRequestFilter {

    /** Marks a forwarded call (or relayed WebSocket), so that it is never forwarded twice. */
    static final String FORWARDED_BY = "X-AIVerse-Forwarded-By";
    /** The node that answered a forwarded call. */
    static final String ANSWERED_BY = "X-AIVerse-Node";

    private static final Logger LOG = LoggerFactory.getLogger(SessionForwarding.class);
    private static final Pattern SESSION_CALL =
            Pattern.compile("/?sessions/([A-Za-z0-9_\\-]{1,64})/(state|pause|resume|terminate|stop)/?");
    private static final List<String> PASSED =
            List.of("Authorization", "Origin", "Content-Type", "Accept", RestApi.CORRELATION_HEADER);

    private final SessionService sessions;
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(3))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    @Activate
    public SessionForwarding(@Reference SessionService sessions) {
        this.sessions = sessions;
    }

    @Override
    public void filter(ContainerRequestContext request) throws IOException {
        Matcher m = SESSION_CALL.matcher(request.getUriInfo().getPath());
        if (!m.matches() || request.getHeaderString(FORWARDED_BY) != null) {
            return;
        }
        String id = m.group(1);
        byte[] body = null;
        long deadline = System.currentTimeMillis() + sessions.takeoverMillis();
        while (true) {
            Optional<SessionCluster.Route> route = sessions.route(id);
            if (route.isEmpty()) {
                return; // ours (or nobody's): answered here
            }
            if (route.get().url() != null) {
                if (body == null) {
                    body = request.hasEntity() ? request.getEntityStream().readAllBytes() : new byte[0];
                }
                try {
                    request.abortWith(forward(request, route.get(), body));
                    return;
                } catch (IOException e) {
                    LOG.info(
                            "owner {} of session {} unreachable: {}",
                            route.get().node(),
                            id,
                            e.toString());
                }
            }
            if (System.currentTimeMillis() > deadline) {
                throw new ApiException(
                        ErrorCode.SERVER_ERROR,
                        "session " + id + " is owned by node " + route.get().node()
                                + ", which is unreachable, and no node has taken it over yet");
            }
            waitForTakeover();
        }
    }

    private Response forward(ContainerRequestContext request, SessionCluster.Route owner, byte[] body)
            throws IOException {
        URI in = request.getUriInfo().getRequestUri();
        URI target =
                URI.create(owner.url() + in.getRawPath() + (in.getRawQuery() == null ? "" : "?" + in.getRawQuery()));
        HttpRequest.Builder out = HttpRequest.newBuilder(target)
                .timeout(Duration.ofSeconds(30))
                .method(request.getMethod(), HttpRequest.BodyPublishers.ofByteArray(body))
                .header(FORWARDED_BY, sessions.node());
        for (String name : PASSED) {
            String value = request.getHeaderString(name);
            if (value != null) {
                out.header(name, value);
            }
        }
        HttpResponse<byte[]> answer;
        try {
            answer = http.send(out.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        Response.ResponseBuilder r = Response.status(answer.statusCode()).header(ANSWERED_BY, owner.node());
        answer.headers().firstValue("Content-Type").ifPresent(t -> r.header("Content-Type", t));
        if (answer.body().length > 0) {
            r.entity(answer.body());
        }
        return r.build();
    }

    /** The owner died: its session is claimed within a lease; look again shortly (bounded by the deadline). */
    private static void waitForTakeover() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(ErrorCode.SERVER_ERROR, "interrupted while the session is taken over");
        }
    }
}
