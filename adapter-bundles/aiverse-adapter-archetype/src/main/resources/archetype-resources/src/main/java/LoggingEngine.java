package ${package};

import java.lang.System.Logger.Level;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** A stand-in engine that only logs each command and reports it done: replace it with your engine's calls. */
final class LoggingEngine implements Engine {

    private static final System.Logger LOG = System.getLogger(LoggingEngine.class.getName());

    @Override
    public CompletionStage<Void> send(String sessionId, EngineCommand command) {
        // TODO your engine call here, e.g. client.say(sessionId, speak.text()) or client.walkTo(...)
        LOG.log(Level.INFO, "session {0}: {1}", sessionId, command);
        return CompletableFuture.completedFuture(null);
    }
}
