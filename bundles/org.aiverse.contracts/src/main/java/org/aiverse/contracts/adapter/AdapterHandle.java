package org.aiverse.contracts.adapter;

import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.aiverse.contracts.intent.Intent;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * The session-bound side of an adapter, returned by {@link Adapter#onSpawn(AdapterManifest)} (seed 3.3 Adapter
 * SDK lifecycle, Frozen). The Core calls it from its decision queue; implementations must be thread-safe and must
 * not block the caller.
 *
 * <p>Contracts (seed 3.3): {@code execute} dedupes by {@code intent_id} and is called only after a policy allow;
 * {@code cancel} removes a queued intent or aborts/ceases an executing one, whose result is then
 * {@code {ok:false, error:"stopped"}}, and is idempotent; failures are reported as {@code error} events.
 */
@ConsumerType
public interface AdapterHandle {

    /** Returns the session this handle is bound to (the manifest's {@code session_id}). */
    String sessionId();

    /** Receives an engine/world event for this session. */
    void onEvent(AdapterEvent event);

    /**
     * Performs the translated action of an intent. A repeated {@code intent_id} completes with the first outcome
     * (or {@code ok:true}) and has no further side effect.
     *
     * @return the outcome; never completes exceptionally for action failures, which are {@code ok:false}
     */
    CompletionStage<ActionResult> execute(Intent intent);

    /** Best-effort, idempotent cancellation of a queued or executing intent; no-op when already done. */
    CompletionStage<Void> cancel(String intentId);

    /** Returns an optional state snapshot for observability; empty by default. */
    default Optional<AdapterState> getState() {
        return Optional.empty();
    }

    /** Tears the session down, releasing its resources; pending intents complete with {@code stopped}. */
    CompletionStage<Void> dispose();
}
