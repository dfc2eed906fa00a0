package ${package};

import java.util.concurrent.CompletionStage;

/**
 * The one place where this adapter talks to its engine. Replace {@link LoggingEngine} with calls to your engine
 * (its SDK, a socket, an HTTP API): complete the stage when the engine reports the action done, or exceptionally
 * with an {@code AdapterException} carrying the seed's error code.
 */
public interface Engine {

    /**
     * Sends one command to the engine.
     *
     * @param sessionId the AI-Verse session the command belongs to
     * @param command what to do
     * @return completes when the engine has done it
     */
    CompletionStage<Void> send(String sessionId, EngineCommand command);

    /** Asks the engine to abort what it does for a session (emergency stop, cancel); best effort. */
    default void abort(String sessionId) {}
}
