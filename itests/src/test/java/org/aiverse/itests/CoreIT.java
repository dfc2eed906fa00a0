package org.aiverse.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpRequest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.inject.Inject;
import org.aiverse.contracts.adapter.ActionResult;
import org.aiverse.contracts.api.PlaybackRequest;
import org.aiverse.contracts.api.SessionMode;
import org.aiverse.contracts.intent.Intent;
import org.aiverse.contracts.percept.Percept;
import org.aiverse.contracts.percept.PerceptSource;
import org.aiverse.contracts.percept.PerceptType;
import org.aiverse.contracts.policy.PolicyDecision;
import org.aiverse.contracts.policy.ReasonCode;
import org.aiverse.contracts.recorder.EventType;
import org.aiverse.contracts.recorder.SessionEvent;
import org.aiverse.core.api.CoreSession;
import org.aiverse.core.api.CoreSessionSpec;
import org.aiverse.core.api.IntentSink;
import org.aiverse.core.api.LoopState;
import org.aiverse.core.api.PersonalityCore;
import org.aiverse.json.Json;
import org.aiverse.persistence.Database;
import org.aiverse.recorder.api.RecordingQuery;
import org.aiverse.snapshot.api.SnapshotStore;
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

/**
 * The Personality Core in the real distribution on a fresh PostgreSQL: a snapshot registered through the REST API
 * with a real client-signed token, a decision loop opened through the real {@link PersonalityCore} service, the
 * seed's percepts decided through the real Safety Gate and recorded in the session's chain; the memory query over
 * HTTP with both memory scopes; the learning update approved, rejected and rolled back over REST and the console;
 * {@code /metrics}.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class CoreIT extends PlatformTestSupport {

    static final String ORIGIN = "https://world.example";
    static final String OWNER = "carol";
    static final String SNAPSHOT = "ps_core_it";
    static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    static final String SESSION_TRACEPARENT = "00-" + TRACE + "-00f067aa0ba902b7-01";

    @Inject
    private PersonalityCore core;

    @Inject
    private SnapshotStore snapshots;

    @Inject
    private RecordingQuery recordings;

    @Inject
    private Database database;

    private static ClientKey key;
    private static String useToken;
    private static String limitedToken;
    private static String fullToken;

    @Configuration
    public Option[] config() {
        return platform(
                freshPostgres(), tokenTool()
                // aiverse-core and aiverse-shell boot with the aiverse feature: nothing to install (no refresh)
                );
    }

    static long now() {
        return System.currentTimeMillis() / 1000;
    }

    static String token(String... scopes) {
        return TokenSigner.hive(
                key, new Claims(OWNER, "hive_carol", List.of(scopes), now(), now() + 1800, ORIGIN, null));
    }

    static Map<String, Object> memory(String id, String text, boolean exportable, List<String> tags) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("ts", now() - 86_400);
        m.put("text", text);
        m.put("source", "import");
        m.put("salience", 0.8);
        m.put("tags", tags);
        m.put("emotion", Map.of("valence", 0.7, "arousal", 0.4, "labels", List.of("joy")));
        m.put("privacy", Map.of("pii", false, "exportable", exportable));
        return m;
    }

    @Before
    public void registerSnapshot() {
        awaitHealthy();
        await("the Personality Core's REST resources", Duration.ofSeconds(60), () -> {
            Answer a = call("POST", "/api/v1/memory/query", null, "{}");
            return a.status() == 401;
        });
        if (key != null) {
            return;
        }
        key = ClientKey.generate(ClientKey.ES256);
        useToken = token("persona.use");
        limitedToken = token("persona.use", "memory.read.limited");
        fullToken = token("persona.use", "memory.read.full");
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("id", SNAPSHOT);
        s.put("version", 1);
        s.put("owner_id", OWNER);
        s.put("profile", Map.of("name", "Carol_Core", "tone", Map.of("curious", 0.8, "formal", 0.2)));
        s.put(
                "policies",
                Map.of(
                        "autonomy", "medium",
                        "spending_caps", Map.of("daily", 50, "per_txn", 10),
                        "restricted_actions", List.of("transfer_asset", "publish_external")));
        s.put(
                "memory_index",
                List.of(
                        Map.of("id", "m1", "salience", 0.8, "ts", now() - 86_400),
                        Map.of("id", "m2", "salience", 0.8, "ts", now() - 86_400),
                        Map.of("id", "m3", "salience", 0.8, "ts", now() - 86_400)));
        s.put("created_at", now() - 100_000);
        s.put("updated_at", now() - 100_000);
        s.put("owner_key", key.publicJwk());
        s.put(
                "memories",
                List.of(
                        memory(
                                "m1",
                                "Visited the bioluminescent gallery and greeted the curator npc_42.",
                                false,
                                List.of("gallery", "curator", "greeting", "npc_42")),
                        memory(
                                "m2",
                                "Bought a tide poster in the bioluminescent gallery shop.",
                                true,
                                List.of("shop", "gallery")),
                        memory("m3", "A diary entry about the gallery that must vanish.", true, List.of("gallery"))));
        Answer created = call("POST", "/api/v1/snapshots", useToken, Json.write(s));
        assertEquals(created.body(), 201, created.status());
        Answer redacted = call("POST", "/api/v1/snapshots/" + SNAPSHOT + "/memories/m3/redact", useToken, null);
        assertEquals(redacted.body(), 200, redacted.status());
    }

    /** A sink as the session layer would be: records, and reports each intent's result at once. */
    static final class Sink implements IntentSink {
        final List<Intent> emitted = Collections.synchronizedList(new ArrayList<>());
        final List<String> traceparents = Collections.synchronizedList(new ArrayList<>());
        final List<PolicyDecision> blocked = Collections.synchronizedList(new ArrayList<>());
        volatile CoreSession session;

        @Override
        public void emit(Intent intent, PolicyDecision decision, String traceparent) {
            assertTrue(decision.allowed());
            emitted.add(intent);
            traceparents.add(traceparent);
            session.actionResult(intent.intentId(), ActionResult.success());
        }

        @Override
        public void blocked(Intent intent, PolicyDecision decision) {
            blocked.add(decision);
        }
    }

    static Percept percept(String id, PerceptType type, PerceptSource source, Map<String, Object> payload) {
        return new Percept(id, type, source, payload, now());
    }

    CoreSession open(String sessionId, Sink sink) {
        CoreSessionSpec spec = new CoreSessionSpec(
                sessionId,
                OWNER,
                snapshots.latest(SNAPSHOT).orElseThrow(),
                "sim",
                SessionMode.CO_EXPERIENCE,
                Set.of("persona.use"),
                Set.of("speak", "move", "animate", "buyItem", "openDialog"),
                CoreSessionSpec.DEFAULT_QUEUE_DEPTH,
                7L,
                SESSION_TRACEPARENT);
        CoreSession s = core.open(spec, sink);
        sink.session = s;
        return s;
    }

    @Test
    public void decidesTheSeedsPerceptsRecordsThemAndLearns() throws Exception {
        // ---------------------------------------------------------------- memory query over HTTP, both scopes
        String query = "{\"snapshot_id\":\"" + SNAPSHOT + "\",\"q\":\"bioluminescent gallery\",\"top_k\":10}";
        Answer limited = call("POST", "/api/v1/memory/query", limitedToken, query);
        assertEquals(limited.body(), 200, limited.status());
        assertEquals(List.of("m2"), ids(limited.json()));
        Answer full = call("POST", "/api/v1/memory/query", fullToken, query);
        assertEquals(full.body(), 200, full.status());
        assertEquals(Set.of("m1", "m2"), Set.copyOf(ids(full.json())));
        JsonNode hit = full.json().path("items").get(0);
        JsonNode x = hit.path("explanation");
        double expected = 0.45 * x.path("sim").asDouble()
                + 0.15 * x.path("recency").asDouble()
                + 0.10 * x.path("emo").asDouble()
                + 0.20 * x.path("salience").asDouble()
                + 0.07 * x.path("tag_boost").asDouble()
                + 0.03 * x.path("pin_boost").asDouble();
        assertEquals(expected, hit.path("score").asDouble(), 1e-9);
        assertEquals(
                Math.exp(-0.02 * x.path("delta_t_days").asDouble()),
                x.path("recency").asDouble(),
                1e-9);
        assertFalse(full.body(), full.body().contains("vanish"));
        assertError(call("POST", "/api/v1/memory/query", useToken, query), 403, "blocked_scope");
        assertError(call("POST", "/api/v1/memory/query", null, query), 401, "invalid_token");
        assertError(
                call("POST", "/api/v1/memory/query", fullToken, "{\"snapshot_id\":\"" + SNAPSHOT + "\",\"top_k\":0}"),
                400,
                "validation_error");
        assertTrue(call("POST", "/api/v1/memory/query", fullToken, "{\"snapshot_id\":\"" + SNAPSHOT + "\",\"top_k\":0}")
                .body()
                .contains("top_k"));
        assertError(
                call("POST", "/api/v1/memory/query", fullToken, "{\"snapshot_id\":\"ps_nobody\"}"), 404, "not_found");

        // ---------------------------------------------------------------- the decision loop
        Sink sink = new Sink();
        CoreSession s = open("sess_core_it", sink);
        String perceptTrace = "0af7651916cd43dd8448eb211c80319c";
        s.offer(percept("p1", PerceptType.CHAT, PerceptSource.NPC, Map.of("text", "hello", "speaker", "npc_42")), null);
        s.offer(
                percept(
                        "p2",
                        PerceptType.PROXIMITY,
                        PerceptSource.ENGINE,
                        Map.of(
                                "entity",
                                "exhibit_glow_fern",
                                "name",
                                "Glow fern",
                                "distance_m",
                                1,
                                "description",
                                "A fern that glows softly at dusk.")),
                "00-" + perceptTrace + "-b7ad6b7169203331-01");
        s.offer(
                percept(
                        "p3",
                        PerceptType.WORLD_STATE,
                        PerceptSource.ENGINE,
                        Map.of("event", "task", "waypoint", "bioluminescent_gallery")),
                null);
        s.offer(
                percept(
                        "p4",
                        PerceptType.WORLD_STATE,
                        PerceptSource.NPC,
                        Map.of("event", "offer", "item_id", "glow_pin", "price", new BigDecimal("4.50"))),
                null);
        s.offer(
                percept(
                        "p5",
                        PerceptType.WORLD_STATE,
                        PerceptSource.NPC,
                        Map.of("event", "offer", "item_id", "memory_book", "price", new BigDecimal("24.00"))),
                null);
        s.offer(
                percept("p6", PerceptType.CHAT, PerceptSource.USER, Map.of("text", "Please summarize our visit")),
                null);
        await("six decisions", Duration.ofSeconds(30), () -> sink.emitted.size() + sink.blocked.size() == 6);
        List<Intent> e = List.copyOf(sink.emitted);
        assertEquals(5, e.size());
        assertEquals("speak", e.get(0).type());
        assertEquals("npc_42", e.get(0).target());
        assertTrue(
                e.get(0).params().get("text").toString(),
                e.get(0).params().get("text").toString().startsWith("Hello, nice to see you again!"));
        assertEquals("speak", e.get(1).type());
        assertEquals("user", e.get(1).target());
        assertTrue(e.get(1).params().get("text").toString().contains("glow fern"));
        assertEquals("move", e.get(2).type());
        assertEquals("bioluminescent_gallery", e.get(2).params().get("waypoint"));
        assertEquals("buyItem", e.get(3).type());
        assertEquals("glow_pin", e.get(3).params().get("item_id"));
        assertEquals(1, sink.blocked.size());
        assertEquals("memory_book", sink.blocked.get(0).intent().params().get("item_id"));
        assertEquals(ReasonCode.BLOCKED_BUDGET, sink.blocked.get(0).reasonCode());
        assertEquals("speak", e.get(4).type());
        assertTrue(
                e.get(4).params().get("text").toString(),
                e.get(4).params().get("text").toString().contains("Came close to the Glow fern"));
        // W3C traceparent out: the session's trace, or the percept's own
        assertTrue(sink.traceparents.get(0), sink.traceparents.get(0).startsWith("00-" + TRACE + "-"));
        assertTrue(sink.traceparents.get(1), sink.traceparents.get(1).startsWith("00-" + perceptTrace + "-"));
        await("the loop to idle", Duration.ofSeconds(10), () -> s.state() == LoopState.IDLE);

        // ---------------------------------------------------------------- recorded in the session's chain
        String[] seen = {"nothing"};
        try {
            await("the decisions and spans in the chain", Duration.ofSeconds(30), () -> {
                List<SessionEvent> events = events("sess_core_it");
                long intents = events.stream()
                        .filter(ev -> ev.type() == EventType.INTENT)
                        .count();
                long blocks = events.stream()
                        .filter(ev -> ev.type() == EventType.POLICY_BLOCK)
                        .count();
                // an iteration's span is its own METRIC event, or the meta of the gate's event of its intent
                long spans = events.stream()
                        .filter(ev -> ev.type() == EventType.METRIC || "core.decision".equals(spanOf(ev)))
                        .count();
                seen[0] = events.stream().map(ev -> ev.type().wire()).collect(Collectors.joining(","));
                return intents >= 5 && blocks >= 1 && spans >= 6;
            });
        } catch (AssertionError failure) {
            throw new AssertionError(failure.getMessage() + "; the chain holds: " + seen[0], failure);
        }
        List<SessionEvent> events = events("sess_core_it");
        // the emitted intent's event carries its iteration's span: trace ids and the steps up to decide
        SessionEvent span = events.stream()
                .filter(ev -> ev.type() == EventType.INTENT && "core.decision".equals(spanOf(ev)))
                .findFirst()
                .orElseThrow();
        @SuppressWarnings("unchecked")
        Map<String, Object> meta = (Map<String, Object>) span.payload().get("meta");
        assertEquals(TRACE, meta.get("trace_id"));
        assertEquals(e.get(0).intentId(), meta.get("corr_id"));
        assertNotNull(meta.get("span_id"));
        assertEquals("00f067aa0ba902b7", meta.get("parent_span_id"));
        assertTrue(meta.get("steps").toString(), meta.get("steps").toString().contains("decide"));
        assertTrue(meta.get("steps").toString(), meta.get("steps").toString().contains("retrieve_memory"));
        assertTrue(recordings.verify("sess_core_it").ok());

        // ---------------------------------------------------------------- /metrics
        Answer metrics =
                send(HttpRequest.newBuilder(URI.create(baseUrl() + "/metrics")).GET());
        assertEquals(metrics.body(), 200, metrics.status());
        for (String name : List.of(
                "intent_rate_per_min 5",
                "policy_block_rate",
                "anomaly_flags",
                "decision_latency_ms{quantile=\"0.99\"}",
                "backpressure_level",
                "session_length_s",
                "takeover_events_total",
                "intents_blocked_total 1")) {
            assertTrue(name + " in " + metrics.body(), metrics.body().contains(name));
        }

        // ---------------------------------------------------------------- memories sealed at rest
        await("the session's memories stored", Duration.ofSeconds(10), () -> countSessionMemories() == 5);
        try (Connection c = database.dataSource().getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT sealed FROM memory_item WHERE session_id = 'sess_core_it'")) {
            while (rs.next()) {
                assertFalse(rs.getString(1).contains("Glow fern"));
            }
        }

        // ---------------------------------------------------------------- learning: propose, approve, roll back
        s.close();
        String base = "/api/v1/snapshots/" + SNAPSHOT + "/proposals";
        await(
                "the proposal",
                Duration.ofSeconds(30),
                () -> call("GET", base, useToken, null).json().path("proposals").size() == 1);
        JsonNode proposal =
                call("GET", base, useToken, null).json().path("proposals").get(0);
        assertEquals("pending", proposal.path("status").asText());
        assertEquals("sess_core_it", proposal.path("session_id").asText());
        assertEquals(5, proposal.path("added").size());
        assertEquals("m1", proposal.path("salience").get(0).path("id").asText());
        String pid = proposal.path("id").asText();
        assertTrue(executeCommand("aiverse:proposals " + SNAPSHOT).contains(pid));

        Answer other = call(
                "GET",
                base,
                TokenSigner.hive(
                        ClientKey.generate(ClientKey.ES256),
                        new Claims("mallory", "hive_m", List.of("persona.use"), now(), now() + 600, ORIGIN, null)),
                null);
        assertTrue(other.body(), other.status() == 401 || other.status() == 403);

        Answer approved = call("POST", base + "/" + pid + "/approve", useToken, null);
        assertEquals(approved.body(), 200, approved.status());
        assertEquals(2, approved.json().path("result_version").asInt());
        assertError(call("POST", base + "/" + pid + "/approve", useToken, null), 409, "conflict");
        JsonNode v2 =
                call("GET", "/api/v1/snapshots/" + SNAPSHOT, useToken, null).json();
        assertEquals(2, v2.path("version").asInt());
        assertEquals(8, v2.path("memory_index").size());
        assertEquals(
                0.85,
                snapshots.memories(SNAPSHOT, 2).stream()
                        .filter(m -> m.id().equals("m1"))
                        .findFirst()
                        .orElseThrow()
                        .salience(),
                1e-9);
        assertEquals(8, snapshots.memories(SNAPSHOT, 2).size());

        Answer rolled = call("POST", base + "/rollback", useToken, "{\"version\":1}");
        assertEquals(rolled.body(), 200, rolled.status());
        assertEquals(3, rolled.json().path("version").asInt());
        JsonNode v3 =
                call("GET", "/api/v1/snapshots/" + SNAPSHOT, useToken, null).json();
        assertEquals(3, v3.path("memory_index").size());
        assertError(call("POST", base + "/rollback", useToken, "{\"version\":0}"), 400, "validation_error");

        // a second session's proposal, rejected at the console; a rollback at the console
        Sink second = new Sink();
        CoreSession s2 = open("sess_core_it_2", second);
        s2.offer(percept("q1", PerceptType.CHAT, PerceptSource.NPC, Map.of("text", "hello", "speaker", "npc_7")), null);
        await("the second reply", Duration.ofSeconds(30), () -> second.emitted.size() == 1);
        s2.halt("emergency_stop");
        assertEquals(LoopState.REVOKED, s2.state());
        s2.close();
        await(
                "the second proposal",
                Duration.ofSeconds(30),
                () -> call("GET", base, useToken, null).json().path("proposals").size() == 2);
        // the new one, whatever the order of two proposals made within the same second
        String pid2 = null;
        for (JsonNode p : call("GET", base, useToken, null).json().path("proposals")) {
            if (!pid.equals(p.path("id").asText())) {
                pid2 = p.path("id").asText();
            }
        }
        assertNotNull("the second proposal is listed", pid2);
        assertTrue(executeCommand("aiverse:proposal-reject " + SNAPSHOT + " " + pid2)
                .contains("Rejected"));
        assertEquals(
                "rejected",
                call("GET", base + "/" + pid2, useToken, null)
                        .json()
                        .path("status")
                        .asText());
        assertTrue(
                executeCommand("aiverse:snapshot-rollback " + SNAPSHOT + " 2").contains("as version 4"));
        assertEquals(4, snapshots.latest(SNAPSHOT).orElseThrow().version());
        assertTrue(
                send(HttpRequest.newBuilder(URI.create(baseUrl() + "/metrics")).GET())
                        .body()
                        .contains("takeover_events_total 1"));
    }

    private int countSessionMemories() {
        try (Connection c = database.dataSource().getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM memory_item WHERE session_id = 'sess_core_it'")) {
            rs.next();
            return rs.getInt(1);
        } catch (java.sql.SQLException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private List<SessionEvent> events(String session) {
        return recordings
                .playback(new PlaybackRequest(session, null, null, null, null), 20)
                .events();
    }

    private static List<String> ids(JsonNode response) {
        List<String> out = new ArrayList<>();
        for (JsonNode item : response.path("items")) {
            out.add(item.path("memory").path("id").asText());
        }
        return out;
    }

    static void assertError(Answer a, int status, String code) {
        assertEquals(a.body(), status, a.status());
        assertEquals(a.body(), code, a.json().path("error").path("code").asText());
    }

    static String join(List<String> l) {
        return l.stream().collect(Collectors.joining(","));
    }

    /** The {@code span} an event's {@code payload.meta} names, if any. */
    private static Object spanOf(SessionEvent ev) {
        return ev.payload().get("meta") instanceof Map<?, ?> meta ? meta.get("span") : null;
    }
}
