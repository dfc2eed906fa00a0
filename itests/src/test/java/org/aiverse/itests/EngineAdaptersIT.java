package org.aiverse.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javax.inject.Inject;
import org.aiverse.core.api.PersonalityCore;
import org.aiverse.json.Json;
import org.aiverse.token.ClientKey;
import org.aiverse.token.TokenSigner;
import org.aiverse.token.TokenSigner.Claims;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;

/**
 * The engine-driven worlds {@code webxr}, {@code unity} and {@code unreal} (DESIGN §6) in the real distribution, each
 * played by a scripted engine client over the real session WebSocket: the engine sends its percepts (an NPC's chat, a
 * world task to go to a waypoint, a shop's offer), every intent frame carries the command of the seed's event mapping
 * for that engine (3.3), the engine's action results complete {@code execute} and are recorded; what the capability
 * matrix says an engine cannot do (WebXR has {@code moveTo({x,y,z})} only, no pathfinding to a named waypoint) is
 * answered {@code not_supported} without reaching the engine. Then a hot swap of the engine adapters while the engine
 * holds an unanswered command: the command is not sent again, and the engine's answer completes it. Every chain
 * verifies.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class EngineAdaptersIT extends PlatformTestSupport {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(EngineAdaptersIT.class);
    static final String ORIGIN = "https://world.example";
    static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    private BundleContext context;

    private ClientKey owner;

    @Configuration
    public Option[] config() {
        String version = System.getProperty("aiverse.version");
        File engine = new File(
                "../adapter-bundles/org.aiverse.adapter.engine/target/org.aiverse.adapter.engine-" + version + ".jar");
        File dir = new File("target/engine-swap");
        dir.mkdirs();
        return platform(
                freshPostgres(),
                tokenTool(),
                systemProperty("engine.v2")
                        .value(HotSwapIT.rebundle(engine, new File(dir, "engine-0.2.0.jar"), "0.2.0")
                                .getAbsolutePath()),
                editConfigurationFilePut("etc/org.aiverse.session.cfg", "heartbeatMillis", "1000"));
    }

    static long now() {
        return System.currentTimeMillis() / 1000;
    }

    String token(String consentSession) {
        return TokenSigner.hive(
                owner, new Claims("eve", consentSession, List.of("persona.use"), now(), now() + 900, ORIGIN, null));
    }

    /** A percept (seed 4.5) as the engine sends it: an {@code event} frame. */
    static long percept(WsClient engine, String id, String type, String source, Map<String, Object> payload) {
        return engine.send("event", Map.of("id", id, "type", type, "source", source, "payload", payload, "ts", now()));
    }

    /** The engine reports an action done (DESIGN §6): a {@code system} percept with {@code action_result}. */
    static void actionResult(WsClient engine, String intentId, boolean ok) {
        Map<String, Object> ar = new LinkedHashMap<>();
        ar.put("intent_id", intentId);
        ar.put("ok", ok);
        percept(engine, "ar_" + intentId, "system", "engine", Map.of("action_result", ar));
    }

    /** Waits for the intent frame of the given type that carries an engine command, and returns its payload. */
    static JsonNode intentFrame(WsClient engine, String type) {
        return engine.awaitType("intent", WAIT, p -> type.equals(p.path("type").asText()) && p.has("command"))
                .path("payload");
    }

    /** Waits for the session's completion event of an intent (the recorded ActionResult, shown to clients). */
    static JsonNode completion(WsClient client, java.util.function.Predicate<JsonNode> result) {
        return client.awaitType(
                        "event",
                        WAIT,
                        p -> p.path("payload").has("action_result")
                                && result.test(p.path("payload").path("action_result")))
                .path("payload")
                .path("payload")
                .path("action_result");
    }

    /** What one engine must make of the three percepts. */
    record Expected(String world, Consumer<JsonNode> speak, Consumer<JsonNode> move, Consumer<JsonNode> buy) {}

    @Test
    public void eachEngineGetsItsOwnCommandsOverTheSessionWebSocketAndCompletesExecute() {
        await(
                "the Personality Core",
                Duration.ofSeconds(60),
                () -> context.getServiceReference(PersonalityCore.class) != null);
        awaitHealthy();
        await(
                "the session endpoints",
                Duration.ofSeconds(60),
                () -> get("/api/v1/sessions/x/state").status() == 401);
        owner = ClientKey.generate(ClientKey.ES256);
        Map<String, Object> snap = new LinkedHashMap<>();
        snap.put("id", "ps_eve");
        snap.put("version", 1);
        snap.put("owner_id", "eve");
        snap.put("profile", Map.of("name", "Eve_Core", "tone", Map.of("curious", 0.8)));
        snap.put("memory_index", List.of());
        snap.put("created_at", 1712345000);
        snap.put("updated_at", 1712345000);
        snap.put(
                "policies",
                Map.of(
                        "autonomy",
                        "medium",
                        "spending_caps",
                        Map.of("daily", 50),
                        "rate_limits",
                        Map.of("intent.speak", Map.of("per_min", 600, "burst", 100))));
        snap.put("owner_key", owner.publicJwk());
        Answer created = call("POST", "/api/v1/snapshots", token("hive_engines"), Json.write(snap));
        assertEquals(created.body(), 201, created.status());
        await("the session WebSocket endpoint", Duration.ofSeconds(60), () -> {
            try (WsClient c =
                    WsClient.connect(baseUrl().replace("http://", "ws://") + "/ws/sessions/sess_none", 1, 0)) {
                return c.awaitClose(WAIT) == 4404;
            } catch (AssertionError e) {
                return false;
            }
        });

        List<Expected> engines = List.of(
                new Expected(
                        "webxr",
                        c -> {
                            // WebAudio stream + avatar mouth blendshape mapping
                            assertEquals(c.toString(), "speak", c.path("op").asText());
                            assertEquals(
                                    c.toString(), "webaudio", c.path("audio").asText());
                            assertEquals(
                                    c.toString(),
                                    "blendshape",
                                    c.path("lipsync").asText());
                        },
                        null, // moveTo({x,y,z}) only: a named waypoint is not_supported (capability matrix: Partial)
                        c -> {
                            assertEquals(
                                    c.toString(),
                                    "commerce.purchase",
                                    c.path("op").asText());
                            assertEquals(
                                    c.toString(),
                                    "glow_pin",
                                    c.path("args").path(0).path("item_id").asText());
                            assertTrue(
                                    c.toString(),
                                    c.path("args").path(0).path("sandbox").asBoolean());
                        }),
                new Expected(
                        "unity",
                        c -> {
                            // TTS playback + lip-sync driver; queue if audio busy
                            assertEquals(
                                    c.toString(),
                                    "AgentController.Speak",
                                    c.path("method").asText());
                            assertTrue(
                                    c.toString(),
                                    c.path("args").path(1).path("lipsync").asBoolean());
                            assertTrue(
                                    c.toString(),
                                    c.path("args").path(1).path("queue_if_busy").asBoolean());
                        },
                        c -> {
                            // NavMeshAgent.SetDestination(waypoint)
                            assertEquals(
                                    c.toString(),
                                    "NavMeshAgent.SetDestination",
                                    c.path("method").asText());
                            assertEquals(
                                    c.toString(),
                                    "wp_east",
                                    c.path("args").path(0).asText());
                        },
                        c -> {
                            assertEquals(
                                    c.toString(),
                                    "CommerceSandbox.Purchase",
                                    c.path("method").asText());
                            assertEquals(
                                    c.toString(),
                                    "glow_pin",
                                    c.path("args").path(0).path("item_id").asText());
                            assertTrue(
                                    c.toString(),
                                    c.path("args").path(0).path("sandbox").asBoolean());
                        }),
                new Expected(
                        "unreal",
                        c -> {
                            // TTS + lip-sync with viseme mapping
                            assertEquals(
                                    c.toString(),
                                    "AgentTTS.Speak",
                                    c.path("function").asText());
                            assertTrue(
                                    c.toString(),
                                    c.path("params").path("visemes").asBoolean());
                        },
                        c -> {
                            // pathfinding to the waypoint
                            assertEquals(
                                    c.toString(),
                                    "AIController.MoveToActor",
                                    c.path("function").asText());
                            assertEquals(
                                    c.toString(), "wp_east", c.path("target").asText());
                        },
                        c -> {
                            assertEquals(
                                    c.toString(),
                                    "CommerceSandbox.Purchase",
                                    c.path("function").asText());
                            assertEquals(
                                    c.toString(), "glow_pin", c.path("target").asText());
                            assertTrue(
                                    c.toString(),
                                    c.path("params").path("sandbox").asBoolean());
                        }));

        StringBuilder summary = new StringBuilder();
        for (Expected e : engines) {
            String token = token("hive_" + e.world());
            Answer a = call(
                    "POST",
                    "/api/v1/sessions",
                    token,
                    Json.write(Map.of("snapshot_id", "ps_eve", "world_id", e.world(), "mode", "co_experience")));
            assertEquals(a.body(), 201, a.status());
            String id = a.json().path("id").asText();
            WsClient engine = WsClient.connect(
                    baseUrl().replace("http://", "ws://") + "/ws/sessions/" + id + "?participant=engine",
                    1,
                    400,
                    "Authorization",
                    "Bearer " + token,
                    "Origin",
                    ORIGIN);
            engine.awaitType("state", WAIT, p -> p.has("contract_version"));
            Map<String, Boolean> completed = new HashMap<>();

            // an NPC speaks to the agent: the reply is the engine's speak command, with the intent's text
            percept(engine, "p_chat", "chat", "npc", Map.of("text", "Hello, welcome to my world", "speaker", "npc_42"));
            JsonNode speak = intentFrame(engine, "speak");
            String text = speak.path("params").path("text").asText();
            assertFalse(speak.toString(), text.isBlank());
            assertTrue(speak.toString(), speak.path("command").toString().contains(Json.write(text)));
            e.speak().accept(speak.path("command"));
            String speakId = speak.path("intent_id").asText();
            actionResult(engine, speakId, true);
            assertTrue(
                    completion(engine, r -> speakId.equals(r.path("intent_id").asText()))
                            .path("ok")
                            .asBoolean());
            completed.put(speakId, true);

            // a world task to go to a named waypoint
            percept(engine, "p_task", "world_state", "engine", Map.of("event", "task", "waypoint", "wp_east"));
            if (e.move() == null) {
                JsonNode refused = completion(
                        engine, r -> "not_supported".equals(r.path("error").asText()));
                assertFalse(refused.toString(), refused.path("ok").asBoolean());
                String moveId = refused.path("intent_id").asText();
                assertFalse(
                        "a refused intent never reaches the engine",
                        engine.any(f -> "intent".equals(f.path("type").asText())
                                && moveId.equals(
                                        f.path("payload").path("intent_id").asText())));
                completed.put(moveId, false);
            } else {
                JsonNode move = intentFrame(engine, "move");
                assertEquals(
                        move.toString(),
                        "wp_east",
                        move.path("params").path("waypoint").asText());
                e.move().accept(move.path("command"));
                String moveId = move.path("intent_id").asText();
                actionResult(engine, moveId, true);
                assertTrue(completion(
                                engine, r -> moveId.equals(r.path("intent_id").asText()))
                        .path("ok")
                        .asBoolean());
                completed.put(moveId, true);
            }

            // the shop offers an item within the caps: the engine's sandbox commerce API; the engine reports a failure
            percept(
                    engine,
                    "p_offer",
                    "world_state",
                    "engine",
                    Map.of("event", "offer", "item_id", "glow_pin", "price", 4.5, "name", "Glow pin"));
            JsonNode buy = intentFrame(engine, "buyItem");
            e.buy().accept(buy.path("command"));
            String buyId = buy.path("intent_id").asText();
            actionResult(engine, buyId, false);
            JsonNode failed =
                    completion(engine, r -> buyId.equals(r.path("intent_id").asText()));
            assertFalse(failed.toString(), failed.path("ok").asBoolean());
            assertEquals(failed.toString(), "engine_error", failed.path("error").asText());
            completed.put(buyId, false);
            // a duplicate answer from the engine changes nothing
            actionResult(engine, speakId, true);

            engine.close();
            assertEquals(
                    200,
                    call("POST", "/api/v1/sessions/" + id + "/terminate", token, "{}")
                            .status());

            // the recorder: each of these intents has exactly one ActionResult, as the engine reported it
            Map<String, List<JsonNode>> actions = new HashMap<>();
            for (JsonNode ev : recorded(id, token, "action")) {
                actions.computeIfAbsent(ev.path("payload").path("intent_id").asText(), k -> new ArrayList<>())
                        .add(ev.path("payload"));
            }
            for (Map.Entry<String, Boolean> c : completed.entrySet()) {
                List<JsonNode> results = actions.getOrDefault(c.getKey(), List.of());
                assertEquals(e.world() + " " + c.getKey() + ": " + results, 1, results.size());
                assertEquals(
                        results.toString(),
                        c.getValue(),
                        results.get(0).path("ok").asBoolean());
            }
            if (e.move() == null) {
                assertTrue(
                        actions.toString(),
                        actions.values().stream()
                                .flatMap(List::stream)
                                .anyMatch(r -> "move".equals(r.path("type").asText())
                                        && "not_supported"
                                                .equals(r.path("error").asText())));
            }
            JsonNode verified = call("GET", "/api/v1/sessions/" + id + "/verify", token, null)
                    .json();
            assertTrue(verified.toString(), verified.path("ok").asBoolean());
            summary.append(e.world()).append(": ").append(completed).append("; ");
        }
        LOG.info("EngineAdaptersIT: {}", summary);

        // hot swap with a command in the engine's hands: a newer version of the engine adapters is installed while
        // the engine has not answered yet; the command is not sent again, and the engine's answer completes it
        String token = token("hive_swap");
        Answer a = call(
                "POST",
                "/api/v1/sessions",
                token,
                Json.write(Map.of("snapshot_id", "ps_eve", "world_id", "unity", "mode", "co_experience")));
        assertEquals(a.body(), 201, a.status());
        String id = a.json().path("id").asText();
        WsClient engine = WsClient.connect(
                baseUrl().replace("http://", "ws://") + "/ws/sessions/" + id + "?participant=engine",
                1,
                400,
                "Authorization",
                "Bearer " + token,
                "Origin",
                ORIGIN);
        engine.awaitType("state", WAIT, p -> p.has("contract_version"));
        percept(engine, "p_held", "chat", "npc", Map.of("text", "Hello again, traveller", "speaker", "npc_42"));
        String held = intentFrame(engine, "speak").path("intent_id").asText();
        try {
            org.osgi.framework.Bundle v2 = context.installBundle(
                    new File(System.getProperty("engine.v2")).toURI().toString());
            v2.start();
        } catch (org.osgi.framework.BundleException e) {
            throw new AssertionError(e);
        }
        engine.awaitType("event", WAIT, p -> "0.2.0"
                .equals(p.path("payload").path("adapter_swap").path("to").asText()));
        await("the session on the engine adapters 0.2.0", WAIT, () -> {
            JsonNode m = call("GET", "/api/v1/sessions/" + id + "/state", token, null)
                    .json()
                    .path("metrics");
            return "0.2.0".equals(m.path("adapter_version").asText())
                    && m.path("adapter_bound").asBoolean();
        });
        actionResult(engine, held, true);
        assertTrue(completion(engine, r -> held.equals(r.path("intent_id").asText()))
                .path("ok")
                .asBoolean());
        // the next intent runs on 0.2.0 and completes there
        percept(engine, "p_after", "chat", "npc", Map.of("text", "Tell me about the new wing", "speaker", "npc_42"));
        JsonNode next = engine.await(
                        "the next speak command",
                        WAIT,
                        f -> "intent".equals(f.path("type").asText())
                                && f.path("payload").has("command")
                                && !held.equals(
                                        f.path("payload").path("intent_id").asText()))
                .path("payload");
        String nextId = next.path("intent_id").asText();
        actionResult(engine, nextId, true);
        assertTrue(completion(engine, r -> nextId.equals(r.path("intent_id").asText()))
                .path("ok")
                .asBoolean());
        long sent = engine.snapshot().stream()
                .filter(f -> "intent".equals(f.path("type").asText())
                        && held.equals(f.path("payload").path("intent_id").asText()))
                .count();
        assertEquals("the command the engine held was sent once: " + engine.snapshot(), 1, sent);
        engine.close();
        assertEquals(
                200,
                call("POST", "/api/v1/sessions/" + id + "/terminate", token, "{}")
                        .status());
        Map<String, Integer> results = new HashMap<>();
        for (JsonNode ev : recorded(id, token, "action")) {
            results.merge(ev.path("payload").path("intent_id").asText(), 1, Integer::sum);
        }
        assertEquals(results.toString(), Integer.valueOf(1), results.get(held));
        assertEquals(results.toString(), Integer.valueOf(1), results.get(nextId));
        assertTrue(call("GET", "/api/v1/sessions/" + id + "/verify", token, null)
                .json()
                .path("ok")
                .asBoolean());
    }

    /** Every recorded event of a session of the given types (one page is enough here). */
    List<JsonNode> recorded(String id, String token, String types) {
        Answer a = call("GET", "/api/v1/sessions/" + id + "/playback?page_size=1000&types=" + types, token, null);
        assertEquals(a.body(), 200, a.status());
        List<JsonNode> out = new ArrayList<>();
        a.json().path("events").forEach(out::add);
        return out;
    }
}
