package org.aiverse.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.aiverse.contracts.snapshot.PersonalitySnapshot;
import org.aiverse.itests.PlatformTestSupport.Answer;
import org.aiverse.token.TokenSigner;
import org.aiverse.token.TokenSigner.Claims;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.FixMethodOrder;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TestWatcher;
import org.junit.runner.Description;
import org.junit.runners.MethodSorters;

/**
 * Two nodes of the real distribution, each its own process, on one fresh PostgreSQL database and the standalone
 * Artemis broker of {@code scripts/artemis.sh} (issue 11; README.md "Several nodes"): what one node does, the other
 * sees. Not Pax Exam: {@link ClusterNodes} launches the distribution twice. One pair of nodes for every scenario.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING) // whenANodeDies... kills node-b: it runs last
public class ClusterIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ClusterIT.class);
    private static final TestTokens TOKENS = new TestTokens();
    private static ClusterNodes cluster;
    private static KarafNode a;
    private static KarafNode b;

    /** Every node's log on a failure (the nodes' folders stay under target/cluster as well). */
    @Rule
    public final TestWatcher logs = new TestWatcher() {
        @Override
        protected void failed(Throwable e, Description description) {
            if (cluster != null) {
                LOG.error("{} failed: {}{}", description.getMethodName(), e, cluster.diagnostics());
            }
        }
    };

    @BeforeClass
    public static void startTwoNodes() {
        long t0 = System.nanoTime();
        cluster = ClusterNodes.start("node-a", "node-b");
        a = cluster.node("node-a");
        b = cluster.node("node-b");
        figure(
                "ClusterIT: two nodes up in %d s on database %s and broker %s",
                (System.nanoTime() - t0) / 1_000_000_000, cluster.database(), cluster.brokerUrl());
    }

    @AfterClass
    public static void stopNodes() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    public void bothNodesReportTheSharedDatabaseAndBusUp() {
        for (KarafNode n : cluster.nodes()) {
            JsonNode health = n.awaitHealthy(Duration.ofSeconds(60));
            assertEquals(health.toString(), n.name(), health.path("node").asText());
            JsonNode database = KarafNode.component(health, "database");
            assertEquals(health.toString(), "up", database.path("status").asText());
            assertEquals(
                    health.toString(),
                    "PostgreSQL",
                    database.path("detail").path("product").asText());
            assertEquals(
                    health.toString(),
                    n.name(),
                    database.path("detail").path("node_id").asText());
            JsonNode bus = KarafNode.component(health, "bus");
            assertEquals(health.toString(), "up", bus.path("status").asText());
            assertTrue(
                    health.toString(), bus.path("detail").path("url").asText().startsWith(cluster.brokerUrl() + "?"));
        }
        // one database: each node is known to it
        List<String> known = new ArrayList<>();
        try (var c = cluster.db();
                var rs = c.createStatement().executeQuery("SELECT node_id FROM platform_node ORDER BY node_id")) {
            while (rs.next()) {
                known.add(rs.getString(1));
            }
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
        assertEquals(List.of("node-a", "node-b"), known);
    }

    @Test
    public void aBridgeRegisteredOnOneNodeIsListedByTheOther() {
        String body = "{\"id\":\"cluster-bridge\",\"kind\":\"adapter\",\"name\":\"Cluster bridge\","
                + "\"version\":\"1.2.3\",\"capabilities\":[\"speak\"]}";
        Answer registered = a.asOperator("POST", "/api/v1/bridges/register", body);
        assertEquals(registered.body(), 200, registered.status());

        Answer listed = b.get("/api/v1/bridges?kind=adapter");
        assertEquals(listed.body(), 200, listed.status());
        assertTrue(
                "node-b lists what node-a registered: " + listed.body(),
                ids(listed).contains("cluster-bridge"));
        Answer detail = b.get("/api/v1/bridges/cluster-bridge");
        assertEquals(detail.body(), 200, detail.status());
        assertEquals("1.2.3", detail.json().path("version").asText());

        // a registration updated on node-b is what node-a lists next
        Answer updated = b.asOperator("POST", "/api/v1/bridges/register", body.replace("1.2.3", "1.3.0"));
        assertEquals(updated.body(), 200, updated.status());
        assertEquals(
                "1.3.0",
                a.get("/api/v1/bridges/cluster-bridge").json().path("version").asText());
    }

    @Test
    public void aConsentRevocationMadeOnOneNodeIsRefusedByTheOther() {
        String user = "carol";
        // the user's key is bound on node-a (trust on first use) and known to node-b: one keyring
        createSnapshot(a, user, null);

        String path = "/api/v1/snapshots/ps_" + user;
        String revoked = token(user, "hive_cluster_revoked");
        String other = token(user, "hive_cluster_kept");
        assertEquals(200, b.call("GET", path, revoked, null).status());
        assertEquals(200, a.call("GET", path, revoked, null).status());

        a.console("aiverse:revoke hive_cluster_revoked");
        assertRevoked(a.call("GET", path, revoked, null));
        long t0 = System.nanoTime();
        PlatformTestSupport.await(
                "node-b to refuse the consent session node-a revoked",
                Duration.ofSeconds(30),
                () -> b.call("GET", path, revoked, null).status() == 403);
        figure(
                "ClusterIT: a revocation on node-a refused on node-b %d ms after the console command returned",
                (System.nanoTime() - t0) / 1_000_000);
        assertRevoked(b.call("GET", path, revoked, null));
        assertEquals(
                "another consent session is untouched",
                200,
                b.call("GET", path, other, null).status());
    }

    @Test
    public void memoriesSealedOnOneNodeAreReadOnTheOther() {
        String user = "dave";
        long ts = 1712345000L;
        List<Map<String, Object>> memories = List.of(
                TestTokens.memory("m1", ts, "the gallery of glowing fish at night", 0.9, true),
                TestTokens.memory("m2", ts, "a quiet walk by the harbour", 0.4, true));
        createSnapshot(a, user, memories);

        // node-b opens what node-a sealed: one key store for every node
        Answer found = b.call(
                "POST",
                "/api/v1/memory/query",
                TOKENS.token(user, "persona.use", "memory.read.full"),
                "{\"snapshot_id\":\"ps_" + user + "\",\"q\":\"glowing fish gallery\",\"top_k\":5}");
        assertEquals(found.body(), 200, found.status());
        Map<String, String> texts = new java.util.TreeMap<>();
        found.json()
                .path("items")
                .forEach(i -> texts.put(
                        i.path("memory").path("id").asText(),
                        i.path("memory").path("text").asText()));
        assertEquals(found.body(), java.util.Set.of("m1", "m2"), texts.keySet());
        assertEquals(found.body(), "the gallery of glowing fish at night", texts.get("m1"));
    }

    /**
     * A session that node-a runs, driven from node-b: its REST calls are forwarded to the owner and its WebSocket is
     * relayed there; the sessions list of either node shows it; the console of node-b pauses it; an emergency stop
     * made on node-b stops it on node-a and revokes its token on both nodes.
     */
    @Test
    public void aSessionOnOneNodeIsDrivenFromTheOther() {
        String user = "erin";
        createSnapshot(a, user, null);
        String token = token(user, "hive_cluster_drive");
        String id = startSession(a, user, token);

        Answer state = b.call("GET", "/api/v1/sessions/" + id + "/state", token, null);
        assertEquals(state.body(), 200, state.status());
        assertEquals(state.body(), "running", state.json().path("state").asText());
        assertEquals(
                "node-b forwarded the call to the owner",
                nodeOf(a),
                state.raw().headers().firstValue("X-AIVerse-Node").orElse(""));
        assertTrue(
                "node-b lists node-a's session",
                ids(b.call("GET", "/api/v1/sessions", token, null)).contains(id));

        // the stream through node-b: acks and intents come from node-a's session
        WsClient user1 = WsClient.connect(
                b.wsUrl(id) + "?participant=user",
                1,
                0,
                "Authorization",
                "Bearer " + token,
                "Origin",
                TestTokens.ORIGIN);
        user1.awaitType("state", WAIT, p -> id.equals(p.path("session_id").asText()));
        long sent = user1.chat("Hello from the other node");
        user1.awaitType("ack", WAIT, p -> p.path("ack_seq").asLong() >= sent);
        user1.awaitType("intent", WAIT, p -> "speak".equals(p.path("type").asText()));

        // adapters' health is shared: node-b runs no session (none before this test either), so the heartbeats of
        // the sim adapter it lists are node-a's, heard over the bus
        PlatformTestSupport.await(
                "node-b lists the heartbeat of node-a's sim adapter (shared over the bus)",
                WAIT,
                () -> b.get("/api/v1/bridges/sim").json().path("last_heartbeat").isNumber());

        // the console of node-b pauses and resumes node-a's session (over the bus)
        b.console("aiverse:pause " + id); // (the console's output does not come back through bin/client)
        user1.awaitType("state", WAIT, p -> "paused".equals(p.path("state").asText()));
        assertEquals(
                "paused",
                a.call("GET", "/api/v1/sessions/" + id + "/state", token, null)
                        .json()
                        .path("state")
                        .asText());
        Answer resumed = b.call("POST", "/api/v1/sessions/" + id + "/resume", token, "{}");
        assertEquals(resumed.body(), "running", resumed.json().path("state").asText());

        // emergency stop on node-b: the owner stops it, the token is revoked on both nodes, the stream is closed
        Answer stopped = b.call("POST", "/api/v1/sessions/" + id + "/stop", token, "{}");
        assertEquals(stopped.body(), 200, stopped.status());
        assertEquals(stopped.body(), "terminated", stopped.json().path("state").asText());
        assertEquals(
                stopped.body(), "emergency_stop", stopped.json().path("reason").asText());
        user1.awaitType(
                "state",
                WAIT,
                p -> "terminated".equals(p.path("state").asText())
                        && "emergency_stop".equals(p.path("reason").asText()));
        user1.awaitClose(WAIT);
        PlatformTestSupport.await(
                "the revoked token refused on both nodes",
                WAIT,
                () -> a.call("GET", "/api/v1/sessions/" + id + "/state", token, null)
                                        .status()
                                == 403
                        && b.call("GET", "/api/v1/sessions/" + id + "/state", token, null)
                                        .status()
                                == 403);
        assertRevoked(b.call("POST", "/api/v1/sessions/" + id + "/resume", token, "{}"));
    }

    /**
     * Failover: node-b dies (SIGKILL) while its session streams through node-a; node-a takes the session over from
     * the recorder's durable state, the client reconnects to node-a and resumes from its last acknowledged seq, and
     * the chain continues: every acknowledged percept is in it, once, and it verifies. A snapshot version published
     * while the session ran does not change it: the takeover reopens the Core on the version it started on.
     */
    @Test
    public void whenANodeDiesItsSessionsAreTakenOverAndClientsResume() {
        String user = "frank";
        createSnapshot(b, user, null);
        String token = token(user, "hive_cluster_failover");
        String id = startSession(b, user, token);
        createSnapshot(a, user, null, 2);
        String[] auth = {"Authorization", "Bearer " + token, "Origin", TestTokens.ORIGIN};

        WsClient before = WsClient.connect(a.wsUrl(id) + "?participant=user", 1, 0, auth);
        before.awaitType("state", WAIT, p -> id.equals(p.path("session_id").asText()));
        List<String> said = new ArrayList<>();
        long last = 0;
        for (int i = 0; i < 5; i++) {
            String text = "before the crash " + i;
            said.add(text);
            last = before.chat(text);
        }
        long acked = last;
        before.awaitType("ack", WAIT, p -> p.path("ack_seq").asLong() >= acked);
        long lastServerSeq = before.lastSeq();

        long t0 = System.nanoTime();
        b.kill();
        int code = before.awaitClose(WAIT);
        assertEquals("node-a tells the relayed client to reconnect", 1012, code);

        // reconnect to the surviving node until it has taken the session over (1013 meanwhile)
        WsClient after = null;
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (after == null) {
            assertTrue("node-a took the session over within " + WAIT, System.nanoTime() < deadline);
            WsClient c =
                    WsClient.connect(a.wsUrl(id) + "?participant=user&last_seq=" + lastServerSeq, acked + 1, 0, auth);
            if (greetedOrClosed(c, Duration.ofSeconds(5))) {
                after = c;
            } else {
                c.close();
            }
        }
        figure(
                "ClusterIT: session %s resumed on node-a %d ms after node-b was killed",
                id, (System.nanoTime() - t0) / 1_000_000);
        JsonNode hello = after.awaitType("state", WAIT, p -> p.has("resumed_from"));
        assertEquals(
                hello.toString(),
                lastServerSeq,
                hello.path("payload").path("resumed_from").asLong());
        assertTrue(
                "the new owner's seq continues after the client's last: " + hello,
                hello.path("seq").asLong() > lastServerSeq);
        // greeted while the new owner was still spawning it, or once it runs
        after.awaitType("state", WAIT, p -> "running".equals(p.path("state").asText()));

        for (int i = 0; i < 3; i++) {
            String text = "after the takeover " + i;
            said.add(text);
            last = after.chat(text);
        }
        long ackedAfter = last;
        after.awaitType("ack", WAIT, p -> p.path("ack_seq").asLong() >= ackedAfter);
        after.awaitType("intent", WAIT, p -> "speak".equals(p.path("type").asText()));

        Answer state = a.call("GET", "/api/v1/sessions/" + id + "/state", token, null);
        assertEquals(state.body(), "running", state.json().path("state").asText());
        assertTrue(
                "node-a runs the session itself now",
                state.raw().headers().firstValue("X-AIVerse-Node").isEmpty());

        // the chain continues: every acknowledged percept once, the takeover recorded, the whole chain verified
        Answer playback = a.call(
                "GET", "/api/v1/sessions/" + id + "/playback?page_size=1000&types=percept,state_change", token, null);
        assertEquals(playback.body(), 200, playback.status());
        Map<String, Integer> heard = new java.util.HashMap<>();
        JsonNode takeover = null;
        for (JsonNode e : playback.json().path("events")) {
            String text = e.path("payload").path("payload").path("text").asText();
            if ("percept".equals(e.path("type").asText()) && text.contains("the ")) {
                heard.merge(text, 1, Integer::sum);
            }
            if ("state_change".equals(e.path("type").asText())
                    && "failover".equals(e.path("payload").path("reason").asText())) {
                takeover = e.path("payload");
            }
        }
        for (String text : said) {
            assertEquals(playback.body(), Integer.valueOf(1), heard.get(text));
        }
        assertNotNull("the takeover is in the chain: " + playback.body(), takeover);
        assertEquals(
                "the session kept the snapshot version it started on: " + takeover,
                1,
                takeover.path("snapshot_version").asInt());
        JsonNode verified =
                a.call("GET", "/api/v1/sessions/" + id + "/verify", token, null).json();
        assertTrue(verified.toString(), verified.path("ok").asBoolean());

        Answer terminated = a.call("POST", "/api/v1/sessions/" + id + "/terminate", token, "{}");
        assertEquals(
                terminated.body(), "terminated", terminated.json().path("state").asText());
        after.close();

        // every intent the gate allowed, on either node, has exactly one ActionResult: those node-b had in flight
        // were settled by node-a (stopped, reason failover), none was lost or counted twice
        Answer actions =
                a.call("GET", "/api/v1/sessions/" + id + "/playback?page_size=1000&types=intent,action", token, null);
        java.util.Set<String> allowed = new java.util.HashSet<>();
        Map<String, Integer> results = new java.util.HashMap<>();
        int settled = 0;
        for (JsonNode e : actions.json().path("events")) {
            JsonNode p = e.path("payload");
            if ("intent".equals(e.path("type").asText()) && p.path("allowed").asBoolean(true)) {
                allowed.add(p.path("intent").path("intent_id").asText());
            } else if ("action".equals(e.path("type").asText())) {
                results.merge(p.path("intent_id").asText(), 1, Integer::sum);
                settled += "failover".equals(p.path("reason").asText()) ? 1 : 0;
            }
        }
        assertTrue(
                actions.body(), actions.json().path("page").path("next_cursor").isMissingNode());
        assertFalse("intents were allowed: " + actions.body(), allowed.isEmpty());
        for (String intent : allowed) {
            assertEquals("results of " + intent + ": " + actions.body(), Integer.valueOf(1), results.get(intent));
        }
        figure("ClusterIT: %d intents allowed, %d settled by the takeover", allowed.size(), settled);
    }

    // ------------------------------------------------------------------ helpers

    private static String token(String sub, String consentSession) {
        return TokenSigner.jws(
                TOKENS.key(sub), Claims.now(sub, consentSession, List.of("persona.use"), TestTokens.ORIGIN, 600));
    }

    /** Whether the server greeted the client with its state frame (true) or closed the connection (false). */
    private static boolean greetedOrClosed(WsClient c, Duration timeout) {
        long until = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < until) {
            if (c.any(f ->
                    "state".equals(f.path("type").asText()) && f.path("payload").has("resumed_from"))) {
                return !c.closed.isDone();
            }
            try {
                c.closed.get(100, java.util.concurrent.TimeUnit.MILLISECONDS);
                return false;
            } catch (java.util.concurrent.TimeoutException stillOpen) {
                // neither greeted nor closed yet
            } catch (Exception e) {
                return false;
            }
        }
        return false;
    }

    /**
     * A figure of the run, appended to {@code target/cluster-figures.txt} (this JVM's logging goes nowhere visible:
     * several SLF4J providers are on the Pax Exam class path).
     */
    private static void figure(String format, Object... args) {
        String line = String.format(java.util.Locale.ROOT, format, args);
        LOG.info(line);
        try {
            java.nio.file.Files.writeString(
                    java.nio.file.Path.of("target", "cluster-figures.txt"),
                    java.time.Instant.now() + " " + line + "\n",
                    java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
        } catch (java.io.IOException e) {
            LOG.warn("figure not written: {}", e.toString());
        }
    }

    /** Creates the user's snapshot {@code ps_<user>} on a node, with these memories ({@code null}: none). */
    private static void createSnapshot(KarafNode node, String user, List<Map<String, Object>> memories) {
        createSnapshot(node, user, memories, 1);
    }

    /** Registers version {@code version} of the user's snapshot {@code ps_<user>} on a node. */
    private static void createSnapshot(KarafNode node, String user, List<Map<String, Object>> memories, int version) {
        long ts = 1712345000L + version;
        PersonalitySnapshot snapshot =
                new PersonalitySnapshot("ps_" + user, version, user, null, null, List.of(), Map.of(), ts, ts);
        Answer created = node.call(
                "POST",
                "/api/v1/snapshots",
                TOKENS.token(user, "persona.use"),
                TOKENS.snapshotBody(snapshot, memories));
        assertEquals(created.body(), 201, created.status());
    }

    private static String startSession(KarafNode node, String user, String token) {
        Answer started = node.call(
                "POST",
                "/api/v1/sessions",
                token,
                "{\"snapshot_id\":\"ps_" + user + "\",\"world_id\":\"sim\",\"mode\":\"co_experience\"}");
        assertEquals(started.body(), 201, started.status());
        return started.json().path("id").asText();
    }

    /** The node id a node's health reports for its sessions (its name plus a per-start suffix). */
    private static String nodeOf(KarafNode node) {
        return KarafNode.component(node.awaitHealthy(WAIT), "sessions")
                .path("detail")
                .path("node")
                .asText();
    }

    private static void assertRevoked(Answer a) {
        assertEquals(a.body(), 403, a.status());
        assertEquals(a.body(), "revoked", a.json().path("error").path("code").asText());
    }

    private static List<String> ids(Answer list) {
        List<String> out = new ArrayList<>();
        list.json().path("items").forEach(i -> out.add(i.path("id").asText()));
        return out;
    }
}
