package org.aiverse.core.api;

import java.util.Map;
import java.util.Set;
import org.aiverse.contracts.adapter.ActionResult;
import org.aiverse.contracts.api.BackpressurePayload;
import org.aiverse.contracts.percept.Percept;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The decision loop of one session (seed 3.2, frozen): {@code idle → perceive → reflect → retrieve_memory → decide →
 * policy_gate → emit_intent → await_env → integrate_feedback → perceive}, with the {@code blocked}, {@code backoff},
 * {@code revoked} and {@code timeout} branches. Percepts are processed one at a time, in order, on the session's
 * decision queue; sessions run in parallel on a shared pool. All methods are thread-safe and non-blocking.
 */
@ProviderType
public interface CoreSession {
    /** Returns the session id. */
    String sessionId();

    /**
     * Offers a percept to the bounded percept queue: merged with a queued duplicate, or dropped by the seed's drop
     * rules when the queue is full.
     *
     * @param percept the percept, as the engine sent it
     * @param traceparent the W3C {@code traceparent} it arrived with (seed 8.2), or {@code null}
     * @return what happened to it, with the queue's backpressure after the offer
     */
    Offer offer(Percept percept, String traceparent);

    /** Returns the percept queue's backpressure now (seed 5.4 {@code backpressure} payload). */
    BackpressurePayload backpressure();

    /**
     * Reports the result of an intent the loop emitted ({@code await_env → integrate_feedback}).
     *
     * @param intentId the intent's {@code intent_id}
     * @param result the adapter's result
     */
    void actionResult(String intentId, ActionResult result);

    /**
     * Changes the effective capabilities, e.g. after a hot swap to an adapter with other capabilities.
     *
     * @param capabilities the new effective capabilities
     */
    void capabilities(Set<String> capabilities);

    /** Suspends the loop: percepts still queue (by the drop rules), nothing is decided until {@link #resume()}. */
    void pause();

    /** Resumes a paused loop. */
    void resume();

    /**
     * Emergency stop or revocation (seed 7.3): from now on no intent is emitted, the queue is cleared and the loop
     * enters {@code revoked}. Takes effect before this method returns.
     *
     * @param reason why, e.g. {@code emergency_stop}, {@code revoked}
     */
    void halt(String reason);

    /**
     * Ends the loop (session terminated): the queue is discarded and the Core proposes the session's learning update
     * (a snapshot diff the owner approves or rejects). Idempotent.
     */
    void close();

    /** Returns the loop's current state. */
    LoopState state();

    /** Returns the loop's metrics, seed 8.1 names (e.g. {@code intent_rate_per_min}, {@code decision_latency_ms}). */
    Map<String, Number> metrics();

    /**
     * The outcome of an offer.
     *
     * @param outcome accepted, merged into a queued duplicate, or dropped
     * @param backpressure the queue's backpressure after the offer
     */
    record Offer(Outcome outcome, BackpressurePayload backpressure) {}

    /** What happened to an offered percept. */
    enum Outcome {
        ACCEPTED,
        MERGED,
        DROPPED
    }
}
