package org.aiverse.core.api;

import org.aiverse.contracts.intent.Intent;
import org.aiverse.contracts.policy.PolicyDecision;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives the intents a session's loop emits. Implemented by the session layer, which executes them through the
 * bound adapter and reports each result back with {@link CoreSession#actionResult}. Called on the session's decision
 * thread: implementations hand off and return at once.
 */
@ConsumerType
public interface IntentSink {
    /**
     * An intent the gate allowed, within the session's capabilities ({@code emit_intent}).
     *
     * @param intent the intent
     * @param decision the gate's decision (allowed), for the wire; the gate has already put it in the session's
     *     chain as the intent's event, with the iteration's trace ids
     * @param traceparent the W3C {@code traceparent} of the loop iteration's span (seed 8.2)
     */
    void emit(Intent intent, PolicyDecision decision, String traceparent);

    /**
     * A candidate intent the gate blocked ({@code blocked} branch); the gate has recorded it already.
     *
     * @param intent the intent
     * @param decision the gate's decision (blocked, with its reason)
     */
    default void blocked(Intent intent, PolicyDecision decision) {}
}
