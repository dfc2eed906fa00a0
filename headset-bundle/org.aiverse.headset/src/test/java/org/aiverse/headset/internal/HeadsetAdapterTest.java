package org.aiverse.headset.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.aiverse.contracts.adapter.ActionResult;
import org.aiverse.contracts.adapter.Adapter;
import org.aiverse.contracts.adapter.AdapterErrorCode;
import org.aiverse.contracts.adapter.AdapterEvent;
import org.aiverse.contracts.adapter.AdapterEventType;
import org.aiverse.contracts.adapter.AdapterHandle;
import org.aiverse.contracts.adapter.AdapterHealth;
import org.aiverse.contracts.adapter.AdapterManifest;
import org.aiverse.contracts.intent.Intent;
import org.aiverse.json.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The headset adapter driven by the statuses and poses its OpenXR link reports (the link itself runs against the
 * real runtime in the integration tests): capabilities and health follow the runtime, percepts flow, overlays and
 * haptics execute, anything else is {@code not_supported}.
 */
class HeadsetAdapterTest {

    private final BlockingQueue<AdapterEvent> events = new LinkedBlockingQueue<>();
    private final HeadsetAdapter adapter =
            new HeadsetAdapter("1.0.0", GazeTarget.parse(new String[] {"statue=0,1.6,-3,0.5"}), 1);
    private final List<String> vibrations = new ArrayList<>();

    @AfterEach
    void close() {
        adapter.close();
    }

    private static XrStatus focused(Set<String> caps, List<String> profiles) {
        return new XrStatus(
                AdapterHealth.OK,
                null,
                "Monado 25.0.0",
                "Monado: Simulated HMD",
                true,
                true,
                true,
                Set.of("XR_MND_headless"),
                "FOCUSED",
                "STAGE",
                profiles,
                caps,
                0);
    }

    private AdapterHandle spawn() {
        AdapterManifest manifest = Json.read(
                "{\"session_id\":\"sess_xr\",\"world_id\":\"sim\",\"snapshot_id\":\"ps_1\",\"agent\":{\"id\":\"a\","
                        + "\"capabilities\":[\"speak\",\"move\",\"openDialog\",\"caption\",\"haptic\","
                        + "\"emergencyStopOverlay\"]}}",
                AdapterManifest.class);
        return adapter.onSpawn(manifest, events::add);
    }

    private static ActionResult run(AdapterHandle h, String id, String type, Map<String, Object> params)
            throws Exception {
        return h.execute(new Intent(id, type, "user", 0.9, params, null))
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> awaitPercept(Predicate<Map<String, Object>> match) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            AdapterEvent e = events.poll(100, TimeUnit.MILLISECONDS);
            if (e != null && e.type() == AdapterEventType.ENV) {
                Map<String, Object> percept = e.payload();
                if (match.test((Map<String, Object>) percept.get("payload"))) {
                    return percept;
                }
            }
        }
        throw new AssertionError("no matching percept");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> payload(Map<String, Object> percept) {
        return (Map<String, Object>) percept.get("payload");
    }

    @Test
    void withoutARuntimeItIsUnavailableNamingTheOpenXrErrorAndCarriesNothing() throws Exception {
        adapter.status(
                XrStatus.unavailable("XR_ERROR_RUNTIME_UNAVAILABLE from xrEnumerateInstanceExtensionProperties"));
        Map<String, Object> props = adapter.currentServiceProperties();
        assertThat(props)
                .containsEntry(Adapter.PROP_KIND, "headset")
                .containsEntry(Adapter.PROP_ID, "headset")
                .containsEntry(Adapter.PROP_HEALTH, "error");
        assertThat((String) props.get(Adapter.PROP_HEALTH_REASON)).startsWith("XR_ERROR_RUNTIME_UNAVAILABLE");
        assertThat((String[]) props.get(Adapter.PROP_CAPABILITIES)).isEmpty();

        AdapterHandle h = spawn();
        ActionResult r = run(h, "d1", "openDialog", Map.of("title", "Hello"));
        assertThat(r.ok()).isFalse();
        assertThat(r.error()).isEqualTo(AdapterErrorCode.NOT_SUPPORTED);
    }

