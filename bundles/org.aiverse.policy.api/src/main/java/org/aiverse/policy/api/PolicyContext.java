package org.aiverse.policy.api;

import java.util.Set;
import org.aiverse.contracts.Checks;
import org.aiverse.contracts.api.SessionMode;
import org.aiverse.contracts.policy.Policy;

/**
 * Everything the gate needs to know about who asks, besides the intent itself. The Personality Core builds one
 * per session (and reuses it for every intent); the dry-run endpoint builds one per request.
 *
 * @param ownerId the owner of the personality, the consent token's {@code sub}; rate limits, cooldowns and the
 *     budget are kept per owner, across all of the owner's sessions; required
 * @param sessionId the session, when there is one: live decisions are recorded in its chain; optional
 * @param snapshotId the snapshot whose policy applies, for the record; optional
 * @param worldId the world, for the record; optional
 * @param mode the session mode (ethics rules may depend on it); optional
 * @param scopes the scopes the consent token grants (seed 4.4), e.g. {@code persona.use}; empty when none
 * @param policy the policy in effect, usually {@link PolicyGate#effectivePolicy(Policy)} of the snapshot's
 *     {@code policies}; required
 * @param protectedMemories the non-exportable memories an intent must not reveal (privacy check); {@code null}
 *     means {@link ProtectedMemories#NONE}
 * @param approvals ids of intents the user has explicitly approved ({@code requires_user_approval} escalations);
 *     empty when none
 */
public record PolicyContext(
        String ownerId,
        String sessionId,
        String snapshotId,
        String worldId,
        SessionMode mode,
        Set<String> scopes,
        Policy policy,
        ProtectedMemories protectedMemories,
        Set<String> approvals) {

    /** Validates and copies. */
    public PolicyContext {
        Checks.requireNonBlank(ownerId, "owner_id");
        Checks.optionalNonBlank(sessionId, "session_id");
        Checks.optionalNonBlank(snapshotId, "snapshot_id");
        Checks.optionalNonBlank(worldId, "world_id");
        scopes = scopes == null ? Set.of() : Set.copyOf(scopes);
        Checks.requireNonNull(policy, "policy");
        protectedMemories = protectedMemories == null ? ProtectedMemories.NONE : protectedMemories;
        approvals = approvals == null ? Set.of() : Set.copyOf(approvals);
    }

    /**
     * A context without session, snapshot, world, mode, protected memories or approvals.
     *
     * @param ownerId the owner ({@code sub})
     * @param scopes the granted scopes
     * @param policy the policy in effect
     * @return the context
     */
    public static PolicyContext of(String ownerId, Set<String> scopes, Policy policy) {
        return new PolicyContext(ownerId, null, null, null, null, scopes, policy, null, null);
    }

    /** Returns a copy for another session (recording goes to that session's chain). */
    public PolicyContext withSession(String session) {
        return new PolicyContext(
                ownerId, session, snapshotId, worldId, mode, scopes, policy, protectedMemories, approvals);
    }

    /** Returns a copy with the given user approvals. */
    public PolicyContext withApprovals(Set<String> approved) {
        return new PolicyContext(
                ownerId, sessionId, snapshotId, worldId, mode, scopes, policy, protectedMemories, approved);
    }
}
