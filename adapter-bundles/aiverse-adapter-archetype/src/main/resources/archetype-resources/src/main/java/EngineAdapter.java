package ${package};

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.aiverse.adapter.sdk.AbstractAdapter;
import org.aiverse.adapter.sdk.AdapterException;
import org.aiverse.adapter.sdk.AdapterSettings;
import org.aiverse.adapter.sdk.Cancellation;
import org.aiverse.adapter.sdk.SessionContext;
import org.aiverse.contracts.adapter.AdapterErrorCode;
import org.aiverse.contracts.adapter.AdapterKind;
import org.aiverse.contracts.intent.Intent;
import org.aiverse.contracts.intent.IntentTypes;

/**
 * The ${adapterId} adapter. The SDK ({@link AbstractAdapter}) does idempotency, queueing, cancellation, timeouts,
 * retries with backoff, heartbeats and health; this class does only the two things that are engine specific:
 * {@link #translate} an intent into an {@link EngineCommand}, and {@link #perform} it on the {@link Engine}.
 */
public final class EngineAdapter extends AbstractAdapter<EngineCommand> {

    /** The id the registry lists this adapter under ({@code aiverse.adapter.id}). */
    public static final String ID = "${adapterId}";

    /** The intent types this adapter carries (seed 3.3 capability matrix); add yours here. */
    public static final Set<String> CAPABILITIES = Set.of(IntentTypes.SPEAK, IntentTypes.MOVE);

    private final Engine engine;

    public EngineAdapter(String version, Engine engine) {
        this(AdapterSettings.defaults(ID, AdapterKind.ADAPTER, version, CAPABILITIES), engine);
    }

    public EngineAdapter(AdapterSettings settings, Engine engine) {
        super(settings);
        this.engine = engine;
    }

    @Override
    protected EngineCommand translate(Intent intent, SessionContext session) throws AdapterException {
        Map<String, Object> params = intent.params();
        switch (intent.type()) {
            case IntentTypes.SPEAK: {
                Object text = params.get("text");
                if (!(text instanceof String t) || t.isBlank()) {
                    throw AdapterException.permanent(AdapterErrorCode.INVALID_TARGET, "speak needs params.text");
                }
                return new EngineCommand.Speak(t);
            }
            case IntentTypes.MOVE: {
                Object speed = params.getOrDefault("speed", 1.4);
                if (!(speed instanceof Number s) || s.doubleValue() <= 0) {
                    throw AdapterException.permanent(AdapterErrorCode.INVALID_TARGET, "move needs a positive speed");
                }
                return new EngineCommand.Move(intent.target(), s.doubleValue());
            }
            default:
                throw AdapterException.permanent(AdapterErrorCode.NOT_SUPPORTED, intent.type());
        }
    }

    @Override
    protected CompletionStage<Void> perform(
            EngineCommand command, Intent intent, SessionContext session, Cancellation cancellation) {
        if (cancellation.isCancelled()) {
            return CompletableFuture.completedFuture(null); // cancelled before it started: no effect
        }
        cancellation.onCancel(() -> engine.abort(session.sessionId()));
        return engine.send(session.sessionId(), command);
    }
}
