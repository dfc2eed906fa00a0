package org.aiverse.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.inject.Inject;
import org.aiverse.contracts.api.ChainVerification;
import org.aiverse.contracts.api.PlaybackRequest;
import org.aiverse.contracts.api.SessionMode;
import org.aiverse.contracts.intent.Intent;
import org.aiverse.contracts.memory.MemoryItem;
import org.aiverse.contracts.policy.Autonomy;
import org.aiverse.contracts.policy.Ethics;
import org.aiverse.contracts.policy.Policy;
import org.aiverse.contracts.policy.PolicyDecision;
import org.aiverse.contracts.policy.RateLimit;
import org.aiverse.contracts.policy.ReasonCode;
import org.aiverse.contracts.policy.SpendingCaps;
import org.aiverse.contracts.recorder.EventType;
import org.aiverse.contracts.recorder.SessionEvent;
import org.aiverse.contracts.snapshot.MemoryIndexEntry;
import org.aiverse.contracts.snapshot.PersonalitySnapshot;
import org.aiverse.contracts.snapshot.Profile;
import org.aiverse.json.Json;
import org.aiverse.persistence.Database;
import org.aiverse.policy.api.PolicyContext;
import org.aiverse.policy.api.PolicyGate;
import org.aiverse.recorder.api.Playback;
import org.aiverse.recorder.api.RecordingQuery;
import org.aiverse.snapshot.api.SnapshotStore;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * The Safety Gate in the real distribution, on PostgreSQL (a fresh database for this run): every reason code
 * through {@code POST /api/v1/policies/evaluate}, the seven checks in order, dry-runs that move nothing (compared
 * with the live gate service), the budget kept across a restart of the policy bundle, bad input, unknown
 * snapshots, exact live counters under concurrency, recording, metrics and the console commands.
 *
 * <p>Everything is the product's: callers present real consent tokens (Ed25519 compact JWS made with the
 * {@code aiverse-token} tool), validated by the auth bundle; the test snapshots are registered over HTTP with
 * {@code POST /api/v1/snapshots} (binding each owner's key, memories sealed at rest by the snapshot bundle); the
 * gate records its decisions in the real recorder, read back through {@link RecordingQuery}.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PolicyIT extends PlatformTestSupport {

    private static final String EVALUATE = "/api/v1/policies/evaluate";
    private static final String FULL = "persona.use,memory.read.full";
    private static final String SECRET = "Visited the bioluminescent gallery and greeted the curator after midnight.";
    private static final List<String> CHECK_ORDER =
            List.of("restricted_actions", "scope", "autonomy_level", "rate_limit", "budget_cap", "privacy", "ethics");

    /** The test users' keys and tokens; the keys are bound once, by the first snapshot registration. */
    private static final TestTokens TOKENS = new TestTokens();

    private static volatile boolean seeded;

    @Inject
    private BundleContext context;

    @Inject
    private Database database;

    @Inject
    private SnapshotStore snapshots;

    @Inject
    private RecordingQuery recordings;

    @Configuration
    public Option[] config() {
        return platform(freshPostgres(), tokenTool());
    }

    @Before
    public void seedSnapshotsAndAwaitTheEndpoint() {
        awaitHealthy();
        await(
                "the snapshot and evaluate endpoints behind the real consent filter",
                Duration.ofSeconds(60),
                () -> get("/api/v1/snapshots/ps_none").status() == 401
                        && raw(null, null, "{}").status() == 401);
        if (!seeded) {
            seedSnapshots();
            seeded = true;
        }
        await(
                "the evaluate endpoint with a real token",
                Duration.ofSeconds(60),
                () -> evaluate("user_it", "persona.use", "ps_all", intent("warmup", "speak", "user", 0.9, "{}"))
                                .status()
                        == 200);
    }

    private static Policy policy(
            Autonomy autonomy, String daily, String perTxn, Map<String, RateLimit> rates, List<String> restricted) {
        return new Policy(
                autonomy,
                new SpendingCaps(new BigDecimal(daily), new BigDecimal(perTxn)),
                rates,
                restricted,
                List.of(),
                new Ethics("v1"));
    }

    private void seedSnapshots() {
        put(
                "ps_all",
                "user_it",
                policy(
                        Autonomy.MEDIUM,
                        "50",
                        "10",
                        Map.of("intent.wave", new RateLimit(0, null), "intent.dance", new RateLimit(1, 1)),
                        List.of("transfer_asset")));
        put(
                "ps_dry",
                "user_dry",
                policy(Autonomy.LOW, "10", "10", Map.of("intent.speak", new RateLimit(1, 3)), List.of()));
        put("ps_budget", "user_budget", policy(Autonomy.LOW, "10", "10", Map.of(), List.of()));
        put(
                "ps_busy",
                "user_busy",
                policy(Autonomy.LOW, "10", "10", Map.of("intent.speak", new RateLimit(1, 40)), List.of()));
        put("ps_other", "someone_else", policy(Autonomy.LOW, "10", "10", Map.of(), List.of()));
    }

    /** Registers the snapshot over HTTP as its owner; every snapshot holds m1 (not exportable) and m2. */
    private void put(String id, String owner, Policy policy) {
        PersonalitySnapshot snapshot = new PersonalitySnapshot(
                id,
                1,
                owner,
                new Profile("Alice_Core", Map.of("curious", 0.8), new Ethics("v1")),
                policy,
                List.of(new MemoryIndexEntry("m1", 0.92, 1712345678L), new MemoryIndexEntry("m2", 0.51, 1712345900L)),
                Map.of(),
                1712345000L,
                1715345000L);
        List<Map<String, Object>> memories = List.of(
                TestTokens.memory("m1", 1712345678L, SECRET, 0.92, false),
                TestTokens.memory("m2", 1712345900L, "We watched the comet over the northern lake.", 0.51, true));
        Answer created = send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/v1/snapshots"))
                .header("Authorization", "Bearer " + TOKENS.token(owner, "persona.use"))
                .header("Origin", TestTokens.ORIGIN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(TOKENS.snapshotBody(snapshot, memories))));
        assertEquals(created.body(), 201, created.status());
        MemoryItem m1 = snapshots.memories(id, 1).get(0);
        assertEquals("the snapshot store holds the memory sealed and opens it", SECRET, m1.text());
        assertFalse(m1.effectivePrivacy().exportable());
    }

    // ------------------------------------------------------------------ helpers

    private static String intent(String id, String type, String target, double confidence, String params) {
        return "{\"intent_id\":\"" + id + "\",\"type\":\"" + type + "\",\"target\":\"" + target + "\",\"confidence\":"
                + confidence + ",\"params\":" + params + ",\"ts\":1712345678}";
    }

    private Answer evaluate(String sub, String scopes, String snapshotId, String intentJson) {
        String body = "{\"snapshot_id\":\"" + snapshotId + "\",\"intent\":" + intentJson
                + ",\"context\":{\"session_id\":\"sess_001\",\"world_id\":\"world_alpha\",\"mode\":\"co_experience\"}}";
        return raw(sub, scopes, body);
    }

    /** Calls the endpoint with a real token of {@code sub} holding {@code scopes}, or with none when null. */
    private Answer raw(String sub, String scopes, String body) {
        return rawWithToken(sub == null ? null : TOKENS.token(sub, scopes.split(",")), body);
    }

    private Answer rawWithToken(String token, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + EVALUATE))
                .header("Content-Type", "application/json")
                .header("Origin", TestTokens.ORIGIN)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return send(b);
    }

    private JsonNode decision(String sub, String scopes, String snapshotId, String intentJson, String expected) {
        Answer a = evaluate(sub, scopes, snapshotId, intentJson);
        assertEquals(a.body(), 200, a.status());
        JsonNode d = a.json();
        assertEquals(a.body(), expected, d.path("reason_code").asText());
        assertEquals(a.body(), "ok".equals(expected), d.path("allowed").asBoolean());
        List<String> names = new ArrayList<>();
        d.path("checks").forEach(c -> names.add(c.path("name").asText()));
        assertEquals("all seven checks in the frozen order: " + a.body(), CHECK_ORDER, names);
        assertTrue(a.body(), d.path("policy_version").asText().startsWith("v1."));
        assertFalse(a.body(), d.path("reason").asText().isBlank());
        return d;
    }

    private PolicyGate gate() {
        ServiceReference<PolicyGate> ref = context.getServiceReference(PolicyGate.class);
        assertNotNull("PolicyGate service", ref);
        return context.getService(ref);
    }

    private PolicyContext live(String snapshotId, String scopes, String session) {
        return gate().context(
                        snapshots.latest(snapshotId).orElseThrow(),
                        Set.of(scopes.split(",")),
                        session,
                        "world_alpha",
                        SessionMode.CO_EXPERIENCE);
    }

    private Bundle installed(String symbolicName) {
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("bundle " + symbolicName + " is not installed");
    }

    /** The session's chain as the recorder plays it back (one page holds every event of these sessions). */
    private List<SessionEvent> recorded(String session) {
        Playback p = recordings.playback(
                Json.read("{\"session_id\":\"" + session + "\",\"page\":{\"size\":1000}}", PlaybackRequest.class), 0);
        assertTrue("one page holds the whole chain of " + session, p.page().nextCursor() == null);
        return p.events();
    }

    private static Intent liveIntent(String id, String type, Map<String, Object> params) {
        return new Intent(id, type, "user", 0.9, params, 1712345678L);
    }

    // ------------------------------------------------------------------ scenarios

    @Test
    public void everyReasonCodeIsReachableThroughTheEndpointWithAllSevenChecksInOrder() {
        String use = "persona.use";
        decision("user_it", use, "ps_all", intent("ok1", "speak", "user", 0.9, "{\"text\":\"hello\"}"), "ok");
        decision("user_it", use, "ps_all", intent("r1", "transfer_asset", "user", 0.9, "{}"), "restricted_action");
        decision(
                "user_it",
                "persona.use,memory.read.limited",
                "ps_all",
                intent("s1", "post_message", "world", 0.9, "{\"memory_log\":\"full\"}"),
                "blocked_scope");
        decision("user_it", use, "ps_all", intent("a1", "publish_external", "world", 0.9, "{}"), "autonomy_violation");
        decision(
                "user_it", use, "ps_all", intent("u1", "share_contact", "npc_42", 0.9, "{}"), "requires_user_approval");
        decision("user_it", use, "ps_all", intent("w1", "wave", "npc_42", 0.9, "{}"), "rate_limited");
        decision("user_it", use, "ps_all", intent("b1", "buyItem", "object", 0.9, "{\"price\":20}"), "blocked_budget");
        decision(
                "user_it",
                FULL,
                "ps_all",
                intent("p1", "speak", "user", 0.9, "{\"memory_id\":\"m1\"}"),
                "privacy_violation");
        decision(
                "user_it",
                use,
                "ps_all",
                intent("e1", "speak", "user", 0.9, "{\"text\":\"I am a human.\"}"),
                "ethics_violation");
        decision(
                "user_it",
                use,
                "ps_all",
                intent("p2", "speak", "user", 0.9, "{\"text\":\"I greeted the CURATOR after midnight!\"}"),
                "privacy_violation");
        decision(
                "user_it",
                "persona.use,memory.read.limited",
                "ps_all",
                intent("p3", "speak", "user", 0.9, "{\"memory_id\":\"m2\"}"),
                "ok");

        // cooldown: the live gate rate-blocks the owner's dance, and the dry-run then sees the cooldown
        PolicyContext c = live("ps_all", use, null);
        assertTrue(gate().evaluate(liveIntent("d1", "dance", Map.of()), c).allowed());
        assertEquals(
                ReasonCode.RATE_LIMITED,
                gate().evaluate(liveIntent("d2", "dance", Map.of()), c).reasonCode());
        JsonNode cooldown = decision("user_it", use, "ps_all", intent("d3", "dance", "user", 0.9, "{}"), "cooldown");
        assertEquals("blocked", cooldown.path("checks").get(3).path("result").asText());
        assertTrue(gate().usage("user_it").cooldowns().containsKey("dance"));
    }

    @Test
    public void dryRunsMoveNoCounterWhileTheLiveGateDoes() {
        for (int i = 0; i < 10; i++) {
            decision(
                    "user_dry",
                    "persona.use",
                    "ps_dry",
                    intent("ds" + i, "speak", "user", 0.9, "{\"text\":\"hi\"}"),
                    "ok");
            decision(
                    "user_dry",
                    "persona.use",
                    "ps_dry",
                    intent("db" + i, "buyItem", "object", 0.9, "{\"price\":6}"),
                    "ok");
        }
        assertEquals(0, gate().usage("user_dry").spentToday().signum());
        assertTrue(gate().usage("user_dry").cooldowns().isEmpty());
        long decisionsBefore = gate().metrics().decisions();

        PolicyContext c = live("ps_dry", "persona.use", null);
        int allowed = 0;
        for (int i = 0; i < 6; i++) {
            allowed += gate().evaluate(liveIntent("ls" + i, "speak", Map.of("text", "hi")), c)
                            .allowed()
                    ? 1
                    : 0;
        }
        assertEquals("the burst of 3, untouched by ten dry-runs", 3, allowed);
        assertTrue(gate().evaluate(liveIntent("lb1", "buyItem", Map.of("price", 6)), c)
                .allowed());
        assertEquals(
                ReasonCode.BLOCKED_BUDGET,
                gate().evaluate(liveIntent("lb2", "buyItem", Map.of("price", 6)), c)
                        .reasonCode());
        assertEquals(0, new BigDecimal("6").compareTo(gate().usage("user_dry").spentToday()));
        assertEquals(decisionsBefore + 8, gate().metrics().decisions());
        // the dry-run now sees the live state
        decision(
                "user_dry",
                "persona.use",
                "ps_dry",
                intent("db_after", "buyItem", "object", 0.9, "{\"price\":6}"),
                "blocked_budget");
        decision(
                "user_dry",
                "persona.use",
                "ps_dry",
                intent("ds_after", "speak", "user", 0.9, "{\"text\":\"hi\"}"),
                "cooldown");
        assertEquals(decisionsBefore + 8, gate().metrics().decisions());
    }

    @Test
    public void todaysSpendSurvivesARestartOfThePolicyBundleOnPostgreSql() throws Exception {
        assertEquals("PostgreSQL", database.productName());
        PolicyDecision first = gate().evaluate(
                        liveIntent("rb1", "buyItem", Map.of("price", 7)),
                        live("ps_budget", "persona.use", "sess_budget"));
        assertTrue(first.reason(), first.allowed());

        Bundle policy = null;
        for (Bundle b : context.getBundles()) {
            if ("org.aiverse.policy".equals(b.getSymbolicName())) {
                policy = b;
            }
        }
        assertNotNull("the policy bundle", policy);
        policy.stop();
        assertEquals(null, context.getServiceReference(PolicyGate.class));
        policy.start();
        await(
                "the policy gate back after restart",
                Duration.ofSeconds(30),
                () -> context.getServiceReference(PolicyGate.class) != null);

        assertEquals(
                0, new BigDecimal("7").compareTo(gate().usage("user_budget").spentToday()));
        PolicyContext c = live("ps_budget", "persona.use", "sess_budget");
        assertEquals(
                ReasonCode.BLOCKED_BUDGET,
                gate().evaluate(liveIntent("rb2", "buyItem", Map.of("price", 4)), c)
                        .reasonCode());
        assertTrue(gate().evaluate(liveIntent("rb3", "buyItem", Map.of("price", 3)), c)
                .allowed());
        try (Connection conn = database.dataSource().getConnection();
                Statement s = conn.createStatement();
                ResultSet rs = s.executeQuery("SELECT spent FROM policy_budget WHERE owner_id = 'user_budget'")) {
            assertTrue(rs.next());
            assertEquals(0, new BigDecimal("10").compareTo(rs.getBigDecimal(1)));
        }
        await(
                "the endpoint back after restart",
                Duration.ofSeconds(30),
                () -> evaluate(
                                        "user_budget",
                                        "persona.use",
                                        "ps_budget",
                                        intent("rb4", "buyItem", "object", 0.9, "{\"price\":1}"))
                                .status()
                        == 200);
        decision(
                "user_budget",
                "persona.use",
                "ps_budget",
                intent("rb5", "buyItem", "object", 0.9, "{\"price\":1}"),
                "blocked_budget");
    }

    @Test
    public void badInputIs400NamingTheFieldAndAnUnknownSnapshotIs404() {
        Answer confidence = evaluate("user_it", "persona.use", "ps_all", intent("x1", "speak", "user", 2.0, "{}"));
        assertEquals(confidence.body(), 400, confidence.status());
        assertEquals(
                "validation_error", confidence.json().path("error").path("code").asText());
        assertTrue(
                confidence.body(),
                confidence.json().path("error").path("message").asText().startsWith("intent.confidence"));

        Answer price = evaluate(
                "user_it", "persona.use", "ps_all", intent("x2", "buyItem", "object", 0.9, "{\"price\":\"ten\"}"));
        assertEquals(price.body(), 400, price.status());
        assertTrue(
                price.body(),
                price.json().path("error").path("message").asText().startsWith("intent.params.price"));

        Answer noType = raw(
                "user_it",
                "persona.use",
                "{\"snapshot_id\":\"ps_all\",\"intent\":{\"intent_id\":\"x3\",\"target\":\"user\",\"confidence\":0.5}}");
        assertEquals(noType.body(), 400, noType.status());
        assertTrue(
                noType.body(),
                noType.json().path("error").path("message").asText().startsWith("intent.type"));

        Answer noSnapshot =
                raw("user_it", "persona.use", "{\"intent\":" + intent("x4", "speak", "user", 0.5, "{}") + "}");
        assertEquals(noSnapshot.body(), 400, noSnapshot.status());
        assertTrue(
                noSnapshot.body(),
                noSnapshot.json().path("error").path("message").asText().startsWith("snapshot_id"));

        Answer unknown = evaluate("user_it", "persona.use", "ps_nope", intent("x5", "speak", "user", 0.5, "{}"));
        assertEquals(unknown.body(), 404, unknown.status());
        assertEquals("not_found", unknown.json().path("error").path("code").asText());
        Answer foreign = evaluate("user_it", "persona.use", "ps_other", intent("x6", "speak", "user", 0.5, "{}"));
        assertEquals("someone else's snapshot is not found either", 404, foreign.status());
    }

    @Test
    public void theEndpointFailsClosedWithoutAValidTokenAndWithoutTheAuthBundle() throws Exception {
        String body = "{\"snapshot_id\":\"ps_all\",\"intent\":" + intent("n1", "speak", "user", 0.5, "{}") + "}";
        Answer anonymous = raw(null, null, body);
        assertEquals(anonymous.body(), 401, anonymous.status());
        assertEquals(
                "invalid_token", anonymous.json().path("error").path("code").asText());
        Answer unknownKey = rawWithToken(new TestTokens().token("user_it", "persona.use"), body);
        assertEquals(unknownKey.body(), 401, unknownKey.status());
        assertEquals(
                "invalid_token", unknownKey.json().path("error").path("code").asText());
        Answer otherOrigin = send(HttpRequest.newBuilder(URI.create(baseUrl() + EVALUATE))
                .header("Content-Type", "application/json")
                .header("Origin", "https://evil.example")
                .header("Authorization", "Bearer " + TOKENS.token("user_it", "persona.use"))
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertEquals(otherOrigin.body(), 403, otherOrigin.status());
        assertEquals(
                "origin_mismatch", otherOrigin.json().path("error").path("code").asText());

        // with the auth bundle stopped, nothing validates tokens: the platform's guard refuses even a good one
        Bundle auth = installed("org.aiverse.auth");
        auth.stop();
        try {
            await(
                    "401 once no authentication filter is registered",
                    Duration.ofSeconds(30),
                    () -> evaluate("user_it", "persona.use", "ps_all", intent("n2", "speak", "user", 0.5, "{}"))
                                    .status()
                            == 401);
            Answer a = evaluate("user_it", "persona.use", "ps_all", intent("n3", "speak", "user", 0.5, "{}"));
            assertEquals("invalid_token", a.json().path("error").path("code").asText());
        } finally {
            auth.start();
        }
        await(
                "the real token accepted again once the auth bundle is back",
                Duration.ofSeconds(60),
                () -> evaluate("user_it", "persona.use", "ps_all", intent("n4", "speak", "user", 0.5, "{}"))
                                .status()
                        == 200);
    }

    @Test
    public void liveCountersAreExactUnderConcurrencyAndEveryDecisionIsRecorded() throws Exception {
        int threads = 16;
        int perThread = 50;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> futures = new ArrayList<>();
        PolicyGate g = gate();
        for (int t = 0; t < threads; t++) {
            String session = "sess_busy_" + t;
            PolicyContext c = live("ps_busy", "persona.use", session);
            futures.add(pool.submit(() -> {
                start.await();
                int ok = 0;
                for (int i = 0; i < perThread; i++) {
                    ok += g.evaluate(liveIntent(session + "_" + i, "speak", Map.of("text", "hi")), c)
                                    .allowed()
                            ? 1
                            : 0;
                }
                return ok;
            }));
        }
        start.countDown();
        int allowed = 0;
        for (Future<Integer> f : futures) {
            allowed += f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertEquals("exactly the burst of one owner's many sessions", 40, allowed);

        // the gate appends its decisions asynchronously (the recorder's group commit makes them durable), so the
        // chains are read once every decision has landed; the exact counts below still decide the test
        await("all " + threads * perThread + " decisions in the chains", Duration.ofSeconds(60), () -> {
            long decisions = 0;
            boolean flagged = false;
            for (int t = 0; t < threads; t++) {
                List<SessionEvent> events = recorded("sess_busy_" + t);
                decisions += events.stream()
                        .filter(e -> e.type() == EventType.INTENT || e.type() == EventType.POLICY_BLOCK)
                        .count();
                flagged |= events.stream().anyMatch(e -> e.type() == EventType.METRIC);
            }
            return decisions >= threads * perThread && flagged;
        });
        long intents = 0;
        long blocks = 0;
        List<SessionEvent> recorded = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            List<SessionEvent> events = recorded("sess_busy_" + t);
            recorded.addAll(events);
            intents += events.stream().filter(e -> e.type() == EventType.INTENT).count();
            blocks += events.stream()
                    .filter(e -> e.type() == EventType.POLICY_BLOCK)
                    .count();
        }
        assertEquals(40, intents);
        assertEquals(threads * perThread - 40, blocks);
        SessionEvent block = recorded.stream()
                .filter(e -> e.type() == EventType.POLICY_BLOCK)
                .findFirst()
                .orElseThrow();
        assertEquals(7, ((List<?>) block.payload().get("checks")).size());
        assertEquals("user_busy", block.payload().get("owner_id"));
        assertTrue(recorded.stream()
                .anyMatch(e -> e.type() == EventType.METRIC
                        && "anomaly_flags".equals(e.payload().get("metric"))
                        && "blocked_intent_burst".equals(e.payload().get("flag"))));
        for (int t = 0; t < threads; t++) {
            ChainVerification v = recordings.verify("sess_busy_" + t);
            assertTrue(v.toString(), v.ok());
        }
        assertTrue(gate().metrics().policyBlockRate() >= threads * perThread - 40);
        assertTrue(gate().metrics().anomalyFlags() >= 1);
    }

    @Test
    public void theConsoleDryRunsAnIntentAndShowsTheGate() throws Exception {
        String[] last = {"no answer"};
        try {
            await("the policy console commands", Duration.ofSeconds(60), () -> {
                try {
                    executeCommand("aiverse:policy-show");
                    executeCommand("aiverse:policy-eval ps_all x");
                    return true;
                } catch (AssertionError e) {
                    last[0] = e.getMessage();
                    return false;
                }
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + ": " + last[0] + "\n" + consoleDiagnostics(), e);
        }
        String eval = executeCommand(
                "aiverse:policy-eval ps_all '" + intent("c1", "transfer_asset", "user", 0.9, "{}") + "'");
        assertTrue(eval, eval.contains("restricted_actions") && eval.contains("blocked: restricted_action"));
        assertTrue(eval, eval.contains("dry-run"));
        String ok = executeCommand(
                "aiverse:policy-eval ps_all '" + intent("c2", "speak", "user", 0.9, "{\"text\":\"hi\"}") + "'");
        assertTrue(ok, ok.contains("allowed: ok"));
        String bad = executeCommand("aiverse:policy-eval ps_all '{\"intent_id\":\"c3\"}'");
        assertTrue(bad, bad.contains("validation_error"));
        String show = executeCommand("aiverse:policy-show");
        assertTrue(
                show,
                show.contains("ethics v1")
                        && show.contains("policy_block_rate")
                        && show.contains("requires_user_approval"));
        String snapshot = executeCommand("aiverse:policy-show ps_budget");
        assertTrue(snapshot, snapshot.contains("effective policy") && snapshot.contains("user_budget"));
    }

    private String consoleDiagnostics() throws IOException {
        StringBuilder out = new StringBuilder();
        for (Bundle b : context.getBundles()) {
            if (b.getSymbolicName() != null && b.getSymbolicName().startsWith("org.aiverse")) {
                out.append(b.getSymbolicName()).append(' ').append(b.getState()).append('\n');
            }
        }
        try {
            out.append(executeCommand("help aiverse")).append('\n');
        } catch (AssertionError e) {
            out.append("help failed: ").append(e.getMessage()).append('\n');
        }
        List<String> log = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(System.getProperty("karaf.data"), "log", "karaf.log"))) {
            if (line.contains("Policy") || line.contains("ERROR") || line.contains("WARN") || line.contains("shell")) {
                log.add(line.length() > 400 ? line.substring(0, 400) : line);
            }
        }
        out.append(String.join("\n", log.subList(Math.max(0, log.size() - 60), log.size())));
        return out.toString();
    }
}
