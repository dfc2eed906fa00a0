package org.aiverse.core.internal;

import static org.aiverse.core.internal.Fixtures.ALL_CAPS;
import static org.aiverse.core.internal.Fixtures.await;
import static org.aiverse.core.internal.Fixtures.greeting;
import static org.aiverse.core.internal.Fixtures.snapshot;
import static org.aiverse.core.internal.Fixtures.spec;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.aiverse.core.api.CoreSession;
import org.aiverse.json.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The dialogue generator against a local server speaking the OpenAI chat completions protocol. */
class DialogueGeneratorTest {

    HttpServer server;
    final AtomicReference<JsonNode> lastRequest = new AtomicReference<>();
    final AtomicReference<String> lastAuth = new AtomicReference<>();
    final CountDownLatch release = new CountDownLatch(1);
    volatile boolean slow;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/v1/chat/completions", exchange -> {
            JsonNode body = Json.mapper().readTree(exchange.getRequestBody());
            lastRequest.set(body);
            lastAuth.set(exchange.getRequestHeaders().getFirst("Authorization"));
            if (slow) {
                try {
                    release.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] answer = Json.writeBytes(Map.of(
                    "id",
                    "chatcmpl-1",
                    "object",
                    "chat.completion",
                    "model",
                    body.path("model").asText(),
                    "choices",
                    List.of(Map.of(
                            "index",
                            0,
                            "message",
                            Map.of("role", "assistant", "content", "Hi npc_42, lovely glow tonight!"),
                            "finish_reason",
                            "stop"))));
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
    }

    String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Test
    void repliesThroughTheEndpointWithinTheBudget() {
        DialogueGenerator g = new DialogueGenerator(base(), "test-model", "k-123", 5_000);
        assertThat(g.endpoint().toString()).isEqualTo(base() + "/v1/chat/completions");
        try (Fixtures.Harness h = new Fixtures.Harness(Fixtures.fixedClock(), LoopSettings.DEFAULTS, g)) {
            Fixtures.Sink sink = new Fixtures.Sink();
            CoreSession s = h.core.open(spec("sess_llm", snapshot("ps_1", Map.of("curious", 0.9)), 1L, ALL_CAPS), sink);
            sink.session = s;
            s.offer(greeting("p1"), null);
            await("the generated reply", () -> sink.emitted.size() == 1);
            assertThat(sink.emitted.get(0).params()).containsEntry("text", "Hi npc_42, lovely glow tonight!");
            assertThat(sink.emitted.get(0).target()).isEqualTo("npc_42");
        }
        JsonNode request = lastRequest.get();
        assertThat(request.path("model").asText()).isEqualTo("test-model");
        assertThat(request.path("messages").get(0).path("role").asText()).isEqualTo("system");
        assertThat(request.path("messages").get(0).path("content").asText()).contains("Alice_Core");
        assertThat(request.path("messages").get(1).path("content").asText()).isEqualTo("npc_42: hello");
        assertThat(lastAuth.get()).isEqualTo("Bearer k-123");
    }

    @Test
    void fallsBackToTheBuiltInBehaviourWhenTheBudgetIsMissed() {
        slow = true;
        DialogueGenerator g = new DialogueGenerator(base() + "/v1/chat/completions", "m", "", 100);
        try (Fixtures.Harness h = new Fixtures.Harness(Fixtures.fixedClock(), LoopSettings.DEFAULTS, g)) {
            Fixtures.Sink sink = new Fixtures.Sink();
            CoreSession s = h.core.open(spec("sess_slow", snapshot("ps_1", Map.of()), 1L, ALL_CAPS), sink);
            sink.session = s;
            s.offer(greeting("p1"), null);
            await("the fallback reply", () -> sink.emitted.size() == 1);
            assertThat((String) sink.emitted.get(0).params().get("text")).startsWith("Hello, nice to meet you!");
        }
        assertThat(lastAuth.get()).isNull();
    }

    @Test
    void anErrorAnswerIsNoReply() throws Exception {
        DialogueGenerator g = new DialogueGenerator("http://127.0.0.1:1", "m", "", 500);
        Situation s = new Situation(
                PerceptualAdapter.normalize(greeting("p")), "A", Map.of(), List.of(), List.of(), ALL_CAPS, Set());
        assertThat(g.reply(s, "fallback").get(2, TimeUnit.SECONDS)).isNull();
        assertThat(StandardCharsets.UTF_8).isNotNull();
    }

    private static java.util.Set<String> Set() {
        return java.util.Set.of();
    }
}
