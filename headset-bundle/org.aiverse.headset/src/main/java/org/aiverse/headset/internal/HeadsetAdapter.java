package org.aiverse.headset.internal;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.aiverse.adapter.sdk.AbstractAdapter;
import org.aiverse.adapter.sdk.AdapterException;
import org.aiverse.adapter.sdk.AdapterSettings;
import org.aiverse.adapter.sdk.Cancellation;
import org.aiverse.adapter.sdk.SessionContext;
import org.aiverse.contracts.adapter.Adapter;
import org.aiverse.contracts.adapter.AdapterErrorCode;
import org.aiverse.contracts.adapter.AdapterEvent;
import org.aiverse.contracts.adapter.AdapterEventType;
import org.aiverse.contracts.adapter.AdapterHealth;
import org.aiverse.contracts.adapter.AdapterKind;
import org.aiverse.contracts.intent.Intent;

/**
 * The headset adapter (kind {@code headset}). It listens to the OpenXR link and streams, to every session it
 * serves, seed 4.5 percepts as {@code env} events: the head pose ({@code world_state}, event {@code head_pose}),
 * what the user looks at and how far it is ({@code proximity}, event {@code gaze}) and controller input
 * ({@code gesture}). It carries what a headset can: HUD dialogs, captions (and {@code speak} as its caption), the
 * emergency-stop overlay, and haptics while a controller is bound; everything else is {@code not_supported}.
 *
 * <p>The runtime is the engine behind every session: each located pose shows it is alive, so when the runtime is
 * lost the SDK's heartbeats turn {@code degraded} by themselves (seed 3.3), besides the service properties.
 */
final class HeadsetAdapter extends AbstractAdapter<HeadsetCommand> implements OpenXrLink.Listener {

    /** Everything a headset may ever carry; what it carries now depends on the runtime ({@link XrStatus}). */
    static final Set<String> ALL_CAPABILITIES = Set.of(
            OpenXrLink.CAP_OPEN_DIALOG,
            OpenXrLink.CAP_CAPTION,
            OpenXrLink.CAP_SPEAK,
            OpenXrLink.CAP_STOP_OVERLAY,
            OpenXrLink.CAP_HAPTIC);

    /** Service property: the OpenXR runtime's name and version, when one was reached. */
    static final String PROP_RUNTIME = "aiverse.headset.runtime";
    /** Service property: the OpenXR system's name. */
    static final String PROP_SYSTEM = "aiverse.headset.system";

    /** Sends a vibration to a hand's controller; the link in production. */
    interface Vibrator {
        CompletionStage<Void> vibrate(String hand, Duration duration, float amplitude);
    }

    private final List<GazeTarget> configuredTargets;
    private final int poseEvery;
    private final Hud hud = new Hud();
    private final PoseMeter meter = new PoseMeter();
    private final Map<String, Live> live = new ConcurrentHashMap<>();
    private final List<Consumer<XrStatus>> statusListeners = new CopyOnWriteArrayList<>();
    private volatile Vibrator vibrator = (h, d, a) ->
            CompletableFuture.failedFuture(AdapterException.retryable(AdapterErrorCode.ENGINE_ERROR, "no runtime"));
    private volatile XrStatus status = XrStatus.starting();
    private volatile HeadPose lastPose;
    private long frames;

    /** One session as the headset serves it: where its percepts go, what it looks at. */
    private static final class Live {
        final SessionContext context;
        volatile List<GazeTarget> worldTargets = List.of();
        String gazeEntity;
        double gazeDistance = -1;

        Live(SessionContext context) {
            this.context = context;
        }
    }

    HeadsetAdapter(String version, List<GazeTarget> targets, int poseEvery) {
        super(AdapterSettings.defaults("headset", AdapterKind.HEADSET, version, ALL_CAPABILITIES)
                .withExecuteTimeout(Duration.ofSeconds(10)));
        this.configuredTargets = List.copyOf(targets);
        this.poseEvery = Math.max(1, poseEvery);
    }

    void vibrator(Vibrator v) {
        this.vibrator = v;
    }

    /** Called with every new status (health, capabilities): the component updates the service properties. */
    void onStatus(Consumer<XrStatus> listener) {
        statusListeners.add(listener);
    }

    XrStatus currentStatus() {
        return status;
    }

    Optional<HeadPose> lastPose() {
        return Optional.ofNullable(lastPose);
    }

    PoseMeter meter() {
        return meter;
    }

    Map<String, Object> hud() {
        return hud.snapshot();
    }

    int liveSessions() {
        return live.size();
    }

