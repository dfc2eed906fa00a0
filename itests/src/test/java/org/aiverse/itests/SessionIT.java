package org.aiverse.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.inject.Inject;
import org.aiverse.bus.Bus;
import org.aiverse.contracts.ValidationException;
import org.aiverse.contracts.adapter.Adapter;
import org.aiverse.contracts.adapter.AdapterHandle;
import org.aiverse.contracts.adapter.AdapterManifest;
import org.aiverse.contracts.version.ContractVersion;
import org.aiverse.core.api.PersonalityCore;
import org.aiverse.json.Json;
import org.aiverse.session.api.SessionTopics;
import org.aiverse.token.ClientKey;
import org.aiverse.token.TokenSigner;
import org.aiverse.token.TokenSigner.Claims;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;

/**
 * Sessions and their realtime stream through the real distribution, real HTTP and a real WebSocket client
 * (java.net.http), on a fresh PostgreSQL: the lifecycle of seed 5.3 with its 409s and the hooks' error state; the
 * WS protocol of seed 5.4 (envelope, seq, stale and duplicate frames ignored, acks, heartbeats and the disconnect
 * after missed ones, backpressure, contract version, token at upgrade and on re-auth, resume after a reconnect);
 * the emergency stop of seed 7.3 from REST, console and the stream; the closed loop on the simulated world and on
 * an engine-driven world played by the test; WebRTC signaling; every step in the recorder's chain, which verifies.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SessionIT extends PlatformTestSupport {

    static final String ORIGIN = "https://world.example";
    static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    private BundleContext context;

    @Inject
    private Bus bus;

    private static ClientKey alice;
    private static ClientKey mallory;
    private static boolean ready;

    @Configuration
    public Option[] config() {
        return platform(
                freshPostgres(),
                tokenTool(),
                editConfigurationFilePut("etc/org.aiverse.session.cfg", "heartbeatMillis", "1000"),
                editConfigurationFilePut("etc/org.aiverse.session.cfg", "reauthSeconds", "2"),
                editConfigurationFilePut("etc/org.aiverse.adapter.sim.cfg", "timeScale", "0.05"),
                editConfigurationFilePut("etc/org.aiverse.adapter.sim.cfg", "failureRate", "0"));
    }

    @Before
    public void platformUp() {
        if (ready) {
            return;
        }
        await(
                "the Personality Core",
                Duration.ofSeconds(60),
                () -> context.getServiceReference(PersonalityCore.class) != null);
        Dictionary<String, Object> broken = new Hashtable<>();
        broken.put(Adapter.PROP_ID, "broken");
        broken.put(Adapter.PROP_KIND, "world");
        broken.put(Adapter.PROP_VERSION, "1.0.0");
        broken.put(Adapter.PROP_CONTRACT_VERSION, ContractVersion.CURRENT);
        broken.put(Adapter.PROP_CAPABILITIES, new String[] {"speak"});
        context.registerService(Adapter.class, new BrokenAdapter(), broken);
        awaitHealthy();
        await(
                "the session endpoints",
                Duration.ofSeconds(60),
                () -> get("/api/v1/sessions/x/state").status() == 401);
        alice = ClientKey.generate(ClientKey.ES256);
        mallory = ClientKey.generate(ClientKey.EDDSA);
        assertEquals(
                201,
                call("POST", "/api/v1/snapshots", token("hive_setup"), snapshot("ps_alice", "alice", alice))
                        .status());
        assertEquals(
                201,
                call(
                                "POST",
                                "/api/v1/snapshots",
                                TokenSigner.jws(mallory, claims("mallory", "hive_m")),
                                snapshot("ps_mallory", "mallory", mallory))
                        .status());
        await("the session WebSocket endpoint", Duration.ofSeconds(60), () -> {
            try (WsClient c = WsClient.connect(ws("sess_none", ""), 1, 0)) {
                return c.awaitClose(WAIT) == 4404;
            } catch (AssertionError e) {
                return false;
            }
        });
        ready = true;
    }

    // ------------------------------------------------------------------ helpers

    static long now() {
        return System.currentTimeMillis() / 1000;
    }

    static Claims claims(String sub, String consentSession) {
        return new Claims(sub, consentSession, List.of("persona.use"), now(), now() + 900, ORIGIN, null);
    }

    static String token(String consentSession) {
        return TokenSigner.hive(alice, claims("alice", consentSession));
    }

    static String snapshot(String id, String owner, ClientKey key) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("id", id);
        s.put("version", 1);
        s.put("owner_id", owner);
        s.put("profile", Map.of("name", "Alice_Core", "tone", Map.of("curious", 0.8)));
        s.put("memory_index", List.of());
        s.put("created_at", 1712345000);
        s.put("updated_at", 1712345000);
        // Every session of this class belongs to one owner, and the sim world's NPCs greet on their own: with the
        // gate's default speak limit (30 a minute per owner, across sessions) whether a later scenario still gets
        // its spoken reply would depend on how fast the machine ran the earlier ones. PolicyIT tests the limits.
        s.put(
                "policies",
                Map.of(
                        "autonomy",
                        "medium",
                        "rate_limits",
                        Map.of("intent.speak", Map.of("per_min", 600, "burst", 100))));
        s.put("owner_key", key.publicJwk());
        return Json.write(s);
    }

    /** Starts a session and returns its id. */
    String start(String token, String world, Map<String, Object> extra) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("snapshot_id", "ps_alice");
        body.put("world_id", world);
        body.put("mode", "co_experience");
        body.putAll(extra);
        Answer a = call("POST", "/api/v1/sessions", token, Json.write(body));
        assertEquals(a.body(), 201, a.status());
        assertEquals(a.body(), "running", a.json().path("state").asText());
        String id = a.json().path("id").asText();
        assertTrue(id, id.startsWith("sess_"));
        return id;
    }

    String ws(String id, String query) {
        return baseUrl().replace("http://", "ws://") + "/ws/sessions/" + id + (query.isEmpty() ? "" : "?" + query);
    }

    WsClient connect(String id, String token, String query) {
        WsClient c = WsClient.connect(ws(id, query), 1, 400, "Authorization", "Bearer " + token, "Origin", ORIGIN);
        c.awaitType("state", WAIT, p -> p.has("contract_version"));
        return c;
    }

    static void assertError(Answer a, int status, String code, String messagePart) {
        assertEquals(a.body(), status, a.status());
        JsonNode error = a.json().path("error");
        assertEquals(a.body(), code, error.path("code").asText());
        assertTrue(a.body(), error.path("message").asText().contains(messagePart));
    }

    /** The recorded events of a session, through the playback API. */
    List<JsonNode> recorded(String id, String token, String types) {
        Answer a = call("GET", "/api/v1/sessions/" + id + "/playback?page_size=1000&types=" + types, token, null);
        assertEquals(a.body(), 200, a.status());
        List<JsonNode> out = new ArrayList<>();
        a.json().path("events").forEach(out::add);
        return out;
    }

    long metric(String id, String token, String name) {
        JsonNode m = call("GET", "/api/v1/sessions/" + id + "/state", token, null)
                .json()
                .path("metrics");
        assertTrue(m.toString(), m.has(name));
        return m.path(name).asLong();
    }

    static void assertSeqsIncrease(WsClient c) {
        long last = 0;
        for (JsonNode f : c.snapshot()) {
            long s = f.path("seq").asLong();
            assertTrue("seq must strictly increase: " + c.snapshot(), s > last);
            last = s;
        }
    }

    static boolean isType(JsonNode f, String type) {
        return type.equals(f.path("type").asText());
    }

    // ------------------------------------------------------------------ scenarios

    @Test
    public void lifecycleWithConflictsErrorsAndConsole() {
        String token = token("hive_life");
        String id = start(token, "sim", Map.of());
        String path = "/api/v1/sessions/" + id;
        // another node observes the session on the bus
        List<String> onBus = new CopyOnWriteArrayList<>();
        Bus.Subscription observed =
                bus.subscribe(SessionTopics.state(id), body -> onBus.add(new String(body, StandardCharsets.UTF_8)));

        assertError(call("POST", "/api/v1/sessions", null, "{}"), 401, "invalid_token", "Bearer");
        assertError(
                call("POST", "/api/v1/sessions", token, "{\"snapshot_id\":\"ps_alice\",\"mode\":\"proxy\"}"),
                400,
                "validation_error",
                "world_id");
        assertError(
                call(
                        "POST",
                        "/api/v1/sessions",
                        token,
                        "{\"snapshot_id\":\"ps_alice\",\"world_id\":\"nowhere\",\"mode\":\"proxy\"}"),
                400,
                "validation_error",
                "world_id");
        assertError(
                call(
                        "POST",
                        "/api/v1/sessions",
                        token,
                        "{\"snapshot_id\":\"ps_alice\",\"world_id\":\"sim\",\"mode\":\"bogus\"}"),
                400,
                "validation_error",
                "mode");
        assertError(
                call(
                        "POST",
                        "/api/v1/sessions",
                        TokenSigner.jws(mallory, claims("mallory", "hive_m")),
                        "{\"snapshot_id\":\"ps_alice\",\"world_id\":\"sim\",\"mode\":\"proxy\"}"),
                403,
                "blocked_scope",
                "another user");

        Answer paused = call("POST", path + "/pause", token, "{}");
        assertEquals(paused.body(), 200, paused.status());
        assertEquals("paused", paused.json().path("state").asText());
        assertEquals(id, paused.json().path("id").asText());
        assertTrue(paused.json().path("ts").asLong() > 0);
        assertError(call("POST", path + "/pause", token, "{}"), 409, "conflict", "paused");
        assertEquals(
                "running",
                call("POST", path + "/resume", token, "{}").json().path("state").asText());
        assertError(call("POST", path + "/resume", token, "{}"), 409, "conflict", "running");

        JsonNode state = call("GET", path + "/state", token, null).json();
        assertEquals("running", state.path("state").asText());
        assertTrue(state.toString(), state.path("metrics").has("intent_rate_per_min"));
        assertError(call("GET", "/api/v1/sessions/sess_nope/state", token, null), 404, "not_found", "sess_nope");
        assertError(call("POST", "/api/v1/sessions/sess_nope/pause", token, "{}"), 404, "not_found", "sess_nope");
        assertError(
                call("GET", path + "/state", TokenSigner.jws(mallory, claims("mallory", "hive_m")), null),
                403,
                "blocked_scope",
                "not the caller's");
        // the token's consent session is bound to the session (seed 5.6 step 6)
        assertError(call("POST", path + "/pause", token("hive_other"), "{}"), 403, "blocked_scope", "bound");

        // the console
        assertTrue(executeCommand("aiverse:sessions").contains(id));
        String shown = executeCommand("aiverse:session " + id);
        assertTrue(shown, shown.contains("running") && shown.contains("intent_rate_per_min") && shown.contains("sim"));
        assertTrue(executeCommand("aiverse:pause " + id).contains("paused"));
        assertTrue(executeCommand("aiverse:pause " + id).contains("conflict"));
        assertTrue(executeCommand("aiverse:resume " + id).contains("running"));
        assertTrue(executeCommand("aiverse:session sess_nope").contains("No session"));

        // ... and controls it: commands on the session's control address reach the owning node
        await("the state changes on the bus", WAIT, () -> onBus.stream()
                .anyMatch(b -> b.contains("\"state\":\"paused\"") && b.contains(id)));
        bus.publish(SessionTopics.control(id), Json.writeBytes(Map.of("command", "pause")));
        await("a pause from another node", WAIT, () -> "paused"
                .equals(call("GET", path + "/state", token, null)
                        .json()
                        .path("state")
                        .asText()));
        bus.publish(SessionTopics.control(id), Json.writeBytes(Map.of("command", "resume")));
        await("a resume from another node", WAIT, () -> "running"
                .equals(call("GET", path + "/state", token, null)
                        .json()
                        .path("state")
                        .asText()));
        observed.close();

        assertError(
                call("POST", path + "/terminate", token, "{\"reason\":\"sometime\"}"),
                400,
                "validation_error",
                "reason");
        Answer ended = call("POST", path + "/terminate", token, "{\"reason\":\"user_request\"}");
        assertEquals(ended.body(), "terminated", ended.json().path("state").asText());
        assertError(call("POST", path + "/terminate", token, "{}"), 409, "conflict", "terminated");
        assertError(call("POST", path + "/pause", token, "{}"), 409, "conflict", "terminated");
        assertTrue(executeCommand("aiverse:terminate " + id).contains("conflict"));

        // a recorder state-change event for every transition, in order
        List<String> changes = new ArrayList<>();
        for (JsonNode e : recorded(id, token, "state_change")) {
            changes.add(e.path("payload").path("to").asText());
        }
        assertEquals(
                List.of(
                        "creating",
                        "running",
                        "paused",
                        "running",
                        "paused",
                        "running",
                        "paused",
                        "running",
                        "terminating",
                        "terminated"),
                changes);
        JsonNode verified = call("GET", path + "/verify", token, null).json();
        assertTrue(verified.toString(), verified.path("ok").asBoolean());

        // a hook that fails leaves the session in error, with its reason, recorded
        Answer failed = call(
                "POST",
                "/api/v1/sessions",
                token,
                "{\"snapshot_id\":\"ps_alice\",\"world_id\":\"broken\",\"mode\":\"proxy\"}");
        assertEquals(failed.body(), 201, failed.status());
        assertEquals("error", failed.json().path("state").asText());
        assertTrue(failed.body(), failed.json().path("reason").asText().contains("onStart failed"));
        String brokenId = failed.json().path("id").asText();
        List<JsonNode> errorChanges = recorded(brokenId, token, "state_change");
        assertEquals(
                "error",
                errorChanges
                        .get(errorChanges.size() - 1)
                        .path("payload")
                        .path("to")
                        .asText());
        assertError(call("POST", "/api/v1/sessions/" + brokenId + "/pause", token, "{}"), 409, "conflict", "error");
    }

    @Test
    public void streamFramesAcksHeartbeatsBackpressureAndResume() throws Exception {
        String token = token("hive_stream");
        String id = start(token, "sim", Map.of("queue_depth", 2));

        // the token is checked at upgrade
        try (WsClient none = WsClient.connect(ws(id, ""), 1, 0, "Origin", ORIGIN)) {
            assertEquals(4401, none.awaitClose(WAIT));
            none.awaitType(
                    "error", WAIT, p -> "invalid_token".equals(p.path("code").asText()));
        }
        try (WsClient other = WsClient.connect(
                ws(id, ""),
                1,
                0,
                "Authorization",
                "Bearer " + TokenSigner.jws(mallory, claims("mallory", "hive_m")),
                "Origin",
                ORIGIN)) {
            assertEquals(4403, other.awaitClose(WAIT));
        }
        try (WsClient wrongVersion = WsClient.connect(
                ws(id, "contract_version=2.0.0"), 1, 0, "Authorization", "Bearer " + token, "Origin", ORIGIN)) {
            assertEquals(4400, wrongVersion.awaitClose(WAIT));
            wrongVersion.awaitType(
                    "error", WAIT, p -> p.path("message").asText().contains("contract_version"));
        }
        // browsers: access_token as a query parameter
        try (WsClient browser = WsClient.connect(
                ws(id, "participant=browser&access_token=" + URLEncoder.encode(token, StandardCharsets.UTF_8)),
                1,
                400,
                "Origin",
                ORIGIN)) {
            browser.awaitType(
                    "state", WAIT, p -> "browser".equals(p.path("participant").asText()));
        }

        WsClient user = connect(id, token, "participant=user&contract_version=1.0.0&queue_depth=50");
        JsonNode hello = user.snapshot().get(0);
        assertEquals("state", hello.path("type").asText());
        assertEquals("running", hello.path("payload").path("state").asText());
        assertEquals(
                ContractVersion.CURRENT,
                hello.path("payload").path("contract_version").asText());
        assertEquals(2, hello.path("payload").path("queue_depth").asInt());
        assertTrue(hello.path("ts").asLong() > 0);

        // the closed loop through the stream; a stale or duplicate seq is ignored
        List<String> intentsOnBus = new CopyOnWriteArrayList<>();
        List<String> statesOnBus = new CopyOnWriteArrayList<>();
        Bus.Subscription intentsObserved = bus.subscribe(
                SessionTopics.intents(id), body -> intentsOnBus.add(new String(body, StandardCharsets.UTF_8)));
        Bus.Subscription statesObserved = bus.subscribe(
                SessionTopics.state(id), body -> statesOnBus.add(new String(body, StandardCharsets.UTF_8)));
        user.send("heartbeat", Map.of());
        long s1 = user.chat("Hello, I am new here");
        String unobserved = user.awaitType(
                        "intent", WAIT, p -> "speak".equals(p.path("type").asText()))
                .path("payload")
                .path("intent_id")
                .asText();
        // intents reach the bus only while another node observes the session; the bus keeps one topic's order,
        // so the intent before the observe command would have arrived before the one after it
        bus.publish(SessionTopics.control(id), Json.writeBytes(Map.of("command", "observe", "seconds", 60)));
        await("the owner to answer the observe command", WAIT, () -> statesOnBus.stream()
                .anyMatch(b -> b.contains("\"observed_for_s\":60")));
        user.chat("Is anyone watching?");
        await("an observed intent on the bus", WAIT, () -> !intentsOnBus.isEmpty());
        assertTrue(intentsOnBus.toString(), intentsOnBus.stream().noneMatch(b -> b.contains(unobserved)));
        intentsObserved.close();
        statesObserved.close();
        long stale = metric(id, token, "frames_stale");
        user.sendWithSeq(
                "event",
                s1,
                Map.of(
                        "id",
                        "p_dup",
                        "type",
                        "chat",
                        "source",
                        "user",
                        "payload",
                        Map.of("text", "stale"),
                        "ts",
                        now()));
        user.sendWithSeq("heartbeat", 1, Map.of()); // stale
        long s2 = user.chat("What a lovely gallery");
        assertTrue(s2 > s1);
        await(
                "the stale and the duplicate frame to be ignored",
                WAIT,
                () -> metric(id, token, "frames_stale") == stale + 2);

        // acks: at least every 20 frames
        long last = 0;
        for (int i = 0; i < 20; i++) {
            last = user.send("heartbeat", Map.of());
        }
        long target = last;
        user.awaitType("ack", WAIT, p -> p.path("ack_seq").asLong() >= target);

        // backpressure: the percept queue (depth 2) fills up; the sender hears it
        for (int i = 0; i < 60; i++) {
            user.send(
                    "event",
                    Map.of(
                            "id",
                            "p_flood_" + i,
                            "type",
                            "chat",
                            "source",
                            "user",
                            "payload",
                            Map.of("text", "Tell me about exhibit number " + i + " please"),
                            "ts",
                            System.currentTimeMillis() / 1000));
        }
        user.awaitType("backpressure", WAIT, p -> !"none".equals(p.path("level").asText()) && p.has("queue_depth"));
        await("the queue to drain", WAIT, () -> {
            user.chat("noop");
            return user.any(f -> isType(f, "backpressure")
                    && "none".equals(f.path("payload").path("level").asText()));
        });
        // every percept of the flood is in the chain: as a percept event, or named by a percepts_shed metric
        await("every flooded percept recorded or named as shed", WAIT, () -> {
            Set<String> seen = new HashSet<>();
            int shedEvents = 0;
            for (JsonNode e : recorded(id, token, "percept,metric")) {
                JsonNode p = e.path("payload");
                if ("percept".equals(e.path("type").asText())) {
                    seen.add(p.path("id").asText());
                } else if ("percepts_shed".equals(p.path("name").asText())) {
                    shedEvents++;
                    assertEquals(
                            p.toString(),
                            p.path("count").asInt(),
                            p.path("percept_ids").size());
                    p.path("percept_ids").forEach(i -> seen.add(i.asText()));
                }
            }
            for (int i = 0; i < 60; i++) {
                if (!seen.contains("p_flood_" + i)) {
                    return false;
                }
            }
            return shedEvents > 0;
        });

        // re-auth: token rotation on a heartbeat, then a bad token closes the connection
        user.send("heartbeat", Map.of("access_token", token));
        assertSeqsIncrease(user);

        // resume: acknowledge, go away, miss two state changes, come back from the last ack: nothing is missed
        long acked = user.lastSeq();
        user.send("ack", Map.of("ack_seq", acked));
        user.close();
        assertEquals(
                200,
                call("POST", "/api/v1/sessions/" + id + "/pause", token, "{}").status());
        assertEquals(
                200,
                call("POST", "/api/v1/sessions/" + id + "/resume", token, "{}").status());
        WsClient back = WsClient.connect(
                ws(id, "participant=user&last_seq=" + acked),
                1000,
                400,
                "Authorization",
                "Bearer " + token,
                "Origin",
                ORIGIN);
        back.awaitType("state", WAIT, p -> p.has("resumed_from"));
        List<JsonNode> replay = back.snapshot();
        assertEquals(replay.toString(), acked + 1, replay.get(0).path("seq").asLong());
        for (int i = 1; i < replay.size(); i++) {
            assertEquals(
                    replay.toString(),
                    replay.get(i - 1).path("seq").asLong() + 1,
                    replay.get(i).path("seq").asLong());
        }
        List<String> states = new ArrayList<>();
        for (JsonNode f : replay) {
            if (isType(f, "state") && !f.path("payload").has("resumed_from")) {
                states.add(f.path("payload").path("state").asText());
            }
        }
        assertTrue(replay.toString(), states.containsAll(List.of("paused", "running")));
        assertEquals(
                acked,
                back.awaitType("state", WAIT, p -> p.has("resumed_from"))
                        .path("payload")
                        .path("resumed_from")
                        .asLong());

        // heartbeats after silence (1 s here), and a disconnect after three missed ones
        WsClient silent = WsClient.connect(
                ws(id, "participant=silent"), 1, 0, "Authorization", "Bearer " + token, "Origin", ORIGIN);
        silent.awaitType("heartbeat", WAIT, p -> true);
        assertEquals(4408, silent.awaitClose(WAIT));

        // the round trip is measured with WebSocket pings once per heartbeat interval (seed 8.1 ws_rtt_ms); the
        // client's pongs come back and the session reports it
        await("ws_rtt_ms in the session's metrics", WAIT, () -> call(
                        "GET", "/api/v1/sessions/" + id + "/state", token, null)
                .json()
                .path("metrics")
                .path("ws_rtt_ms")
                .isNumber());

        back.send("heartbeat", Map.of("access_token", "not-a-token"));
        back.awaitType("error", WAIT, p -> "invalid_token".equals(p.path("code").asText()));
        assertEquals(4401, back.awaitClose(WAIT));
        assertSeqsIncrease(back);
        call("POST", "/api/v1/sessions/" + id + "/terminate", token, "{}");
    }

    @Test
    public void emergencyStopFromApiConsoleAndStream() {
        // REST stop on an engine-driven world with an action in flight
        String t1 = token("hive_stop1");
        String id = start(t1, "webxr", Map.of());
        WsClient engine = connect(id, t1, "participant=engine");
        engine.chat("Hello there, hold on");
        JsonNode intent = engine.awaitType("intent", WAIT, p -> p.has("command"));
        String intentId = intent.path("payload").path("intent_id").asText();
        Answer stopped = call("POST", "/api/v1/sessions/" + id + "/stop", t1, "{}");
        assertEquals(stopped.body(), 200, stopped.status());
        assertEquals("terminated", stopped.json().path("state").asText());
        assertEquals("emergency_stop", stopped.json().path("reason").asText());
        engine.awaitType(
                "state",
                WAIT,
                p -> "terminating".equals(p.path("state").asText())
                        && "emergency_stop".equals(p.path("reason").asText()));
        engine.awaitType("state", WAIT, p -> "terminated".equals(p.path("state").asText()));
        engine.awaitClose(WAIT);
        // the token is revoked: later calls get 403 revoked
        assertError(call("GET", "/api/v1/sessions/" + id + "/state", t1, null), 403, "revoked", "revoked");
        String fresh1 = token("hive_stop1_audit");
        boolean cancelled = false;
        for (JsonNode e : recorded(id, fresh1, "action")) {
            cancelled |= intentId.equals(e.path("payload").path("intent_id").asText())
                    && "stopped".equals(e.path("payload").path("error").asText());
        }
        assertTrue("the in-flight action was cancelled (stopped)", cancelled);
        boolean logged = false;
        for (JsonNode e : recorded(id, fresh1, "state_change")) {
            logged |= "terminating".equals(e.path("payload").path("to").asText())
                    && "emergency_stop".equals(e.path("payload").path("reason").asText());
        }
        assertTrue(logged);

        // stop into pause; resume only with a fresh token
        String t2 = token("hive_stop2");
        String id2 = start(t2, "sim", Map.of());
        Answer paused = call("POST", "/api/v1/sessions/" + id2 + "/stop", t2, "{\"pause\":true}");
        assertEquals(paused.body(), "paused", paused.json().path("state").asText());
        assertEquals("emergency_stop", paused.json().path("reason").asText());
        assertError(call("POST", "/api/v1/sessions/" + id2 + "/resume", t2, "{}"), 403, "revoked", "revoked");
        assertTrue(executeCommand("aiverse:resume " + id2).contains("fresh"));
        Answer resumed = call("POST", "/api/v1/sessions/" + id2 + "/resume", token("hive_stop2_fresh"), "{}");
        assertEquals(resumed.body(), "running", resumed.json().path("state").asText());
        // the loop works again after the resume
        WsClient again = connect(id2, token("hive_stop2_fresh"), "participant=user");
        again.chat("Hello again, I am back");
        again.awaitType("intent", WAIT, p -> "speak".equals(p.path("type").asText()));
        again.close();

        // the console's aiverse:stop
        String t3 = token("hive_stop3");
        String id3 = start(t3, "sim", Map.of());
        String out = executeCommand("aiverse:stop " + id3);
        assertTrue(out, out.contains("terminated") && out.contains("emergency_stop"));
        assertError(call("GET", "/api/v1/sessions/" + id3 + "/state", t3, null), 403, "revoked", "revoked");

        // a stop frame from the client
        String t4 = token("hive_stop4");
        String id4 = start(t4, "sim", Map.of());
        WsClient hud = connect(id4, t4, "participant=hud");
        hud.send("state", Map.of("state", "terminating", "reason", "emergency_stop"));
        hud.awaitType("state", WAIT, p -> "terminated".equals(p.path("state").asText()));
        assertEquals(
                "terminated",
                call("GET", "/api/v1/sessions/" + id4 + "/state", token("hive_stop4_audit"), null)
                        .json()
                        .path("state")
                        .asText());
        assertError(call("GET", "/api/v1/sessions/" + id4 + "/state", t4, null), 403, "revoked", "revoked");
    }

    @Test
    public void closedLoopOnTheSimulatedWorldIsRecordedAndVerifies() {
        String token = token("hive_loop");
        String id = start(token, "sim", Map.of());
        WsClient user = connect(id, token, "participant=user");
        user.chat("Hello world, nice to meet you");
        JsonNode intent = user.awaitType(
                "intent", WAIT, p -> "speak".equals(p.path("type").asText()));
        assertEquals("speak", intent.path("payload").path("type").asText());
        assertFalse(intent.path("payload").has("command"));
        String intentId = intent.path("payload").path("intent_id").asText();
        JsonNode result = user.awaitType(
                "event",
                WAIT,
                p -> intentId.equals(p.path("payload")
                        .path("action_result")
                        .path("intent_id")
                        .asText()));
        assertTrue(
                result.toString(),
                result.path("payload")
                        .path("payload")
                        .path("action_result")
                        .path("ok")
                        .asBoolean());
        assertSeqsIncrease(user);
        user.close();
        call("POST", "/api/v1/sessions/" + id + "/terminate", token, "{}");

        Set<String> types = new HashSet<>();
        boolean greeted = false;
        for (JsonNode e : recorded(id, token, "percept,intent,action,state_change")) {
            types.add(e.path("type").asText());
            // the world is alive: the curator's greeting is an adapter percept
            greeted |= "npc".equals(e.path("payload").path("source").asText())
                    && "adapter".equals(e.path("actor").asText());
        }
        assertTrue("the sim world's own percept is recorded", greeted);
        assertEquals(Set.of("percept", "intent", "action", "state_change"), types);
        JsonNode verified =
                call("GET", "/api/v1/sessions/" + id + "/verify", token, null).json();
        assertTrue(verified.toString(), verified.path("ok").asBoolean());
        assertTrue(verified.toString(), verified.path("verified").asLong() >= 6);
    }

    @Test
    public void engineDrivenWorldPlayedByTheTestAndVoiceSignaling() {
        String token = token("hive_engine");
        String id = start(token, "unity", Map.of("rtc_participants", List.of("user", "engine")));
        WsClient engine = connect(id, token, "participant=engine");
        WsClient user = connect(id, token, "participant=user");

        engine.chat("Hi there, welcome to my world");
        JsonNode intent = engine.awaitType("intent", WAIT, p -> p.has("command"));
        assertEquals(
                "AgentController.Speak",
                intent.path("payload").path("command").path("method").asText());
        assertFalse(intent.path("payload").path("params").path("text").asText().isBlank());
        assertEquals(
                intent.path("payload").path("params").path("text").asText(),
                intent.path("payload")
                        .path("command")
                        .path("args")
                        .path(1)
                        .path("text")
                        .asText());
        String intentId = intent.path("payload").path("intent_id").asText();
        engine.send(
                "event",
                Map.of(
                        "id", "p_ar1",
                        "type", "system",
                        "source", "engine",
                        "payload", Map.of("action_result", Map.of("intent_id", intentId, "ok", true)),
                        "ts", now()));
        JsonNode done = user.awaitType(
                "event",
                WAIT,
                p -> intentId.equals(p.path("payload")
                        .path("action_result")
                        .path("intent_id")
                        .asText()));
        assertTrue(done.path("payload")
                .path("payload")
                .path("action_result")
                .path("ok")
                .asBoolean());

        // WebRTC signaling relayed between the manifest's rtc participants; media stays peer to peer
        user.send("event", Map.of("rtc", Map.of("kind", "offer", "to", "engine", "sdp", "v=0 offer")));
        JsonNode offer = engine.awaitType("event", WAIT, p -> p.has("rtc"));
        assertEquals("offer", offer.path("payload").path("rtc").path("kind").asText());
        assertEquals("user", offer.path("payload").path("rtc").path("from").asText());
        assertEquals("v=0 offer", offer.path("payload").path("rtc").path("sdp").asText());
        engine.send("event", Map.of("rtc", Map.of("kind", "answer", "to", "user", "sdp", "v=0 answer")));
        user.awaitType(
                "event", WAIT, p -> "answer".equals(p.path("rtc").path("kind").asText()));
        engine.send(
                "event",
                Map.of(
                        "rtc",
                        Map.of(
                                "kind",
                                "candidate",
                                "to",
                                "user",
                                "candidate",
                                "candidate:1 1 UDP 1 10.0.0.1 9 typ host")));
        user.awaitType("event", WAIT, p -> "candidate"
                .equals(p.path("rtc").path("kind").asText()));
        WsClient stranger = connect(id, token, "participant=tv");
        stranger.send("event", Map.of("rtc", Map.of("kind", "offer", "to", "engine", "sdp", "x")));
        stranger.awaitType(
                "error", WAIT, p -> "validation_error".equals(p.path("code").asText()));

        engine.close();
        user.close();
        stranger.close();
        call("POST", "/api/v1/sessions/" + id + "/terminate", token, "{}");
        boolean ok = false;
        for (JsonNode e : recorded(id, token, "action")) {
            ok |= intentId.equals(e.path("payload").path("intent_id").asText())
                    && e.path("payload").path("ok").asBoolean();
        }
        assertTrue("the engine's action result is recorded", ok);
        assertTrue(call("GET", "/api/v1/sessions/" + id + "/verify", token, null)
                .json()
                .path("ok")
                .asBoolean());
    }

    /** A world adapter whose spawn fails, to see the onStart hook end in {@code error}. */
    static final class BrokenAdapter implements Adapter {
        @Override
        public AdapterHandle onSpawn(AdapterManifest manifest) {
            throw new ValidationException("world", "the broken world cannot spawn agents");
        }
    }
}
