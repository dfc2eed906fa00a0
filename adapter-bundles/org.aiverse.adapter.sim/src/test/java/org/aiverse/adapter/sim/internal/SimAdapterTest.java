package org.aiverse.adapter.sim.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.aiverse.contracts.adapter.ActionResult;
import org.aiverse.contracts.adapter.AdapterErrorCode;
import org.aiverse.contracts.adapter.AdapterEvent;
import org.aiverse.contracts.adapter.AdapterEventType;
import org.aiverse.contracts.adapter.AdapterHandle;
import org.aiverse.contracts.adapter.AdapterManifest;
import org.aiverse.contracts.intent.Intent;
import org.aiverse.json.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The simulated world carries every capability of the seed's matrix and answers with percepts. */
class SimAdapterTest {

    private final BlockingQueue<AdapterEvent> events = new LinkedBlockingQueue<>();
    private final SimAdapter adapter = new SimAdapter("1.0.0", 0.01, 0.0);

    @AfterEach
    void close() {
        adapter.close();
    }

    private AdapterHandle spawn() {
        AdapterManifest manifest = Json.read(
                "{\"session_id\":\"sess_sim\",\"world_id\":\"sim\",\"snapshot_id\":\"ps_1\",\"agent\":{\"id\":\"a\","
                        + "\"capabilities\":[\"speak\",\"move\",\"animate\",\"buyItem\",\"openDialog\"]}}",
                AdapterManifest.class);
        return adapter.onSpawn(manifest, events::add);
    }

    private static ActionResult run(AdapterHandle h, String id, String type, String target, Map<String, Object> params)
            throws Exception {
        CompletionStage<ActionResult> r = h.execute(new Intent(id, type, target, 0.9, params, null));
        return r.toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void everyCapabilityExecutes() throws Exception {
        AdapterHandle h = spawn();
        assertThat(run(h, "s1", "speak", "npc_42", Map.of("text", "Hello, curator!")))
                .isEqualTo(ActionResult.success());
        assertThat(run(h, "m1", "move", "bioluminescent_gallery", Map.of())).isEqualTo(ActionResult.success());
        assertThat(run(h, "a1", "animate", "wave", Map.of())).isEqualTo(ActionResult.success());
        assertThat(run(h, "b1", "buyItem", "glow_pin", Map.of("item_id", "glow_pin", "price", 4.5)))
                .isEqualTo(ActionResult.success());
        assertThat(run(h, "d1", "openDialog", "user", Map.of("title", "Exhibit")))
                .isEqualTo(ActionResult.success());
    }

    @Test
    void movingNearAnExhibitIsAProximityPerceptAndTheCuratorGreets() throws Exception {
        AdapterHandle h = spawn();
        assertThat(run(h, "m1", "move", "bioluminescent_gallery", Map.of())).isEqualTo(ActionResult.success());
        List<Map<String, Object>> percepts = percepts();
        assertThat(percepts).anySatisfy(p -> {
            assertThat(p).containsEntry("type", "proximity");
            assertThat(Json.toMap(p.get("payload"))).containsEntry("entity", "exhibit_glow_fern");
        });
        assertThat(percepts).anySatisfy(p -> {
            assertThat(p).containsEntry("type", "chat");
            assertThat(Json.toMap(p.get("payload"))).containsEntry("speaker", "npc_42");
        });
        assertThat(percepts).anySatisfy(p -> assertThat(p).containsEntry("type", "world_state"));
    }

    @Test
    void badTargetsAreInvalidAndAChangedPriceIsRefused() throws Exception {
        AdapterHandle h = spawn();
        assertThat(run(h, "m2", "move", "the_moon", Map.of()).error()).isEqualTo(AdapterErrorCode.INVALID_TARGET);
        assertThat(run(h, "a2", "animate", "backflip", Map.of()).error()).isEqualTo(AdapterErrorCode.INVALID_TARGET);
        assertThat(run(h, "b2", "buyItem", "unicorn", Map.of()).error()).isEqualTo(AdapterErrorCode.INVALID_TARGET);
        assertThat(run(h, "b3", "buyItem", "glow_pin", Map.of("price", 1)).error())
                .isEqualTo(AdapterErrorCode.ENGINE_ERROR);
    }

    @Test
    void pathsGoAroundWalls() {
        var from = SimWorld.WAYPOINTS.get("home_dock");
        var to = SimWorld.WAYPOINTS.get("curator_desk");
        var route = SimWorld.path(from, to).orElseThrow();
        assertThat(route).allSatisfy(c -> assertThat(SimWorld.walkable(c)).isTrue());
        assertThat(route.get(route.size() - 1)).isEqualTo(to);
        assertThat(route.size()).isGreaterThanOrEqualTo(from.distance(to));
    }

    private List<Map<String, Object>> percepts() throws InterruptedException {
        // the greeting is scheduled at spawn; collect everything that arrives within a second
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        java.util.ArrayList<Map<String, Object>> out = new java.util.ArrayList<>();
        while (System.nanoTime() < deadline) {
            AdapterEvent e = events.poll(50, TimeUnit.MILLISECONDS);
            if (e != null && e.type() == AdapterEventType.ENV) {
                out.add(e.payload());
            }
        }
        return out;
    }
}