    @Test
    void capabilitiesFollowTheRuntimeAndTheServicePropertiesFollowThem() {
        List<XrStatus> seen = new ArrayList<>();
        adapter.onStatus(seen::add);
        adapter.status(focused(Set.of("openDialog", "caption", "speak", "emergencyStopOverlay"), List.of()));
        assertThat((String[]) adapter.currentServiceProperties().get(Adapter.PROP_CAPABILITIES))
                .containsExactly("caption", "emergencyStopOverlay", "openDialog", "speak");
        assertThat(adapter.currentServiceProperties())
                .containsEntry(Adapter.PROP_HEALTH, "ok")
                .containsEntry(HeadsetAdapter.PROP_SYSTEM, "Monado: Simulated HMD")
                .doesNotContainKey(Adapter.PROP_HEALTH_REASON);
        adapter.status(focused(
                Set.of("openDialog", "caption", "speak", "emergencyStopOverlay", "haptic"),
                List.of("left=/interaction_profiles/khr/simple_controller")));
        assertThat((String[]) adapter.currentServiceProperties().get(Adapter.PROP_CAPABILITIES))
                .contains("haptic");
        assertThat(seen).hasSize(2);
    }

    @Test
    void overlaysAndHapticsExecuteAndTheRestIsNotSupported() throws Exception {
        adapter.vibrator((hand, d, a) -> {
            vibrations.add(hand + ":" + d.toMillis() + ":" + a);
            return CompletableFuture.completedFuture(null);
        });
        adapter.status(focused(Set.of("openDialog", "caption", "speak", "emergencyStopOverlay"), List.of()));
        AdapterHandle h = spawn();

        assertThat(run(h, "d1", "openDialog", Map.of("title", "Consent", "text", "Allow?")))
                .isEqualTo(ActionResult.success());
        assertThat(adapter.hud()).containsEntry("dialog", "Consent");
        assertThat(run(h, "s1", "speak", Map.of("text", "Welcome to the gallery")))
                .isEqualTo(ActionResult.success());
        assertThat(adapter.hud()).containsEntry("caption", "Welcome to the gallery");
        assertThat(run(h, "s2", "speak", Map.of())).isEqualTo(ActionResult.failure(AdapterErrorCode.INVALID_TARGET));

        // no controller bound: haptics are not supported now
        assertThat(run(h, "h1", "haptic", Map.of("hand", "left")))
                .isEqualTo(ActionResult.failure(AdapterErrorCode.NOT_SUPPORTED));
        // move is in the manifest but no headset can carry it
        assertThat(run(h, "m1", "move", Map.of())).isEqualTo(ActionResult.failure(AdapterErrorCode.NOT_SUPPORTED));

        adapter.status(focused(
                Set.of("openDialog", "caption", "speak", "emergencyStopOverlay", "haptic"),
                List.of("left=/interaction_profiles/khr/simple_controller")));
        assertThat(run(h, "h2", "haptic", Map.of("hand", "left", "duration_ms", 200, "amplitude", 0.8)))
                .isEqualTo(ActionResult.success());
        assertThat(vibrations).containsExactly("left:200:0.8");
        assertThat(run(h, "h3", "haptic", Map.of("hand", "third")))
                .isEqualTo(ActionResult.failure(AdapterErrorCode.INVALID_TARGET));

        assertThat(run(h, "e1", "emergencyStopOverlay", Map.of())).isEqualTo(ActionResult.success());
        assertThat(adapter.hud()).containsEntry("stop_overlay", true).containsEntry("dialog", null);
    }

