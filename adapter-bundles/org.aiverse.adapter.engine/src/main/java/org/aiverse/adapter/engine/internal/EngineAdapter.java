package org.aiverse.adapter.engine.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.aiverse.adapter.sdk.AbstractAdapter;
import org.aiverse.adapter.sdk.AdapterException;
import org.aiverse.adapter.sdk.AdapterSettings;
import org.aiverse.adapter.sdk.Cancellation;
import org.aiverse.adapter.sdk.SessionContext;
import org.aiverse.contracts.adapter.AdapterErrorCode;
import org.aiverse.contracts.adapter.AdapterEvent;
import org.aiverse.contracts.adapter.AdapterEventType;
import org.aiverse.contracts.adapter.AdapterKind;
import org.aiverse.contracts.intent.Intent;
import org.aiverse.contracts.intent.IntentTargets;
import org.aiverse.contracts.intent.IntentTypes;
import org.aiverse.json.Json;
import org.aiverse.session.api.EngineProtocol;

/**
 * A world whose engine is the client of the session WebSocket (DESIGN §6): {@code translate} makes the engine's
 * command, {@code perform} sends it through the session ({@link EngineProtocol}) and completes when the engine's
 * {@code action_result} arrives.
 */
final class EngineAdapter extends AbstractAdapter<Map<String, Object>> implements EngineProtocol.EngineDriven {

    /**
     * The seed's capability matrix (3.3): every engine carries all five capabilities, fully or partially; the
     * partial ones are narrowed in {@link #translate}.
     */
    static final Set<String> CAPABILITIES = Set.copyOf(IntentTypes.ALL);

    private final Engine engine;
    private final Map<String, CompletableFuture<Void>> pending = new ConcurrentHashMap<>();

    /**
     * The engine flavours and the shape of their commands: WebXR {@code {op, ...}} for the page's JavaScript, Unity
     * {@code {method, args}} for a C# dispatcher, Unreal {@code {function, target, params}} for Blueprint calls.
     */
    enum Engine {
        WEBXR("webxr"),
        UNITY("unity"),
        UNREAL("unreal");

        final String id;

        Engine(String id) {
            this.id = id;
        }
    }

    EngineAdapter(Engine engine, String version) {
        super(AdapterSettings.defaults(engine.id, AdapterKind.WORLD, version, CAPABILITIES));
        this.engine = engine;
    }

    private static String key(SessionContext s, String intentId) {
        return s.sessionId() + "/" + intentId;
    }

    /**
     * Translates an intent into this engine's command, per the seed's event mapping and capability matrix (3.3).
     * Where the matrix says {@code Partial}, what the engine cannot do is {@code not_supported}: WebXR moves only with
     * {@code moveTo({x,y,z})} (no pathfinding to a named waypoint) and plays only named clips (no animation graph).
     * Bad parameters are {@code invalid_target}.
     */
    @Override
    protected Map<String, Object> translate(Intent intent, SessionContext session) throws AdapterException {
        Map<String, Object> p = intent.params();
        return switch (intent.type()) {
            case IntentTypes.SPEAK -> speak(intent, text(p));
            case IntentTypes.MOVE -> move(intent, position(p), waypoint(intent));
            case IntentTypes.ANIMATE -> animate(intent, clip(intent));
            case IntentTypes.BUY_ITEM -> buyItem(p, itemId(intent));
            case IntentTypes.OPEN_DIALOG -> openDialog(intent);
            default -> throw AdapterException.permanent(
                    AdapterErrorCode.NOT_SUPPORTED, engine.id + " has no capability " + intent.type());
        };
    }

    /** TTS with lip-sync: WebAudio and mouth blendshapes (WebXR), TTS queued while audio is busy (Unity), visemes. */
    private Map<String, Object> speak(Intent intent, String text) {
        return switch (engine) {
            case WEBXR -> command(
                    "op", "speak", "text", text, "to", intent.target(), "audio", "webaudio", "lipsync", "blendshape");
            case UNITY -> command(
                    "method",
                    "AgentController.Speak",
                    "args",
                    List.of(intent.target(), command("text", text, "lipsync", true, "queue_if_busy", true)));
            case UNREAL -> command(
                    "function",
                    "AgentTTS.Speak",
                    "target",
                    intent.target(),
                    "params",
                    command("text", text, "visemes", true));
        };
    }

