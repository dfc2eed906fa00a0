package org.aiverse.session.internal;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.websocket.CloseReason;
import javax.websocket.OnClose;
import javax.websocket.OnError;
import javax.websocket.OnMessage;
import javax.websocket.OnOpen;
import javax.websocket.PongMessage;
import javax.websocket.Session;
import javax.websocket.server.ServerEndpoint;
import org.aiverse.auth.api.Consent;
import org.aiverse.auth.api.ConsentDenied;
import org.aiverse.auth.api.ConsentRequest;
import org.aiverse.auth.api.TokenValidator;
import org.aiverse.contracts.ValidationException;
import org.aiverse.contracts.api.ErrorCode;
import org.aiverse.contracts.api.FrameType;
import org.aiverse.contracts.consent.Scopes;
import org.aiverse.contracts.version.ContractVersion;
import org.aiverse.contracts.version.SemVer;
import org.aiverse.json.Json;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code WS /ws/sessions/{id}} (seed 5.4, DESIGN §6) on Karaf's HTTP port through the Pax Web JSR-356 whiteboard.
 *
 * <p>Handshake: the consent token in {@code Authorization: Bearer} or the {@code access_token} query parameter
 * (never logged), checked at upgrade; a refused upgrade gets an {@code error} frame with the seed code and is
 * closed with {@code 4401} (401 codes), {@code 4403} (403 codes), {@code 4404} or {@code 4400}. Query parameters:
 * {@code contract_version} (same MAJOR required), {@code queue_depth} (the client's receive queue),
 * {@code participant} (who this is: {@code engine}, {@code user}..., default {@code client}) and {@code last_seq}
 * (the last server seq the client acknowledged, to resume). The token is re-checked every {@code reauthSeconds}
 * and when the client rotates it (a {@code heartbeat} frame with {@code payload.access_token}).
 */
@Component(service = Object.class, property = "org.ops4j.pax.web.http.whiteboard.websocket=true")
@ServerEndpoint("/ws/sessions/{id}")
public final class SessionSocket {

    private static final Logger LOG = LoggerFactory.getLogger(SessionSocket.class);
    private static final String PARTICIPANT = "[a-z0-9_\\-]{1,64}";
    private static final int WRITERS = 2;
    private static final AtomicInteger WRITER_COUNT = new AtomicInteger();

    private final SessionService sessions;
    private final TokenValidator tokens;
    private final Map<String, SocketLink> links = new ConcurrentHashMap<>();
    /** Connections relayed to the node that owns their session (issue 11). */
    private final Map<String, WsProxy> proxies = new ConcurrentHashMap<>();

    private final java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
            .connectTimeout(java.time.Duration.ofSeconds(5))
            .build();
    private final java.util.concurrent.ScheduledFuture<?> reauth;
    /**
     * The threads that write to the sockets ({@link Outbox}): the session's own threads never do. Writes do not
     * block (a full socket buffer leaves the rest to Jetty's selector), so two are enough.
     */
    private final ExecutorService writers = Executors.newFixedThreadPool(WRITERS, r -> {
        Thread t = new Thread(r, "aiverse-ws-write-" + WRITER_COUNT.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    @Activate
    public SessionSocket(@Reference SessionService sessions, @Reference TokenValidator tokens) {
        this.sessions = sessions;
        this.tokens = tokens;
        long every = Math.max(1, sessions.config().reauthSeconds());
        this.reauth = sessions.clock().scheduleWithFixedDelay(this::reauthAll, every, every, TimeUnit.SECONDS);
    }

    @Deactivate
    void deactivate() {
        reauth.cancel(false);
        for (SocketLink l : links.values()) {
            l.close(1001, "going away");
        }
        proxies.values().forEach(p -> p.clientClosed(1001));
        writers.shutdown(); // the closes queued above still run
    }

    @OnOpen
    public void open(Session ws) {
        ws.setMaxIdleTimeout(0);
        String id = ws.getPathParameters().get("id");
        Map<String, List<String>> query = ws.getRequestParameterMap();
        LiveSession session;
        try {
            session = sessions.live(id);
        } catch (NoSuchElementException e) {
            if (!relayed(ws, id)) {
                refuse(ws, ErrorCode.NOT_FOUND, "no session " + id);
            }
            return;
        }
        String token = ConsentToken.bearer(header(ws, "Authorization"));
        if (token == null) {
            token = first(query, "access_token");
        }
        if (token == null) {
            refuse(ws, ErrorCode.INVALID_TOKEN, "a consent token is required (Authorization or access_token)");
            return;
        }
        String origin = header(ws, "Origin");
        Consent consent;
        try {
            consent =
                    tokens.validate(token, new ConsentRequest(origin, Set.of(Scopes.PERSONA_USE), session.id(), null));
        } catch (ConsentDenied d) {
            refuse(ws, d.code(), d.getMessage());
            return;
        }
        if (!consent.sub().equals(session.ownerId())) {
            refuse(ws, ErrorCode.BLOCKED_SCOPE, "session " + id + " is not the caller's");
            return;
        }
        if (session.state().terminal()) {
            refuse(
                    ws,
                    ErrorCode.CONFLICT,
                    "session " + id + " is " + session.state().wire());
            return;
        }
        String participant;
        int depth;
        Long lastSeq;
        try {
            String version = first(query, ContractVersion.HANDSHAKE_FIELD);
            if (version != null && !SemVer.parse(version).compatibleWith(ContractVersion.SEMVER)) {
                throw new ValidationException(
                        ContractVersion.HANDSHAKE_FIELD,
                        "this server speaks " + ContractVersion.CURRENT + "; " + version + " is not compatible");
            }
            participant = first(query, "participant");
            participant = participant == null ? "client" : participant;
            if (!participant.matches(PARTICIPANT)) {
                throw new ValidationException("participant", "must be 1 to 64 of a-z, 0-9, _ and -");
            }
            Long q = number(first(query, "queue_depth"), "queue_depth");
            if (q != null && (q < 1 || q > 10_000)) {
                throw new ValidationException("queue_depth", "must be between 1 and 10000");
            }
            depth = q == null ? session.queueDepth() : q.intValue();
            lastSeq = number(first(query, "last_seq"), "last_seq");
        } catch (ValidationException e) {
            refuse(ws, ErrorCode.VALIDATION_ERROR, e.getMessage());
            return;
        }
        SocketLink link = new SocketLink(ws, token, origin, consent, session, writers);
        links.put(ws.getId(), link);
        link.participant = session.connect(participant, link, lastSeq, depth);
    }

    @OnMessage
    public void message(Session ws, String text) {
        WsProxy proxy = proxies.get(ws.getId());
        if (proxy != null) {
            proxy.toOwner(text);
            return;
        }
        SocketLink link = links.get(ws.getId());
        if (link == null || link.participant == null) {
            return;
        }
        link.session.onFrame(link.participant, link, text, () -> rotate(link, text));
    }

    /** The pong of a round-trip probe ({@link SocketLink#ping}): its payload is the send time. */
    @OnMessage
    public void pong(Session ws, PongMessage pong) {
        SocketLink link = links.get(ws.getId());
        ByteBuffer data = pong.getApplicationData();
        if (link != null && link.participant != null && data.remaining() == Long.BYTES) {
            link.participant.pong(data.getLong(data.position()));
        }
    }

    @OnClose
    public void close(Session ws, CloseReason reason) {
        WsProxy proxy = proxies.remove(ws.getId());
        if (proxy != null) {
            proxy.clientClosed(reason.getCloseCode().getCode());
            return;
        }
        SocketLink link = links.remove(ws.getId());
        if (link != null && link.participant != null) {
            link.session.disconnected(link.participant, link);
        }
    }

    @OnError
    public void error(Session ws, Throwable failure) {
        LOG.debug("session socket {} failed: {}", ws.getId(), failure.toString());
    }

    /**
     * A session another node owns (issue 11): relays the connection to the owner, or, while the session waits to be
     * taken over after its owner died, closes with {@code 1013} (try again later) so that the client reconnects.
     *
     * @return false when no node runs the session
     */
    private boolean relayed(Session ws, String id) {
        if (header(ws, SessionForwarding.FORWARDED_BY) != null) {
            return false; // relayed once already: the directory changed meanwhile
        }
        java.util.Optional<SessionCluster.Route> route = sessions.route(id);
        if (route.isEmpty()) {
            return false;
        }
        if (route.get().url() == null) {
            refuse(
                    ws,
                    1013,
                    "session " + id + " is being taken over from node "
                            + route.get().node() + "; reconnect");
            return true;
        }
        String query = ws.getQueryString();
        java.net.URI target = java.net.URI.create(route.get().url().replaceFirst("^http", "ws") + "/ws/sessions/" + id
                + (query == null || query.isEmpty() ? "" : "?" + query));
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : List.of("Authorization", "Origin")) {
            String value = header(ws, name);
            if (value != null) {
                headers.put(name, value);
            }
        }
        headers.put(SessionForwarding.FORWARDED_BY, sessions.node());
        try {
            proxies.put(ws.getId(), WsProxy.open(http, ws, target, headers));
        } catch (IOException | RuntimeException e) {
            LOG.info("session {}: {}", id, e.getMessage());
            refuse(ws, 1012, "the node that owns session " + id + " is unreachable; reconnect");
        }
        return true;
    }

    /** Token rotation: a heartbeat frame carrying {@code payload.access_token} (seed 5.4, 7.2). */
    private void rotate(SocketLink link, String frameText) {
        Object token = null;
        try {
            Object payload = Json.read(frameText, Map.class).get("payload");
            if (payload instanceof Map<?, ?> p) {
                token = p.get("access_token");
            }
        } catch (RuntimeException e) {
            // the frame was parsed before: cannot happen
        }
        if (!(token instanceof String t) || t.isBlank()) {
            throw new ValidationException("payload.access_token", "must be a consent token");
        }
        check(link, t);
    }

    /** Every {@code reauthSeconds}: the token of each connection must still be valid (expiry, revocation). */
    private void reauthAll() {
        for (SocketLink l : links.values()) {
            if (l.session.stopped()) {
                // an emergency stop revoked the token itself and closes its links after its last state frame;
                // closing them here first would cut that frame off (seed 7.3: the client sees the stop through)
                continue;
            }
            try {
                check(l, l.token);
            } catch (RuntimeException e) {
                LOG.debug("re-auth of {} failed", l.ws.getId(), e);
            }
        }
    }

    private void check(SocketLink link, String token) {
        try {
            Consent c = tokens.validate(
                    token, new ConsentRequest(link.origin, Set.of(Scopes.PERSONA_USE), link.session.id(), null));
            if (!c.sub().equals(link.session.ownerId())) {
                throw new ConsentDenied(ErrorCode.BLOCKED_SCOPE, "not_owner", "the token is another user's");
            }
            link.token = token;
            link.consent = c;
        } catch (ConsentDenied d) {
            if (link.participant != null) {
                link.participant.send(
                        FrameType.ERROR,
                        LiveSession.now(),
                        LiveSession.error(d.code().wire(), d.getMessage()),
                        false);
            }
            link.close(closeCode(d.code()), d.code().wire());
        }
    }

    private static void refuse(Session ws, ErrorCode code, String message) {
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("type", FrameType.ERROR.wire());
        frame.put("seq", 1);
        frame.put("ts", LiveSession.now());
        frame.put("payload", LiveSession.error(code.wire(), message));
        try {
            ws.getBasicRemote().sendText(Json.write(frame));
            ws.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(closeCode(code)), code.wire()));
        } catch (IOException | RuntimeException e) {
            LOG.debug("refused socket {} already gone", ws.getId(), e);
        }
    }

    /** Closes with a plain close code and reason (no error frame: the client only needs to reconnect). */
    private static void refuse(Session ws, int code, String reason) {
        try {
            ws.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason));
        } catch (IOException | RuntimeException e) {
            LOG.debug("refused socket {} already gone", ws.getId(), e);
        }
    }

    static int closeCode(ErrorCode code) {
        int status = code.httpStatus();
        return status >= 400 && status < 500 ? 4000 + status : 4500;
    }

    private static String first(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() || values.get(0).isBlank() ? null : values.get(0);
    }

    private static Long number(String value, String field) {
        if (value == null) {
            return null;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new ValidationException(field, "must be an integer");
        }
    }

    /**
     * A header of the upgrade request. JSR-356 shows headers only to a configurator, which the Pax Web whiteboard
     * replaces; Jetty's session exposes its upgrade request, read here through its public API type.
     */
    static String header(Session ws, String name) {
        try {
            Object request = invoke(ws, "getUpgradeRequest");
            Object value = request == null ? null : invoke(request, "getHeader", name);
            return value == null ? null : value.toString();
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debug("no upgrade headers from {}", ws.getClass().getName(), e);
            return null;
        }
    }

    private static Object invoke(Object target, String method, Object... args) throws ReflectiveOperationException {
        Class<?>[] types = new Class<?>[args.length];
        for (int i = 0; i < args.length; i++) {
            types[i] = args[i].getClass();
        }
        Method m = publicMethod(target.getClass(), method, types);
        return m == null ? null : m.invoke(target, args);
    }

    /** The method as declared by a public class or interface, so that it can be invoked across bundles. */
    private static Method publicMethod(Class<?> type, String name, Class<?>[] args) {
        ArrayDeque<Class<?>> todo = new ArrayDeque<>();
        todo.add(type);
        while (!todo.isEmpty()) {
            Class<?> c = todo.poll();
            if (Modifier.isPublic(c.getModifiers())) {
                try {
                    return c.getMethod(name, args);
                } catch (NoSuchMethodException e) {
                    // keep looking
                }
            }
            if (c.getSuperclass() != null) {
                todo.add(c.getSuperclass());
            }
            todo.addAll(List.of(c.getInterfaces()));
        }
        return null;
    }

    /** One connection: its frames go through an {@link Outbox}, so that only the writer threads touch the socket. */
    static final class SocketLink implements Link, Outbox.Sink {
        final Session ws;
        final String origin;
        final LiveSession session;
        volatile String token;
        volatile Consent consent;
        volatile Participant participant;
        private final Executor writers;
        private final Outbox out;

        SocketLink(Session ws, String token, String origin, Consent consent, LiveSession session, Executor writers) {
            this.ws = ws;
            this.token = token;
            this.origin = origin;
            this.consent = consent;
            this.session = session;
            this.writers = writers;
            this.out = new Outbox(this, writers);
        }

        @Override
        public void send(String text) {
            if (ws.isOpen()) {
                out.offer(text);
            }
        }

        @Override
        public void ping(long stamp) {
            try {
                writers.execute(() -> {
                    try {
                        ws.getAsyncRemote()
                                .sendPing(ByteBuffer.allocate(Long.BYTES).putLong(0, stamp));
                    } catch (IOException | RuntimeException e) {
                        LOG.debug("ping to {} failed: {}", ws.getId(), e.toString());
                    }
                });
            } catch (RejectedExecutionException e) {
                // going away: no more probes
            }
        }

        @Override
        public void write(String text, Runnable done) {
            ws.getAsyncRemote().sendText(text, result -> done.run());
        }

        @Override
        public int pending() {
            return out.pending();
        }

        @Override
        public void close(int code, String reason) {
            out.close(code, reason);
        }

        @Override
        public void shut(int code, String reason) {
            try {
                if (ws.isOpen()) {
                    ws.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason));
                }
            } catch (IOException | RuntimeException e) {
                LOG.debug("close of {} failed", ws.getId(), e);
            }
        }

        @Override
        public boolean open() {
            return !out.closing() && ws.isOpen();
        }
    }
}
