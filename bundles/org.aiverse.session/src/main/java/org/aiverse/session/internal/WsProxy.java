package org.aiverse.session.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import javax.websocket.CloseReason;
import javax.websocket.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session WebSocket accepted by a node that does not own the session (issue 11): relays every text frame to the
 * owner's {@code /ws/sessions/{id}} and back, unchanged, so that the owner alone runs the protocol (seq, acks,
 * heartbeats, resume, the token checks at upgrade and re-auth). When the owner goes away the client is closed with
 * {@code 1012} (service restart): it reconnects, to any node, and resumes from its last acknowledged seq on the node
 * that took the session over.
 */
final class WsProxy implements WebSocket.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(WsProxy.class);

    private final Session client;
    private final StringBuilder partial = new StringBuilder();
    private volatile WebSocket owner;
    /** Frames to the owner go one at a time (java.net.http allows one outstanding send). */
    private CompletableFuture<WebSocket> sending;

    private WsProxy(Session client) {
        this.client = client;
    }

    /**
     * Connects to the owner; the client's frames arriving meanwhile wait (the container delivers them after
     * {@code @OnOpen} returns).
     *
     * @throws IOException when the owner cannot be reached
     */
    static WsProxy open(HttpClient http, Session client, URI target, Map<String, String> headers) throws IOException {
        WsProxy proxy = new WsProxy(client);
        WebSocket.Builder b = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        headers.forEach(b::header);
        try {
            proxy.owner = b.buildAsync(target, proxy).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IOException("owner node " + target.getAuthority() + " unreachable: " + e.getMessage(), e);
        }
        proxy.sending = CompletableFuture.completedFuture(proxy.owner);
        return proxy;
    }

    /** A frame from the client, to the owner. */
    synchronized void toOwner(String text) {
        sending = sending.thenCompose(ws -> ws.sendText(text, true)).exceptionally(failure -> {
            LOG.debug("relay to the owner failed: {}", failure.toString());
            closeClient(1012, "session owner gone");
            return owner;
        });
    }

    /** The client went away: close the owner side too (the owner keeps the session for the resume window). */
    synchronized void clientClosed(int code) {
        int c = code == 1005 || code == 1006 || code == 1015 ? WebSocket.NORMAL_CLOSURE : code;
        sending = sending.thenCompose(ws -> ws.sendClose(c, "client closed")).exceptionally(failure -> {
            owner.abort();
            return owner;
        });
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            String text = partial.toString();
            partial.setLength(0);
            try {
                synchronized (client) {
                    client.getBasicRemote().sendText(text);
                }
            } catch (IOException | RuntimeException e) {
                LOG.debug("relay to the client failed: {}", e.toString());
                ws.abort();
            }
        }
        ws.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
        // 1005/1006 are not sent on the wire: the owner's end without a code means it is gone
        closeClient(code == 1005 || code == 1006 ? 1012 : code, reason);
        return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
        LOG.debug("owner connection failed: {}", error.toString());
        closeClient(1012, "session owner gone");
    }

    private void closeClient(int code, String reason) {
        try {
            if (client.isOpen()) {
                client.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason));
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("close of proxied client failed: {}", e.toString());
        }
    }
}
