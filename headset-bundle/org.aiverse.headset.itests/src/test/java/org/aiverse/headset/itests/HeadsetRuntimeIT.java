package org.aiverse.headset.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import javax.inject.Inject;
import org.aiverse.contracts.adapter.ActionResult;
import org.aiverse.contracts.adapter.Adapter;
import org.aiverse.contracts.adapter.AdapterErrorCode;
import org.aiverse.contracts.adapter.AdapterEvent;
import org.aiverse.contracts.adapter.AdapterEventType;
import org.aiverse.contracts.adapter.AdapterHandle;
import org.aiverse.contracts.adapter.AdapterManifest;
import org.aiverse.contracts.intent.Intent;
import org.aiverse.json.Json;
import org.apache.karaf.features.FeaturesService;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * The headset feature in the real distribution against the real Monado runtime with its simulated headset and
 * controllers: this JVM and the Karaf it starts run inside the Debian trixie root (scripts/xr-runtime.sh, XR.md).
 * Asserts result codes, session states, the system name, location flags, unit quaternions and percepts flowing,
 * never exact pose values; then the runtime is lost and returns.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HeadsetRuntimeIT extends HeadsetTestSupport {

    @Inject
    private BundleContext context;

    @Inject
    private FeaturesService features;

    /** Every event the session emitted, in order. */
    private final List<AdapterEvent> events = java.util.Collections.synchronizedList(new ArrayList<>());

    @Configuration
    public Option[] config() {
        return platform();
    }

    /** The runtime must be there: a CI run never passes by running zero headset tests. */
    private static void requireRuntime() {
        assertNull(
                "The OpenXR runtime could not be made ready (scripts/xr-runtime.sh start): "
                        + System.getenv("AIVERSE_XR_UNAVAILABLE"),
                System.getenv("AIVERSE_XR_UNAVAILABLE"));
        assertNotNull(
                "This test must run inside the trixie root (the failsafe jvm wrapper sets XR_RUNTIME_JSON)",
                System.getenv("XR_RUNTIME_JSON"));
    }

    private static void xrRuntime(String command) {
        try {
            Process p = new ProcessBuilder(
                            "/bin/bash", System.getProperty("aiverse.repo") + "/scripts/xr-runtime.sh", command)
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue("xr-runtime.sh " + command + " failed: " + out, p.waitFor(60, TimeUnit.SECONDS));
            assertEquals("xr-runtime.sh " + command + ": " + out, 0, p.exitValue());
        } catch (IOException e) {
            throw new AssertionError("xr-runtime.sh " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> payload(AdapterEvent e) {
        Object p = e.payload().get("payload");
        return p instanceof Map ? (Map<String, Object>) p : Map.of();
    }

    /** The first {@code count} percepts matching {@code match} the session emitted since event {@code from}. */
    private List<Map<String, Object>> awaitPercepts(
            String what, int from, int count, Predicate<Map<String, Object>> match) {
        List<Map<String, Object>> out = new ArrayList<>();
        await(what + " percepts", Duration.ofSeconds(30), () -> {
            out.clear();
            synchronized (events) {
                for (AdapterEvent e : events.subList(Math.min(from, events.size()), events.size())) {
                    if (e.type() == AdapterEventType.ENV && match.test(payload(e)) && out.size() < count) {
                        out.add(payload(e));
                    }
                }
            }
            return out.size() >= count;
        });
        return out;
    }

    private static ActionResult run(AdapterHandle h, String id, String type, Map<String, Object> params)
            throws Exception {
        return h.execute(new Intent(id, type, "user", 0.9, params, null))
                .toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
    }

    private static double number(Object o) {
        return ((Number) o).doubleValue();
    }

    @Test
    public void againstMonadoTheHeadsetStreamsCarriesWhatItCanAndSurvivesALostRuntime() throws Exception {
        requireRuntime();
        awaitHealthy();
        features.installFeature("aiverse-headset");

        // the adapter reaches the runtime: ok, with the capabilities the runtime and the bound controllers offer
        String[] seen = {""};
        await("the headset to be ok with haptics in GET /api/v1/bridges", Duration.ofSeconds(60), seen, () -> {
            JsonNode h = headsetBridge();
            seen[0] = h.toString();
            return "ok".equals(h.path("health").asText())
                    && h.path("capabilities").toString().contains("\"haptic\"");
        });
        JsonNode bridge = headsetBridge();
        assertEquals("headset", bridge.path("kind").asText());
        assertTrue(bridge.path("health_reason").isMissingNode());
        for (String cap : List.of("caption", "emergencyStopOverlay", "haptic", "openDialog", "speak")) {
            assertTrue(
                    cap + " in " + bridge,
                    bridge.path("capabilities").toString().contains("\"" + cap + "\""));
        }

        ServiceReference<Adapter> ref = context.getServiceReferences(Adapter.class, "(aiverse.adapter.id=headset)")
                .iterator()
                .next();
        assertEquals("Monado: Simulated HMD", ref.getProperty("aiverse.headset.system"));
        assertTrue(String.valueOf(ref.getProperty("aiverse.headset.runtime")).startsWith("Monado"));
        Adapter adapter = context.getService(ref);

        String status = executeCommand("aiverse:xr-status");
        assertTrue(status, status.contains("Monado: Simulated HMD (orientation tracked, position tracked)"));
        assertTrue(status, status.contains("Session state:  FOCUSED"));
        assertTrue(status, status.contains("headless (XR_MND_headless)"));
        assertTrue(status, status.contains("simple_controller"));

        AdapterManifest manifest = Json.read(
                "{\"session_id\":\"sess_xr_it\",\"world_id\":\"sim\",\"snapshot_id\":\"ps_1\",\"agent\":{\"id\":\"a\","
                        + "\"capabilities\":[\"speak\",\"move\",\"openDialog\",\"haptic\",\"emergencyStopOverlay\"]}}",
                AdapterManifest.class);
        AdapterHandle session = adapter.onSpawn(manifest, events::add);
        try {
            // head poses flow: VIEW located in STAGE or LOCAL, valid and tracked, unit quaternions, time advancing
            List<Map<String, Object>> poses =
                    awaitPercepts("head_pose", 0, 60, p -> "head_pose".equals(p.get("event")));
            long lastTime = Long.MIN_VALUE;
            for (Map<String, Object> p : poses) {
                assertTrue(p.toString(), List.of("STAGE", "LOCAL").contains(p.get("space")));
                assertEquals(p.toString(), Boolean.TRUE, p.get("orientation_valid"));
                assertEquals(p.toString(), Boolean.TRUE, p.get("position_valid"));
                List<?> q = (List<?>) p.get("orientation");
                double norm = Math.sqrt(number(q.get(0)) * number(q.get(0))
                        + number(q.get(1)) * number(q.get(1))
                        + number(q.get(2)) * number(q.get(2))
                        + number(q.get(3)) * number(q.get(3)));
                assertEquals("unit quaternion " + q, 1.0, norm, 1e-3);
                assertEquals(3, ((List<?>) p.get("position")).size());
                long t = ((Number) p.get("xr_time")).longValue();
                assertTrue("XrTime advances", t > lastTime);
                lastTime = t;
            }
            // the user looks ahead at the configured statue (a sphere of 1 m, 2 m ahead): a gaze percept with distance
            Map<String, Object> gaze = awaitPercepts("gaze", 0, 1, p -> "gaze".equals(p.get("event")))
                    .get(0);
            assertEquals(gaze.toString(), "statue", gaze.get("entity"));
            double d = number(gaze.get("distance_m"));
            assertTrue("gaze distance " + d, d >= 0 && d <= 2);

            // what a headset carries executes; what it cannot is not_supported
            assertEquals(ActionResult.success(), run(session, "d1", "openDialog", Map.of("title", "Consent")));
            assertEquals(ActionResult.success(), run(session, "s1", "speak", Map.of("text", "Welcome")));
            assertEquals(
                    ActionResult.success(),
                    run(session, "h1", "haptic", Map.of("hand", "left", "duration_ms", 50, "amplitude", 0.5)));
            assertEquals(ActionResult.failure(AdapterErrorCode.NOT_SUPPORTED), run(session, "m1", "move", Map.of()));
            assertEquals(ActionResult.failure(AdapterErrorCode.INVALID_TARGET), run(session, "s2", "speak", Map.of()));
            assertTrue(executeCommand("aiverse:xr-status").contains("dialog=Consent"));

            // the runtime is lost mid-session: degraded, naming the OpenXR error; the rest of the platform is fine
            xrRuntime("service-stop");
            await("the headset to be degraded", Duration.ofSeconds(30), () -> {
                JsonNode h = headsetBridge();
                return "degraded".equals(h.path("health").asText())
                        && h.path("health_reason").asText().contains("XR_ERROR_");
            });
            awaitPercepts(
                    "xr_session degraded",
                    0,
                    1,
                    p -> "xr_session".equals(p.get("event")) && "degraded".equals(p.get("health")));
            assertEquals("up", awaitHealthy().path("status").asText());
            assertTrue(executeCommand("aiverse:xr-status").contains("degraded"));

            // it returns: ok again, and poses flow again to the same session
            xrRuntime("service-start");
            await("the headset to recover", Duration.ofSeconds(60), () -> "ok"
                    .equals(headsetBridge().path("health").asText()));
            int mark = events.size();
            assertFalse(awaitPercepts("head_pose after recovery", mark, 10, p -> "head_pose".equals(p.get("event")))
                    .isEmpty());
            await("the session to be focused again", Duration.ofSeconds(30), () -> executeCommand("aiverse:xr-status")
                    .contains("Session state:  FOCUSED"));
            assertEquals(ActionResult.success(), run(session, "d2", "openDialog", Map.of("title", "Back")));
        } finally {
            session.dispose().toCompletableFuture().get(10, TimeUnit.SECONDS);
            context.ungetService(ref);
        }
        features.uninstallFeature("aiverse-headset");
        await("the headset to leave the registry", Duration.ofSeconds(30), () -> headsetBridge()
                .isMissingNode());
    }
}