    /**
     * The service properties for the current status: the SDK's, with the capabilities the runtime offers now and
     * the health the registry shows (unavailable is {@code error} with the OpenXR error as the reason).
     */
    Map<String, Object> currentServiceProperties() {
        XrStatus s = status;
        Map<String, Object> props = new LinkedHashMap<>(serviceProperties());
        props.put(Adapter.PROP_CAPABILITIES, s.capabilities().stream().sorted().toArray(String[]::new));
        props.put(Adapter.PROP_HEALTH, s.health().wire());
        if (s.reason() != null) {
            props.put(Adapter.PROP_HEALTH_REASON, s.reason());
        }
        if (s.runtime() != null) {
            props.put(PROP_RUNTIME, s.runtime());
        }
        if (s.system() != null) {
            props.put(PROP_SYSTEM, s.system());
        }
        return props;
    }

    // ---- the link's side (its thread) ----

    @Override
    public void status(XrStatus s) {
        XrStatus before = status;
        status = s;
        boolean changed = before.health() != s.health()
                || !java.util.Objects.equals(before.reason(), s.reason())
                || !before.capabilities().equals(s.capabilities())
                || !java.util.Objects.equals(before.system(), s.system());
        if (!before.sessionState().equals(s.sessionState()) || changed) {
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("event", "xr_session");
            payload.put("state", s.sessionState());
            payload.put("health", s.health().wire());
            if (s.reason() != null) {
                payload.put("reason", s.reason());
            }
            for (Live l : live.values()) {
                percept(l.context, "system", "system", payload);
            }
        }
        if (changed) {
            for (Consumer<XrStatus> c : statusListeners) {
                c.accept(s);
            }
        }
    }

    @Override
    public void pose(HeadPose pose) {
        lastPose = pose;
        if (frames++ % poseEvery != 0 || live.isEmpty()) {
            return;
        }
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("event", "head_pose");
        payload.put("space", pose.space());
        payload.put("position", List.of(pose.px(), pose.py(), pose.pz()));
        payload.put("orientation", List.of(pose.qx(), pose.qy(), pose.qz(), pose.qw()));
        payload.put("orientation_valid", pose.orientationValid());
        payload.put("position_valid", pose.positionValid());
        payload.put("xr_time", pose.xrTime());
        for (Live l : live.values()) {
            l.context.engineAlive();
            percept(l.context, "world_state", "user", payload);
            gaze(l, pose);
        }
        meter.record(pose.monotonicNanos(), System.nanoTime());
    }

    private void gaze(Live l, HeadPose pose) {
        List<GazeTarget> targets = l.worldTargets.isEmpty() ? configuredTargets : l.worldTargets;
        Optional<GazeTarget.Hit> hit = GazeTarget.lookedAt(pose, targets);
        String entity = hit.map(GazeTarget.Hit::id).orElse(null);
        double distance = hit.map(GazeTarget.Hit::distance).orElse(-1.0);
        boolean moved = entity != null && Math.abs(distance - l.gazeDistance) >= 0.05;
        if (java.util.Objects.equals(entity, l.gazeEntity) && !moved) {
            return;
        }
        l.gazeEntity = entity;
        l.gazeDistance = distance;
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("event", "gaze");
        payload.put("entity", entity);
        if (entity != null) {
            payload.put("distance_m", Math.round(distance * 1000) / 1000.0);
        }
        percept(l.context, "proximity", "user", payload);
    }

