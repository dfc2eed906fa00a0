package org.aiverse.policy.api;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import org.aiverse.contracts.api.SessionMode;
import org.aiverse.contracts.intent.Intent;
import org.aiverse.contracts.policy.Policy;
import org.aiverse.contracts.policy.PolicyDecision;
import org.aiverse.contracts.snapshot.PersonalitySnapshot;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The Safety Gate: decides whether an intent may be executed, and explains why (seed 4.6, 4.6.2; DESIGN §4).
 *
 * <p>Both {@link #evaluate} and {@link #dryRun} run the seven checks of seed 4.6.2 in the frozen order
 * ({@code restricted_actions}, {@code scope}, {@code autonomy_level}, {@code rate_limit}, {@code budget_cap},
 * {@code privacy}, {@code ethics}) with the same code; every check appears in {@code checks[]} and the first
 * {@code blocked} one decides {@code reason_code}. Only {@link #evaluate} changes state: an allowed intent consumes
 * a rate token and, for a purchase, adds its price to today's spend; a rate block starts a cooldown. Live
 * decisions are recorded in the session's chain when the context names a session and a recorder is present.
 *
 * <p>Implementations are thread-safe: many sessions of one owner may call the gate at once, and the counters stay
 * exact (at most the configured number of intents pass a rate limit; the daily cap is never exceeded).
 */
@ProviderType
public interface PolicyGate {

    /**
     * Evaluates an intent live: the decision counts against the owner's rate limits, budget and cooldowns and is
     * recorded (allowed: an {@code intent} event; blocked: a {@code policy_block} event) when the context names a
     * session.
     *
     * @param intent the candidate intent
     * @param context who asks, with which scopes, under which policy
     * @return the explainable decision
     * @throws org.aiverse.contracts.ValidationException naming the field when the intent or the policy is
     *     malformed for the gate (for example a {@code buyItem} without a numeric {@code params.price}, or an
     *     unknown ethics ruleset)
     */
    default PolicyDecision evaluate(Intent intent, PolicyContext context) {
        return evaluate(intent, context, null);
    }

    /**
     * {@link #evaluate(Intent, PolicyContext)}, recording the decision with the trace ids of the step that asked
     * (seed 8.2: {@code trace_id}, {@code span_id}, {@code corr_id} in the event's {@code payload.meta}). The
     * recorded decision is then the session's only event for the intent.
     *
     * @param intent the candidate intent
     * @param context who asks, with which scopes, under which policy
     * @param meta the trace ids to record with the decision, or {@code null}
     * @return the explainable decision
     * @since 1.1
     */
    PolicyDecision evaluate(Intent intent, PolicyContext context, Map<String, Object> meta);

    /**
     * Evaluates an intent without changing anything: no counter, budget or cooldown moves, nothing is recorded
     * and no metric counts it. Returns exactly what {@link #evaluate} would return in the same state.
     *
     * @param intent the candidate intent
     * @param context who asks, with which scopes, under which policy
     * @return the explainable decision
     * @throws org.aiverse.contracts.ValidationException as {@link #evaluate}
     */
    PolicyDecision dryRun(Intent intent, PolicyContext context);

    /**
     * Returns the policy the gate applies for a declared one: the declared fields, and the configured defaults
     * for what it leaves out ({@code null} gives the default policy).
     *
     * @param declared the snapshot's {@code policies}; may be {@code null}
     * @return the effective policy
     */
    Policy effectivePolicy(Policy declared);

    /**
     * Builds the context of a snapshot: its owner, its effective policy (the snapshot's {@code policies}, with the
     * profile's ethics ruleset when the policies name none, and the configured defaults for the rest) and its
     * non-exportable memories: those the snapshot store holds for the snapshot's version with
     * {@code privacy.exportable = false} (with their texts), and every id of its {@code memory_index} the store
     * does not vouch for as exportable, since a memory without privacy flags is not exportable (seed 4.8).
     *
     * @param snapshot the personality
     * @param scopes the scopes the consent token grants
     * @param sessionId the session, or {@code null}
     * @param worldId the world, or {@code null}
     * @param mode the session mode, or {@code null}
     * @return the context
     */
    PolicyContext context(
            PersonalitySnapshot snapshot, Set<String> scopes, String sessionId, String worldId, SessionMode mode);

    /**
     * Builds the privacy index of a set of non-exportable memories, for {@link PolicyContext#protectedMemories()}.
     * Build it once per snapshot (or session) and reuse it for every intent.
     *
     * @param memories the memories an intent must never reveal, by id or by quoting their text
     * @return an immutable, thread-safe index
     */
    ProtectedMemories protectedMemories(Collection<ProtectedMemory> memories);

    /** Returns the gate's live per-minute metrics ({@code policy_block_rate}, {@code anomaly_flags}, seed 8.1). */
    PolicyMetrics metrics();

    /**
     * Returns the live counters of one owner: today's spend and the cooldowns in effect.
     *
     * @param ownerId the owner ({@code sub})
     * @return the owner's usage now
     */
    PolicyUsage usage(String ownerId);

    /** Returns the gate's configuration: defaults, requirement tables and the loaded ethics rulesets. */
    PolicyGateInfo info();
}
