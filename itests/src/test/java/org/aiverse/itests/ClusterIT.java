package org.aiverse.itests;

import static org.junit.Assert.assertEquals;
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
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TestWatcher;
import org.junit.runner.Description;

/**
 * Two nodes of the real distribution, each its own process, on one fresh PostgreSQL database and the standalone
 * Artemis broker of {@code scripts/artemis.sh} (issue 11; README.md "Several nodes"): what one node does, the other
 * sees. Not Pax Exam: {@link ClusterNodes} launches the distribution twice. One pair of nodes for every scenario.
 */
public class ClusterIT {

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
        LOG.info(
                "ClusterIT: two nodes up in {} s on database {} and broker {}",
                (System.nanoTime() - t0) / 1_000_000_000,
                cluster.database(),
                cluster.brokerUrl());
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
        long ts = 1712345000L;
        PersonalitySnapshot snapshot =
                new PersonalitySnapshot("ps_" + user, 1, user, null, null, List.of(), Map.of(), ts, ts);
        Answer created = a.call(
                "POST", "/api/v1/snapshots", TOKENS.token(user, "persona.use"), TOKENS.snapshotBody(snapshot, null));
        assertEquals(created.body(), 201, created.status());

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
        LOG.info(
                "ClusterIT: a revocation on node-a refused on node-b {} ms after the console command returned",
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
        PersonalitySnapshot snapshot =
                new PersonalitySnapshot("ps_" + user, 1, user, null, null, List.of(), Map.of(), ts, ts);
        List<Map<String, Object>> memories = List.of(
                TestTokens.memory("m1", ts, "the gallery of glowing fish at night", 0.9, true),
                TestTokens.memory("m2", ts, "a quiet walk by the harbour", 0.4, true));
        Answer created = a.call(
                "POST",
                "/api/v1/snapshots",
                TOKENS.token(user, "persona.use"),
                TOKENS.snapshotBody(snapshot, memories));
        assertEquals(created.body(), 201, created.status());

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

    // ------------------------------------------------------------------ helpers

    private static String token(String sub, String consentSession) {
        return TokenSigner.jws(
                TOKENS.key(sub), Claims.now(sub, consentSession, List.of("persona.use"), TestTokens.ORIGIN, 600));
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
