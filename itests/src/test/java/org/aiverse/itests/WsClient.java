package org.aiverse.itests;

import static org.junit.Assert.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.aiverse.json.Json;

/**
 * A real WebSocket client of {@code /ws/sessions/{id}} (java.net.http): keeps every frame it receives, numbers the
 * frames it sends, and (unless told to stay silent) sends a heartbeat every {@code heartbeatMillis}.
 */
final class WsClient implements WebSocket.Listener, AutoCloseable {

    final List<JsonNode> frames = new ArrayList<>();
    final CompletableFuture<int[]> closed = new CompletableFuture<>();
    volatile String closeReason;
    private final StringBuilder partial = new StringBuilder();
    private final AtomicLong seq;
    private final ScheduledExecutorService beats = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ws-client-heartbeat");
        t.setDaemon(true);
        return t;
    });
    private WebSocket socket;

    private WsClient(long firstSeq) {
        this.seq = new AtomicLong(firstSeq - 1);
    }

    /** Connects; headers as name/value pairs. Fails the test when the upgrade itself is refused. */
    static WsClient connect(String url, long firstSeq, long heartbeatMillis, String... headers) {
        WsClient c = new WsClient(firstSeq);
        WebSocket.Builder b = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        try {
            c.socket = b.buildAsync(URI.create(url), c).get(15, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(
                    "WebSocket upgrade to " + url.replaceAll("access_token=[^&]*", "access_token=*") + " failed: " + e,
                    e);
        }
        if (heartbeatMillis > 0) {
            c.beats.scheduleWithFixedDelay(
                    () -> {
                        if (!c.closed.isDone()) {
                            c.send("heartbeat", Map.of());
                        }
                    },
                    heartbeatMillis,
                    heartbeatMillis,
                    TimeUnit.MILLISECONDS);
        }
        return c;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            JsonNode frame;
            try {
                frame = Json.mapper().readTree(partial.toString());
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + partial, e);
            }
            partial.setLength(0);
            synchronized (frames) {
                frames.add(frame);
                frames.notifyAll();
            }
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closeReason = reason;
        closed.complete(new int[] {statusCode});
        beats.shutdownNow();
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.complete(new int[] {-1});
        beats.shutdownNow();
    }

    /** Sends a frame with the next seq; returns the seq. */
    synchronized long send(String type, Map<String, Object> payload) {
        long s = seq.incrementAndGet();
        sendWithSeq(type, s, payload);
        return s;
    }

    synchronized void sendWithSeq(String type, long s, Map<String, Object> payload) {
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("type", type);
        frame.put("seq", s);
        frame.put("ts", System.currentTimeMillis() / 1000);
        frame.put("payload", payload);
        sendText(Json.write(frame));
    }

    synchronized void sendText(String text) {
        try {
            socket.sendText(text, true).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            if (!closed.isDone()) {
                throw new AssertionError("send failed: " + e, e);
            }
        }
    }

    /** A chat percept (seed 4.5) as an event frame. */
    long chat(String text) {
        return send(
                "event",
                Map.of(
                        "id",
                        "p_" + System.nanoTime(),
                        "type",
                        "chat",
                        "source",
                        "user",
                        "payload",
                        Map.of("text", text, "speaker", "visitor"),
                        "ts",
                        System.currentTimeMillis() / 1000));
    }

    /** Waits for the first received frame (in order) that matches, and returns it. */
    JsonNode await(String what, Duration timeout, Predicate<JsonNode> match) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (frames) {
            while (true) {
                for (JsonNode f : frames) {
                    if (match.test(f)) {
                        return f;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    fail("timed out after " + timeout + " waiting for " + what + "; frames: " + frames);
                }
                try {
                    frames.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }
        }
    }

    JsonNode awaitType(String type, Duration timeout, Predicate<JsonNode> payload) {
        return await(
                type + " frame", timeout, f -> type.equals(f.path("type").asText()) && payload.test(f.path("payload")));
    }

    List<JsonNode> snapshot() {
        synchronized (frames) {
            return new ArrayList<>(frames);
        }
    }

    boolean any(Predicate<JsonNode> match) {
        return snapshot().stream().anyMatch(match);
    }

    long lastSeq() {
        List<JsonNode> all = snapshot();
        return all.isEmpty() ? 0 : all.get(all.size() - 1).path("seq").asLong();
    }

    /** Waits for the server to close, and returns the close code. */
    int awaitClose(Duration timeout) {
        try {
            return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS)[0];
        } catch (Exception e) {
            throw new AssertionError("the server did not close within " + timeout + "; frames: " + snapshot(), e);
        }
    }

    void stopHeartbeats() {
        beats.shutdownNow();
    }

    @Override
    public void close() {
        beats.shutdownNow();
        if (!closed.isDone()) {
            try {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                socket.abort();
            }
        }
    }
}