    /** WebXR: {@code moveTo({x,y,z})} only; Unity: {@code NavMeshAgent.SetDestination}; Unreal: pathfinding. */
    private Map<String, Object> move(Intent intent, Map<String, Object> position, String waypoint)
            throws AdapterException {
        if (position == null && waypoint == null) {
            throw AdapterException.permanent(AdapterErrorCode.INVALID_TARGET, "move needs a waypoint or x, y, z");
        }
        return switch (engine) {
            case WEBXR -> {
                if (position == null) {
                    throw AdapterException.permanent(
                            AdapterErrorCode.NOT_SUPPORTED,
                            "webxr moves with moveTo({x,y,z}) only: no pathfinding to waypoint " + waypoint);
                }
                yield command("op", "moveTo", "args", List.of(position));
            }
            case UNITY -> command(
                    "method", "NavMeshAgent.SetDestination", "args", List.of(position == null ? waypoint : position));
            case UNREAL -> position == null
                    ? command("function", "AIController.MoveToActor", "target", waypoint, "params", Map.of())
                    : command("function", "AIController.MoveToLocation", "target", intent.target(), "params", position);
        };
    }

    /** WebXR: {@code playAnimation(name)}, named clips only; Unity: {@code Animator.SetTrigger}; Unreal: montage. */
    private Map<String, Object> animate(Intent intent, String clip) throws AdapterException {
        Object graph = intent.params().get("graph");
        if (engine == Engine.WEBXR && graph != null) {
            throw AdapterException.permanent(
                    AdapterErrorCode.NOT_SUPPORTED, "webxr plays named clips only: no animation graph " + graph);
        }
        if (clip == null) {
            throw AdapterException.permanent(AdapterErrorCode.INVALID_TARGET, "animate needs params.name");
        }
        return switch (engine) {
            case WEBXR -> command("op", "playAnimation", "args", List.of(clip));
            case UNITY -> command("method", "Animator.SetTrigger", "args", List.of(clip));
            case UNREAL -> {
                Map<String, Object> params = command("montage", clip);
                if (graph != null) {
                    params.put("graph", graph);
                }
                yield command("function", "Character.PlayAnimMontage", "target", intent.target(), "params", params);
            }
        };
    }

    /** The engine's sandbox commerce API (Partial everywhere: the policy gate has already allowed it). */
    private Map<String, Object> buyItem(Map<String, Object> p, String itemId) {
        Map<String, Object> purchase = command("item_id", itemId, "sandbox", true);
        if (p.get("price") != null) {
            purchase.put("price", p.get("price"));
        }
        if (p.get("currency") != null) {
            purchase.put("currency", p.get("currency"));
        }
        return switch (engine) {
            case WEBXR -> command("op", "commerce.purchase", "args", List.of(purchase));
            case UNITY -> command("method", "CommerceSandbox.Purchase", "args", List.of(purchase));
            case UNREAL -> command("function", "CommerceSandbox.Purchase", "target", itemId, "params", purchase);
        };
    }

    /** A UI panel with the intent's context; always cancellable by the user. */
    private Map<String, Object> openDialog(Intent intent) {
        Map<String, Object> panel = command("context", intent.params(), "cancellable", true);
        return switch (engine) {
            case WEBXR -> command("op", "openPanel", "args", List.of(panel));
            case UNITY -> command("method", "UIManager.OpenDialog", "args", List.of(intent.target(), panel));
            case UNREAL -> command("function", "HUD.OpenDialog", "target", intent.target(), "params", panel);
        };
    }

