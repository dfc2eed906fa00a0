package org.aiverse.adapter.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.aiverse.adapter.engine.internal.EngineAdapter.Engine;
import org.aiverse.contracts.adapter.ActionResult;
import org.aiverse.contracts.adapter.AdapterErrorCode;
import org.aiverse.contracts.adapter.AdapterEvent;
import org.aiverse.contracts.adapter.AdapterEventType;
import org.aiverse.contracts.adapter.AdapterHandle;
import org.aiverse.contracts.adapter.AdapterManifest;
import org.aiverse.contracts.intent.Intent;
import org.aiverse.json.Json;
import org.aiverse.session.api.EngineProtocol;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The engine translators against the seed's event mapping and capability matrix (3.3), through the adapter's own
 * path: {@code execute} emits the engine command, the engine's {@code action_result} completes it.
 */
class EngineAdapterTest {

    private final BlockingQueue<AdapterEvent> events = new LinkedBlockingQueue<>();
    private EngineAdapter adapter;

    @AfterEach
    void close() {
        if (adapter != null) {
            adapter.close();
        }
    }

    private AdapterHandle spawn(Engine engine) {
        adapter = new EngineAdapter(engine, "1.0.0");
        AdapterManifest manifest = Json.read(
                "{\"session_id\":\"sess_e\",\"world_id\":\"" + engine.id + "\",\"snapshot_id\":\"ps_1\",\"agent\":"
                        + "{\"id\":\"a\",\"capabilities\":[\"speak\",\"move\",\"animate\",\"buyItem\",\"openDialog\"]}}",
                AdapterManifest.class);
        return adapter.onSpawn(manifest, events::add);
    }

    /** Executes an intent, plays the engine (answers ok) and returns the command the engine was sent. */
    private Map<String, Object> command(AdapterHandle h, String id, String type, String target, Map<String, Object> p)
            throws Exception {
        CompletableFuture<ActionResult> r =
                h.execute(new Intent(id, type, target, 0.9, p, null)).toCompletableFuture();
        Map<String, Object> sent = null;
        while (sent == null) {
            AdapterEvent e = events.poll(10, TimeUnit.SECONDS);
            assertThat(e).as("an engine command for " + id).isNotNull();
            if (e.payload().get(EngineProtocol.ENGINE_COMMAND) instanceof Map<?, ?> c) {
                assertThat(Json.toMap(c.get(EngineProtocol.INTENT))).containsEntry("intent_id", id);
                sent = Json.toMap(c.get(EngineProtocol.COMMAND));
            }
        }
        h.onEvent(new AdapterEvent(
                AdapterEventType.SYSTEM,
                Map.of(EngineProtocol.ACTION_RESULT, Map.of("intent_id", id, "ok", true)),
                1712345000L));
        assertThat(r.get(10, TimeUnit.SECONDS)).isEqualTo(ActionResult.success());
        return sent;
    }

    private static ActionResult refused(AdapterHandle h, String id, String type, String target, Map<String, Object> p)
            throws Exception {
        return h.execute(new Intent(id, type, target, 0.9, p, null))
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
    }

    @Test
    void webxrFollowsTheEventMapping() throws Exception {
        AdapterHandle h = spawn(Engine.WEBXR);
        Map<String, Object> speak = command(h, "s1", "speak", "npc_42", Map.of("text", "Hello"));
        assertThat(speak)
                .containsEntry("op", "speak")
                .containsEntry("text", "Hello")
                .containsEntry("to", "npc_42")
                .containsEntry("audio", "webaudio")
                .containsEntry("lipsync", "blendshape");
        assertThat(command(h, "m1", "move", "world", Map.of("x", 1.5, "y", 0, "z", -2)))
                .isEqualTo(Map.of("op", "moveTo", "args", List.of(Map.of("x", 1.5, "y", 0L, "z", -2L))));
        assertThat(command(h, "m2", "move", "world", Map.of("position", Map.of("x", 3, "z", 4))))
                .isEqualTo(Map.of("op", "moveTo", "args", List.of(Map.of("x", 3L, "y", 0L, "z", 4L))));
        assertThat(command(h, "a1", "animate", "user", Map.of("name", "wave")))
                .isEqualTo(Map.of("op", "playAnimation", "args", List.of("wave")));
        Map<String, Object> buy = command(h, "b1", "buyItem", "object", Map.of("item_id", "glow_pin", "price", 4.5));
        assertThat(buy).containsEntry("op", "commerce.purchase");
        assertThat(buy.get("args")).isEqualTo(List.of(Map.of("item_id", "glow_pin", "sandbox", true, "price", 4.5)));
        Map<String, Object> dialog = command(h, "d1", "openDialog", "user", Map.of("title", "Exhibit"));
        assertThat(dialog.get("args"))
                .isEqualTo(List.of(Map.of("context", Map.of("title", "Exhibit"), "cancellable", true)));
        assertThat(dialog).containsEntry("op", "openPanel");
    }

    @Test
    void webxrRefusesWhatItsPartialCapabilitiesCannotDo() throws Exception {
        AdapterHandle h = spawn(Engine.WEBXR);
        // moveTo only: a named waypoint needs pathfinding
        assertThat(refused(h, "m1", "move", "world", Map.of("waypoint", "wp_east"))
                        .error())
                .isEqualTo(AdapterErrorCode.NOT_SUPPORTED);
        // named clips only: no animation graph
        assertThat(refused(h, "a1", "animate", "user", Map.of("name", "walk", "graph", "locomotion"))
                        .error())
                .isEqualTo(AdapterErrorCode.NOT_SUPPORTED);
        assertThat(refused(h, "t1", "teleport", "world", Map.of()).error()).isEqualTo(AdapterErrorCode.NOT_SUPPORTED);
        assertThat(refused(h, "s1", "speak", "user", Map.of()).error()).isEqualTo(AdapterErrorCode.INVALID_TARGET);
        assertThat(refused(h, "m2", "move", "world", Map.of("x", "far", "z", 1)).error())
                .isEqualTo(AdapterErrorCode.INVALID_TARGET);
        assertThat(events).noneMatch(e -> e.payload().containsKey(EngineProtocol.ENGINE_COMMAND));
    }

