package org.aiverse.session.api;

import java.util.List;
import java.util.Optional;
import org.aiverse.auth.api.Consent;
import org.aiverse.contracts.api.TerminationReason;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The Agent Orchestrator of seed 3.4: starts sessions and drives their lifecycle (seed 5.3) with the frozen hooks
 * {@code onStart}, {@code onPause}, {@code onResume} and {@code onTerminate}. Every transition is ordered, broadcast
 * as a WS {@code state} frame and recorded as a {@code state_change} event; a hook that fails leaves the session in
 * {@code error} with its reason.
 *
 * <p>Failures: {@link java.util.NoSuchElementException} for an unknown session, {@link SessionConflictException}
 * for a transition from the wrong state, {@link org.aiverse.contracts.ValidationException} for bad input.
 */
@ProviderType
public interface SessionManager {

    /**
     * Starts a session ({@code onStart}): loads the snapshot, binds the world's highest compatible adapter, spawns
     * it with the manifest, opens the Core's decision loop with the effective capabilities and enters
     * {@code running}.
     *
     * @param request what to start, with the negotiable options
     * @param consent the owner's validated consent token; its {@code sessionId} is bound to the session
     * @return the running session
     */
    SessionInfo start(StartOptions request, Consent consent);

    /** Pauses a running session ({@code onPause}). */
    SessionInfo pause(String sessionId, String reason);

    /**
     * Resumes a paused session ({@code onResume}). After an emergency stop only with a fresh token (seed 7.3).
     *
     * @param consent the caller's fresh consent token; {@code null} for an operator, who cannot resume a session
     *     that was stopped
     */
    SessionInfo resume(String sessionId, Consent consent);

    /** Terminates a session ({@code onTerminate}): disposes the adapter, closes the loop, flushes the recorder. */
    SessionInfo terminate(String sessionId, TerminationReason reason);

    /**
     * Emergency stop (seed 7.3): suppresses new intents at once, cancels in-flight actions ({@code stopped}),
     * revokes the session's consent token, then terminates (or pauses, when so configured or asked).
     *
     * @param sessionId the session
     * @param source who pressed STOP, for the record: {@code api}, {@code console}, {@code ws}, {@code bus}
     * @param pause whether to pause rather than terminate; {@code null} for the configured default
     */
    SessionInfo stop(String sessionId, String source, Boolean pause);

    /** Returns a session, live or ended. */
    Optional<SessionInfo> find(String sessionId);

    /** Returns every session this node knows, newest first. */
    List<SessionInfo> list();
}