    private static String text(Map<String, Object> p) throws AdapterException {
        if (!(p.get("text") instanceof String t) || t.isBlank()) {
            throw AdapterException.permanent(AdapterErrorCode.INVALID_TARGET, "speak needs params.text");
        }
        return t;
    }

    /** {@code params.position {x,y,z}} or {@code params.x/y/z}; {@code null} when the intent names no point. */
    private static Map<String, Object> position(Map<String, Object> p) throws AdapterException {
        Map<?, ?> source = p.get("position") instanceof Map<?, ?> m ? m : p;
        if (source.get("x") == null && source.get("z") == null) {
            return null;
        }
        Map<String, Object> xyz = new LinkedHashMap<>();
        for (String axis : List.of("x", "y", "z")) {
            Object v = source.get(axis);
            if (v == null && "y".equals(axis)) {
                v = 0;
            }
            if (!(v instanceof Number)) {
                throw AdapterException.permanent(AdapterErrorCode.INVALID_TARGET, "move needs a number " + axis);
            }
            xyz.put(axis, v);
        }
        return xyz;
    }

    /** {@code params.waypoint}, else a target that names a place (not one of the generic targets). */
    private static String waypoint(Intent intent) {
        if (intent.params().get("waypoint") instanceof String w && !w.isBlank()) {
            return w;
        }
        return IntentTargets.ALL.contains(intent.target()) ? null : intent.target();
    }

    private static String clip(Intent intent) {
        Object name = intent.params().getOrDefault("name", intent.params().get("clip"));
        if (name instanceof String n && !n.isBlank()) {
            return n;
        }
        return IntentTargets.ALL.contains(intent.target()) ? null : intent.target();
    }

    private static String itemId(Intent intent) throws AdapterException {
        Object item = intent.params().getOrDefault("item_id", intent.target());
        if (!(item instanceof String i) || i.isBlank() || IntentTargets.ALL.contains(i)) {
            throw AdapterException.permanent(AdapterErrorCode.INVALID_TARGET, "buyItem needs params.item_id");
        }
        return i;
    }

    /** An ordered, mutable map of name/value pairs. */
    private static Map<String, Object> command(Object... pairs) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            m.put((String) pairs[i], pairs[i + 1]);
        }
        return m;
    }

    @Override
    protected CompletionStage<Void> perform(
            Map<String, Object> command, Intent intent, SessionContext session, Cancellation cancellation) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        String key = key(session, intent.intentId());
        pending.put(key, done);
        cancellation.onCancel(() -> pending.remove(key));
        Map<String, Object> engineCommand = new LinkedHashMap<>();
        engineCommand.put(EngineProtocol.INTENT, Json.toMap(intent));
        engineCommand.put(EngineProtocol.COMMAND, command);
        session.emit(new AdapterEvent(
                AdapterEventType.SYSTEM, Map.of(EngineProtocol.ENGINE_COMMAND, engineCommand), session.nowSeconds()));
        return done;
    }

    @Override
    protected void onSessionEvent(SessionContext session, AdapterEvent event) {
        if (!(event.payload().get(EngineProtocol.ACTION_RESULT) instanceof Map<?, ?> result)) {
            return;
        }
        Object intentId = result.get("intent_id");
        CompletableFuture<Void> done = intentId == null ? null : pending.remove(key(session, intentId.toString()));
        if (done == null) {
            return; // unknown, late or duplicate: idempotent
        }
        if (Boolean.TRUE.equals(result.get("ok"))) {
            done.complete(null);
            return;
        }
        AdapterErrorCode code;
        try {
            code = AdapterErrorCode.fromWire(String.valueOf(result.get("error")));
        } catch (RuntimeException e) {
            code = AdapterErrorCode.ENGINE_ERROR;
        }
        done.completeExceptionally(AdapterException.permanent(code, "the engine reported " + code.wire()));
    }

    @Override
    protected void onSessionStop(SessionContext session) {
        pending.keySet().removeIf(k -> k.startsWith(session.sessionId() + "/"));
    }

    @Override
    protected boolean expectsEngineHeartbeats() {
        return true;
    }
}