    @Test
    void posesBecomePerceptsWithGazeAndTheRuntimeCountsAsTheEngine() throws Exception {
        adapter.status(focused(Set.of("openDialog"), List.of()));
        AdapterHandle h = spawn();
        long now = System.nanoTime();
        adapter.pose(new HeadPose("STAGE", 0, 1.6, 0, 0, 0, 0, 1, 0xF, 123_456, now));

        Map<String, Object> pose = awaitPercept(p -> "head_pose".equals(p.get("event")));
        assertThat(pose).containsEntry("type", "world_state").containsEntry("source", "user");
        @SuppressWarnings("unchecked")
        Map<String, Object> payload = (Map<String, Object>) pose.get("payload");
        assertThat(payload)
                .containsEntry("space", "STAGE")
                .containsEntry("orientation_valid", true)
                .containsEntry("position_valid", true)
                .containsEntry("xr_time", 123_456L);

        Map<String, Object> gaze = awaitPercept(p -> "gaze".equals(p.get("event")));
        assertThat(gaze).containsEntry("type", "proximity");
        assertThat(payload(gaze)).containsEntry("entity", "statue").containsEntry("distance_m", 2.5);
        assertThat(adapter.meter().count()).isEqualTo(1);
        assertThat(h.getState().orElseThrow().health()).isEqualTo(AdapterHealth.OK);

        // the world tells the headset what stands where: it replaces the configured targets for this session
        h.onEvent(new AdapterEvent(
                AdapterEventType.ENV,
                Map.of("entities", List.of(Map.of("id", "npc_42", "x", 0, "y", 1.6, "z", -1.0, "radius", 0.3))),
                1));
        adapter.pose(new HeadPose("STAGE", 0, 1.6, 0, 0, 0, 0, 1, 0xF, 123_999, System.nanoTime()));
        Map<String, Object> npc = awaitPercept(p -> "gaze".equals(p.get("event")));
        assertThat(payload(npc)).containsEntry("entity", "npc_42");
    }

    @Test
    void theMenuButtonIsTheUsersStopAndTheCoresEmergencyStopShowsTheOverlay() throws Exception {
        adapter.status(focused(Set.of("openDialog"), List.of("right=/interaction_profiles/khr/simple_controller")));
        AdapterHandle h = spawn();
        adapter.input("right", "select", true);
        assertThat(awaitPercept(p -> "input".equals(p.get("event")))).containsEntry("type", "gesture");
        adapter.input("right", "menu", true);
        assertThat(awaitPercept(p -> "stop_now".equals(p.get("event")))).containsEntry("type", "system");

        run(h, "d1", "openDialog", Map.of("title", "Shop"));
        h.onEvent(new AdapterEvent(
                AdapterEventType.SYSTEM, Map.of("state", "terminating", "reason", "emergency_stop"), 1));
        assertThat(adapter.hud()).containsEntry("stop_overlay", true).containsEntry("dialog", null);
    }

    @Test
    void aLostRuntimeIsDegradedOverlaysFailAsEngineErrorsAndItRecoversWhenTheRuntimeReturns() throws Exception {
        adapter.status(focused(Set.of("openDialog"), List.of()));
        AdapterHandle h = spawn();
        adapter.status(focused(Set.of("openDialog"), List.of())
                .withHealth(AdapterHealth.DEGRADED, "runtime lost: XR_ERROR_RUNTIME_FAILURE from xrWaitFrame")
                .withSessionState("NONE")
                .withCapabilities(Set.of(), List.of()));
        assertThat(adapter.currentServiceProperties())
                .containsEntry(Adapter.PROP_HEALTH, "degraded")
                .containsEntry(Adapter.PROP_HEALTH_REASON, "runtime lost: XR_ERROR_RUNTIME_FAILURE from xrWaitFrame");
        ActionResult failed = run(h, "d1", "openDialog", Map.of("title", "Hi"));
        assertThat(failed.ok()).isFalse();
        assertThat(failed.error()).isEqualTo(AdapterErrorCode.ENGINE_ERROR);
        assertThat(failed.retries()).isEqualTo(3);
        assertThat(awaitPercept(p -> "xr_session".equals(p.get("event")) && "degraded".equals(p.get("health"))))
                .containsEntry("type", "system");

        adapter.status(focused(Set.of("openDialog"), List.of()));
        assertThat(adapter.currentServiceProperties())
                .containsEntry(Adapter.PROP_HEALTH, "ok")
                .doesNotContainKey(Adapter.PROP_HEALTH_REASON);
        assertThat(run(h, "d2", "openDialog", Map.of("title", "Hi"))).isEqualTo(ActionResult.success());
    }
}