    @Override
    public void input(String hand, String action, boolean pressed) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("event", "input");
        payload.put("hand", hand);
        payload.put("action", action);
        payload.put("pressed", pressed);
        for (Live l : live.values()) {
            percept(l.context, "gesture", "user", payload);
            if ("menu".equals(action) && pressed) {
                // the user pressed STOP on the headset (seed 7.3 trigger): the Core hears stop_now
                percept(l.context, "system", "user", Map.of("event", "stop_now", "hand", hand));
            }
        }
    }

    private static void percept(SessionContext s, String type, String source, Map<String, Object> payload) {
        Map<String, Object> percept = new LinkedHashMap<>();
        percept.put("id", "p_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12));
        percept.put("type", type);
        percept.put("source", source);
        percept.put("payload", payload);
        percept.put("ts", s.nowSeconds());
        s.emit(new AdapterEvent(AdapterEventType.ENV, percept, s.nowSeconds()));
    }

    // ---- the SDK's side ----

    @Override
    protected void onSessionStart(SessionContext session) {
        live.put(session.sessionId(), new Live(session));
    }

    @Override
    protected void onSessionStop(SessionContext session) {
        live.remove(session.sessionId());
    }

    @Override
    protected boolean expectsEngineHeartbeats() {
        return true;
    }

    @Override
    protected void onSessionEvent(SessionContext session, AdapterEvent event) {
        Live l = live.get(session.sessionId());
        if (l == null) {
            return;
        }
        GazeTarget.fromPayload(event.payload()).ifPresent(t -> l.worldTargets = List.copyOf(t));
        Object state = event.payload().get("state");
        Object reason = event.payload().get("reason");
        if ("terminating".equals(state) && "emergency_stop".equals(reason)
                || "paused".equals(state) && "emergency_stop".equals(reason)) {
            hud.show(new HeadsetCommand.StopOverlay(true, "emergency_stop"));
        } else if ("running".equals(state)) {
            hud.show(new HeadsetCommand.StopOverlay(false, null));
        }
    }

    @Override
    protected HeadsetCommand translate(Intent intent, SessionContext session) throws AdapterException {
        XrStatus s = status;
        if (!s.capabilities().contains(intent.type())) {
            if (s.health() == AdapterHealth.DEGRADED && ALL_CAPABILITIES.contains(intent.type())) {
                throw AdapterException.retryable(AdapterErrorCode.ENGINE_ERROR, "headset " + s.reason());
            }
            throw AdapterException.permanent(
                    AdapterErrorCode.NOT_SUPPORTED,
                    intent.type() + " is not available on this headset"
                            + (s.reason() == null ? "" : " (" + s.reason() + ")"));
        }
        Map<String, Object> p = intent.params();
        switch (intent.type()) {
            case OpenXrLink.CAP_OPEN_DIALOG: {
                Object title = p.getOrDefault("title", intent.target());
                if (!(title instanceof String t) || t.isBlank()) {
                    throw AdapterException.permanent(AdapterErrorCode.INVALID_TARGET, "openDialog needs a title");
                }
                Object text = p.get("text");
                return new HeadsetCommand.Dialog(t, text == null ? "" : text.toString());
            }
            case OpenXrLink.CAP_CAPTION:
            case OpenXrLink.CAP_SPEAK: {
                Object text = p.get("text");
                if (!(text instanceof String t) || t.isBlank()) {
                    throw AdapterException.permanent(
                            AdapterErrorCode.INVALID_TARGET, intent.type() + " needs params.text");
                }
                // about 15 characters per second of reading, at least 1.5 s on screen
                return new HeadsetCommand.Caption(t, Math.max(1500, t.length() * 1000L / 15));
            }
            case OpenXrLink.CAP_STOP_OVERLAY: {
                Object show = p.getOrDefault("show", Boolean.TRUE);
                Object reason = p.getOrDefault("reason", "emergency_stop");
                return new HeadsetCommand.StopOverlay(!Boolean.FALSE.equals(show), String.valueOf(reason));
            }
            case OpenXrLink.CAP_HAPTIC: {
                Object hand = p.getOrDefault(
                        "hand",
                        "left".equals(intent.target()) || "right".equals(intent.target()) ? intent.target() : "right");
                if (!"left".equals(hand) && !"right".equals(hand)) {
                    throw AdapterException.permanent(AdapterErrorCode.INVALID_TARGET, "hand must be left or right");
                }
                long millis = number(p.getOrDefault("duration_ms", 100)).longValue();
                double amplitude = number(p.getOrDefault("amplitude", 0.5)).doubleValue();
                if (millis < 1 || millis > 5000 || amplitude < 0 || amplitude > 1) {
                    throw AdapterException.permanent(
                            AdapterErrorCode.INVALID_TARGET, "duration_ms must be 1..5000 and amplitude 0..1");
                }
                return new HeadsetCommand.Haptic((String) hand, millis, (float) amplitude);
            }
            default:
                throw AdapterException.permanent(AdapterErrorCode.NOT_SUPPORTED, intent.type());
        }
    }

    private static Number number(Object o) throws AdapterException {
        if (o instanceof Number n) {
            return n;
        }
        throw AdapterException.permanent(AdapterErrorCode.INVALID_TARGET, "not a number: " + o);
    }

    @Override
    protected CompletionStage<Void> perform(
            HeadsetCommand command, Intent intent, SessionContext session, Cancellation cancellation) {
        if (command instanceof HeadsetCommand.Haptic h) {
            return vibrator.vibrate(h.hand(), Duration.ofMillis(h.millis()), h.amplitude())
                    .exceptionally(e -> {
                        throw new java.util.concurrent.CompletionException(AdapterException.retryable(
                                AdapterErrorCode.ENGINE_ERROR,
                                e instanceof java.util.concurrent.CompletionException && e.getCause() != null
                                        ? e.getCause().getMessage()
                                        : e.getMessage()));
                    });
        }
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("event", "overlay");
        payload.put("intent_id", intent.intentId());
        if (command instanceof HeadsetCommand.Dialog d) {
            hud.show(d);
            cancellation.onCancel(() -> hud.closeDialog(d)); // always cancellable: the dialog closes
            payload.put("overlay", "dialog");
            payload.put("title", d.title());
        } else if (command instanceof HeadsetCommand.Caption c) {
            hud.show(c);
            scheduler().schedule(() -> hud.clearCaption(c), c.millis(), TimeUnit.MILLISECONDS);
            payload.put("overlay", "caption");
            payload.put("text", c.text());
        } else if (command instanceof HeadsetCommand.StopOverlay s) {
            hud.show(s);
            payload.put("overlay", "emergency_stop");
            payload.put("shown", s.shown());
        }
        percept(session, "system", "system", payload);
        return CompletableFuture.completedFuture(null);
    }
}
