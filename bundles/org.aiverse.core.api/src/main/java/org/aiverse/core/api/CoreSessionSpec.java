package org.aiverse.core.api;

import java.util.Set;
import org.aiverse.contracts.Checks;
import org.aiverse.contracts.api.SessionMode;
import org.aiverse.contracts.snapshot.PersonalitySnapshot;

/**
 * What the Core needs to run a session's decision loop.
 *
 * @param sessionId the session, required
 * @param ownerId the owner ({@code sub} of the consent token), required
 * @param snapshot the personality, required
 * @param worldId the world, required
 * @param mode the session mode, required
 * @param scopes the scopes the consent token grants
 * @param capabilities the session's effective capabilities (intent types such as {@code speak}, {@code move}): the
 *     manifest's request intersected with the bound adapter's (DESIGN §6); the Core decides no intent outside them
 * @param queueDepth the bounded percept queue's capacity, negotiated at session start (seed 5.4, default 100)
 * @param seed the seed of the loop's randomness in deterministic mode; {@code null} for a random seed
 * @param traceparent the W3C {@code traceparent} the session was started under (seed 8.2); optional
 */
public record CoreSessionSpec(
        String sessionId,
        String ownerId,
        PersonalitySnapshot snapshot,
        String worldId,
        SessionMode mode,
        Set<String> scopes,
        Set<String> capabilities,
        int queueDepth,
        Long seed,
        String traceparent) {

    /** The default percept queue depth (seed 5.4). */
    public static final int DEFAULT_QUEUE_DEPTH = 100;

    /** Validates and copies. */
    public CoreSessionSpec {
        Checks.requireNonBlank(sessionId, "session_id");
        Checks.requireNonBlank(ownerId, "owner_id");
        Checks.requireNonNull(snapshot, "snapshot");
        Checks.requireNonBlank(worldId, "world_id");
        Checks.requireNonNull(mode, "mode");
        scopes = scopes == null ? Set.of() : Set.copyOf(scopes);
        capabilities = capabilities == null ? Set.of() : Set.copyOf(capabilities);
        Checks.requireRange(queueDepth, 1, 10_000, "queue_depth");
    }
}
