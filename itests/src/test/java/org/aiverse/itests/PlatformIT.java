package org.aiverse.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.inject.Inject;
import org.aiverse.bus.Bus;
import org.aiverse.contracts.adapter.ActionResult;
import org.aiverse.contracts.adapter.Adapter;
import org.aiverse.contracts.adapter.AdapterErrorCode;
import org.aiverse.contracts.adapter.AdapterEvent;
import org.aiverse.contracts.adapter.AdapterHandle;
import org.aiverse.contracts.adapter.AdapterManifest;
import org.aiverse.contracts.intent.Intent;
import org.aiverse.json.Json;
import org.aiverse.persistence.Database;
import org.aiverse.rest.RestApi;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.ops4j.pax.exam.util.Filter;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;

/**
 * The distribution on its embedded defaults (Derby under data/, the embedded Artemis broker): every bundle
 * active, health up, the database and the broker working through the platform, and the API's error envelope.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PlatformIT extends PlatformTestSupport {

    @Inject
    private BundleContext context;

    @Inject
    private Database database;

    @Inject
    private Bus bus;

    @Inject
    @Filter("(aiverse.adapter.id=sim)")
    private Adapter sim;

    private ServiceRegistration<Object> echo;
    private ServiceRegistration<Object> protectedEcho;

    @Configuration
    public Option[] config() {
        return platform();
    }

    @Before
    public void registerEchoResource() {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("osgi.jaxrs.resource", Boolean.TRUE);
        props.put("osgi.jaxrs.application.select", RestApi.APPLICATION_SELECT);
        echo = context.registerService(Object.class, new EchoResource(), props);
        protectedEcho = context.registerService(Object.class, new ProtectedEchoResource(), props);
    }

    @After
    public void unregisterEchoResource() {
        echo.unregister();
        protectedEcho.unregister();
    }

    @Test
    public void everyBundleIsActiveAndHealthReportsEachComponentUp() {
        // bundles settle while the boot features finish; health up means they are done
        JsonNode health = awaitHealthy();
        for (Bundle b : context.getBundles()) {
            // Netty's kqueue transport is macOS-only native code: it resolves here but has nothing to start.
            boolean otherOs = b.getSymbolicName().contains("kqueue");
            if (b.getHeaders().get("Fragment-Host") == null && !otherOs) {
                assertEquals(b.getSymbolicName() + " is not active", Bundle.ACTIVE, b.getState());
            }
        }
        assertEquals("up", health.path("status").asText());
        JsonNode database = component(health, "database");
        assertEquals("up", database.path("status").asText());
        assertEquals("Apache Derby", database.path("detail").path("product").asText());
        assertTrue(database.path("detail").path("last_seen").asLong() > 0);
        assertEquals("up", component(health, "bus").path("status").asText());
        JsonNode platform = component(health, "platform");
        assertEquals("up", platform.path("status").asText());
        assertTrue(
                "all six platform bundles counted",
                platform.path("detail").path("bundles").asInt() >= 6);

        String console = executeCommand("aiverse:health");
        assertTrue(console, console.contains("database") && console.contains("bus") && console.contains("overall: up"));
    }

    @Test
    public void theDatabaseRunsMigrationsAndServesThePlatform() throws Exception {
        assertEquals("Apache Derby", database.productName());
        try (Connection c = database.dataSource().getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM platform_node")) {
            assertTrue(rs.next());
            assertEquals(1, rs.getInt(1));
        }
        try (Connection c = database.dataSource().getConnection();
                Statement s = c.createStatement();
                ResultSet rs =
                        s.executeQuery("SELECT \"version\" FROM \"platform_schema_history\" WHERE \"success\" = TRUE"
                                + " AND \"version\" IS NOT NULL ORDER BY \"installed_rank\" DESC")) {
            assertTrue("the platform migration is recorded", rs.next());
            assertEquals("1", rs.getString(1));
        }
    }

    @Test
    public void theBrokerCarriesMessagesThroughTheBus() throws Exception {
        await("the bus to connect to the embedded broker", Duration.ofSeconds(60), bus::connected);
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        Bus.Subscription subscription =
                bus.subscribe("it.echo", body -> received.add(new String(body, StandardCharsets.UTF_8)));
        try {
            // a subscription becomes effective asynchronously: publish until the first message comes back
            String first = null;
            for (int i = 0; i < 50 && first == null; i++) {
                bus.publish("it.echo", ("ping-" + i).getBytes(StandardCharsets.UTF_8));
                first = received.poll(100, TimeUnit.MILLISECONDS);
            }
            assertTrue("a message came back through the broker", first != null && first.startsWith("ping-"));
            bus.publish("it.echo", "hello".getBytes(StandardCharsets.UTF_8));
            String next;
            do {
                next = received.poll(5, TimeUnit.SECONDS);
            } while (next != null && next.startsWith("ping-"));
            assertEquals("hello", next);
        } finally {
            subscription.close();
        }
    }

    @Test
    public void theApiAnswersInTheSeedsErrorEnvelope() {
        awaitHealthy();
        Answer unknown = get("/api/v1/no/such/path");
        assertEquals(404, unknown.status());
        assertEquals("not_found", unknown.json().path("error").path("code").asText());
        assertTrue(unknown.json().path("error").path("corr_id").asText().length() > 0);

        String intent = "{\"intent_id\":\"dialogue_329\",\"type\":\"speak\",\"target\":\"user\",\"confidence\":0.92,"
                + "\"params\":{\"text\":\"hello\"},\"ts\":1712345678,\"unknown_field\":true}";
        Answer ok = post("/api/v1/it-echo", intent);
        assertEquals(ok.body(), 200, ok.status());
        assertEquals("dialogue_329", ok.json().path("intent_id").asText());
        assertTrue(
                "unknown fields are ignored, not echoed",
                ok.json().path("unknown_field").isMissingNode());

        assertValidationError(post("/api/v1/it-echo", "{\"intent_id\": "), "$");
        assertValidationError(post("/api/v1/it-echo", ""), "$");
        assertValidationError(post("/api/v1/it-echo", intent.replace("0.92", "\"high\"")), "confidence");
        assertValidationError(
                post("/api/v1/it-echo", intent.replace("\"intent_id\":\"dialogue_329\",", "")), "intent_id");

        Answer wrongMethod = get("/api/v1/it-echo");
        assertEquals(405, wrongMethod.status());
        assertTrue(wrongMethod.json().path("error").has("code"));
    }

    @Test
    public void protectedEndpointsFailClosedWithoutCredentials() {
        awaitHealthy();
        for (String path : new String[] {"/api/v1/it-protected/user", "/api/v1/it-protected/operator"}) {
            Answer a = get(path);
            assertEquals(path + ": " + a.body(), 401, a.status());
            assertEquals("invalid_token", a.json().path("error").path("code").asText());
            assertTrue("the endpoint was not reached", !a.body().contains("reached"));
        }
    }

    @Test
    public void theSimulatedWorldIsAnAdapterServiceThatCarriesIntents() throws Exception {
        ServiceReference<Adapter> ref = context.getServiceReferences(Adapter.class, "(aiverse.adapter.id=sim)")
                .iterator()
                .next();
        assertEquals("world", ref.getProperty("aiverse.adapter.kind"));
        assertEquals("0.1.0", ref.getProperty("aiverse.adapter.version"));
        assertTrue(Arrays.asList((String[]) ref.getProperty("aiverse.adapter.capabilities"))
                .contains("buyItem"));

        AdapterManifest manifest = Json.read(
                "{\"session_id\":\"sess_it\",\"world_id\":\"sim\",\"snapshot_id\":\"ps_1\",\"agent\":{\"id\":\"a\","
                        + "\"capabilities\":[\"speak\",\"move\"]}}",
                AdapterManifest.class);
        BlockingQueue<AdapterEvent> events = new LinkedBlockingQueue<>();
        AdapterHandle handle = sim.onSpawn(manifest, events::add);
        try {
            ActionResult spoken = handle.execute(
                            new Intent("it_s1", "speak", "npc_42", 0.9, Map.of("text", "hello"), null))
                    .toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
            assertTrue("speak: " + spoken, spoken.ok());
            ActionResult bought = handle.execute(new Intent("it_b1", "buyItem", "glow_pin", 0.9, Map.of(), null))
                    .toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
            assertEquals(
                    "buyItem is outside this session's negotiated capabilities",
                    AdapterErrorCode.NOT_SUPPORTED,
                    bought.error());
        } finally {
            handle.dispose();
        }
    }

    /** The worlds among {@code ids} that the registry lists with this health. */
    private Set<String> worldsWithHealth(String health, Set<String> ids) {
        Set<String> found = new HashSet<>();
        for (JsonNode item : get("/api/v1/bridges?kind=world").json().path("items")) {
            String id = item.path("id").asText();
            if (ids.contains(id) && health.equals(item.path("health").asText())) {
                found.add(id);
            }
        }
        return found;
    }

    @Test
    public void theBridgeRegistryListsLiveAdaptersAndShippedWorlds() throws Exception {
        awaitHealthy();
        Answer all = get("/api/v1/bridges");
        assertEquals(all.body(), 200, all.status());
        JsonNode sim = null;
        for (JsonNode item : all.json().path("items")) {
            if ("sim".equals(item.path("id").asText())) {
                sim = item;
            }
        }
        assertTrue("sim is listed: " + all.body(), sim != null);
        assertEquals("0.1.0", sim.path("version").asText());
        assertEquals("ok", sim.path("health").asText());
        Set<String> engineWorlds = Set.of("webxr", "unity", "unreal");
        assertEquals(
                "the engine-driven worlds are live with their adapter: " + all.body(),
                engineWorlds,
                worldsWithHealth("ok", engineWorlds));
        Answer worlds = get("/api/v1/bridges?kind=world&health=ok");
        assertEquals(worlds.body(), 4, worlds.json().path("items").size());

        // without their adapter bundle the shipped worlds wait for it (degraded), and come back with it
        Bundle engine = Arrays.stream(context.getBundles())
                .filter(b -> "org.aiverse.adapter.engine".equals(b.getSymbolicName()))
                .findFirst()
                .orElseThrow();
        engine.stop();
        try {
            await("webxr, unity and unreal to wait for their adapter", Duration.ofSeconds(30), () -> worldsWithHealth(
                            "degraded", engineWorlds)
                    .equals(engineWorlds));
        } finally {
            engine.start();
        }
        await("webxr, unity and unreal to be back", Duration.ofSeconds(30), () -> worldsWithHealth("ok", engineWorlds)
                .equals(engineWorlds));

        Answer detail = get("/api/v1/bridges/sim");
        assertEquals(detail.body(), 200, detail.status());
        assertEquals("sim", detail.json().path("adapter").asText());
        assertTrue(detail.json().path("capabilities").toString().contains("openDialog"));

        assertValidationError(get("/api/v1/bridges?kind=spaceship"), "kind");
        assertValidationError(get("/api/v1/bridges?health=great"), "health");
        assertEquals(404, get("/api/v1/bridges/nope").status());
        Answer anonymous = post(
                "/api/v1/bridges/register", "{\"id\":\"x\",\"kind\":\"adapter\",\"name\":\"X\",\"version\":\"1.0.0\"}");
        assertEquals("registration is for operators", 401, anonymous.status());

        String console = executeCommand("aiverse:bridges");
        assertTrue(console, console.contains("sim") && console.contains("unreal") && console.contains("0.1.0"));
    }

    @Test
    public void theOpenApiDescriptionListsTheResourcesThatAreInstalled() {
        awaitHealthy();
        Answer a = get("/api/v1/openapi.json");
        assertEquals(a.body(), 200, a.status());
        JsonNode paths = a.json().path("paths");
        assertTrue(a.body(), paths.has("/health"));
        assertTrue("a resource registered at run time appears: " + paths, paths.has("/it-echo"));
        assertEquals(RestApi.BASE, a.json().path("servers").path(0).path("url").asText());
    }

    private static void assertValidationError(Answer a, String field) {
        assertEquals(a.body(), 400, a.status());
        JsonNode error = a.json().path("error");
        assertEquals("validation_error", error.path("code").asText());
        assertTrue(
                "message names " + field + ": " + error,
                error.path("message").asText().startsWith(field));
    }

    private static JsonNode component(JsonNode health, String name) {
        for (JsonNode c : health.path("components")) {
            if (name.equals(c.path("name").asText())) {
                return c;
            }
        }
        throw new AssertionError("no component " + name + " in " + health);
    }
}
