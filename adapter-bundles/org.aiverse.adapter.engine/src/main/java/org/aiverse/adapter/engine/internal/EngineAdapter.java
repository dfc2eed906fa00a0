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
import org.aiverse.contracts.intent.IntentTypes;
import org.aiverse.json.Json;
import org.aiverse.session.api.EngineProtocol;

/**
 * A world whose engine is the client of the session WebSocket (DESIGN §6): {@code translate} makes the engine's
 * command, {@code perform} sends it through the session ({@link EngineProtocol}) and completes when the engine's
 * {@code action_result} arrives.
 */
final class EngineAdapter extends AbstractAdapter<Map<String, Object>> implements EngineProtocol.EngineDriven {

    static final Set<String> CAPABILITIES = Set.copyOf(IntentTypes.ALL);

    private final Engine engine;
    private final Map<String, CompletableFuture<Void>> pending = new ConcurrentHashMap<>();

    /** The engine flavours and the shape of their commands. */
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

    @Override
    protected Map<String, Object> translate(Intent intent, SessionContext session) throws AdapterException {
        if (IntentTypes.SPEAK.equals(intent.type()) && !(intent.params().get("text") instanceof String)) {
            throw AdapterException.permanent(AdapterErrorCode.INVALID_TARGET, "speak needs params.text");
        }
        Map<String, Object> command = new LinkedHashMap<>();
        switch (engine) {
            case WEBXR -> {
                command.put("op", intent.type());
                command.put("target", intent.target());
                command.put("params", intent.params());
            }
            case UNITY -> {
                command.put("method", "AgentController." + capitalized(intent.type()));
                command.put("args", List.of(intent.target(), intent.params()));
            }
            case UNREAL -> {
                command.put("function", "BP_Agent_" + capitalized(intent.type()));
                command.put("target", intent.target());
                command.put("params", intent.params());
            }
            default -> throw AdapterException.permanent(AdapterErrorCode.NOT_SUPPORTED, engine.id);
        }
        return command;
    }

    private static String capitalized(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
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