    @Test
    void unityFollowsTheEventMapping() throws Exception {
        AdapterHandle h = spawn(Engine.UNITY);
        assertThat(command(h, "s1", "speak", "user", Map.of("text", "Hi")))
                .isEqualTo(Map.of(
                        "method",
                        "AgentController.Speak",
                        "args",
                        List.of("user", Map.of("text", "Hi", "lipsync", true, "queue_if_busy", true))));
        assertThat(command(h, "m1", "move", "world", Map.of("waypoint", "wp_east")))
                .isEqualTo(Map.of("method", "NavMeshAgent.SetDestination", "args", List.of("wp_east")));
        assertThat(command(h, "m2", "move", "world", Map.of("x", 1, "y", 2, "z", 3)))
                .isEqualTo(Map.of(
                        "method", "NavMeshAgent.SetDestination", "args", List.of(Map.of("x", 1L, "y", 2L, "z", 3L))));
        assertThat(command(h, "a1", "animate", "wave", Map.of()))
                .isEqualTo(Map.of("method", "Animator.SetTrigger", "args", List.of("wave")));
        assertThat(command(h, "b1", "buyItem", "object", Map.of("item_id", "glow_pin", "price", 4.5)))
                .isEqualTo(Map.of(
                        "method",
                        "CommerceSandbox.Purchase",
                        "args",
                        List.of(Map.of("item_id", "glow_pin", "sandbox", true, "price", 4.5))));
        assertThat(command(h, "d1", "openDialog", "user", Map.of("title", "Shop")))
                .isEqualTo(Map.of(
                        "method",
                        "UIManager.OpenDialog",
                        "args",
                        List.of("user", Map.of("context", Map.of("title", "Shop"), "cancellable", true))));
        assertThat(refused(h, "a2", "animate", "user", Map.of()).error()).isEqualTo(AdapterErrorCode.INVALID_TARGET);
    }

    @Test
    void unrealFollowsTheEventMapping() throws Exception {
        AdapterHandle h = spawn(Engine.UNREAL);
        assertThat(command(h, "s1", "speak", "npc_42", Map.of("text", "Hi")))
                .isEqualTo(Map.of(
                        "function",
                        "AgentTTS.Speak",
                        "target",
                        "npc_42",
                        "params",
                        Map.of("text", "Hi", "visemes", true)));
        assertThat(command(h, "m1", "move", "world", Map.of("waypoint", "wp_east")))
                .isEqualTo(Map.of("function", "AIController.MoveToActor", "target", "wp_east", "params", Map.of()));
        assertThat(command(h, "m2", "move", "world", Map.of("x", 1, "y", 2, "z", 3)))
                .isEqualTo(Map.of(
                        "function",
                        "AIController.MoveToLocation",
                        "target",
                        "world",
                        "params",
                        Map.of("x", 1L, "y", 2L, "z", 3L)));
        assertThat(command(h, "a1", "animate", "user", Map.of("name", "walk", "graph", "locomotion")))
                .isEqualTo(Map.of(
                        "function",
                        "Character.PlayAnimMontage",
                        "target",
                        "user",
                        "params",
                        Map.of("montage", "walk", "graph", "locomotion")));
        assertThat(command(h, "b1", "buyItem", "object", Map.of("item_id", "glow_pin")))
                .isEqualTo(Map.of(
                        "function",
                        "CommerceSandbox.Purchase",
                        "target",
                        "glow_pin",
                        "params",
                        Map.of("item_id", "glow_pin", "sandbox", true)));
        assertThat(command(h, "d1", "openDialog", "user", Map.of()))
                .isEqualTo(Map.of(
                        "function",
                        "HUD.OpenDialog",
                        "target",
                        "user",
                        "params",
                        Map.of("context", Map.of(), "cancellable", true)));
        assertThat(refused(h, "b2", "buyItem", "object", Map.of()).error()).isEqualTo(AdapterErrorCode.INVALID_TARGET);
    }

    @Test
    void anEngineFailureIsTheActionResultAndALateAnswerIsIgnored() throws Exception {
        AdapterHandle h = spawn(Engine.UNITY);
        CompletableFuture<ActionResult> r = h.execute(
                        new Intent("s9", "speak", "user", 0.9, Map.of("text", "Hi"), null))
                .toCompletableFuture();
        assertThat(events.poll(10, TimeUnit.SECONDS)).isNotNull();
        h.onEvent(new AdapterEvent(
                AdapterEventType.SYSTEM,
                Map.of(EngineProtocol.ACTION_RESULT, Map.of("intent_id", "s9", "ok", false, "error", "invalid_target")),
                1712345000L));
        assertThat(r.get(10, TimeUnit.SECONDS).error()).isEqualTo(AdapterErrorCode.INVALID_TARGET);
        h.onEvent(new AdapterEvent(
                AdapterEventType.SYSTEM,
                Map.of(EngineProtocol.ACTION_RESULT, Map.of("intent_id", "s9", "ok", true)),
                1712345000L));
        assertThat(h.execute(new Intent("s9", "speak", "user", 0.9, Map.of("text", "Hi"), null))
                        .toCompletableFuture()
                        .get(10, TimeUnit.SECONDS)
                        .error())
                .isEqualTo(AdapterErrorCode.INVALID_TARGET);
    }
}
