package org.aiverse.shell.internal;

import java.util.NoSuchElementException;
import java.util.function.Supplier;
import org.aiverse.session.api.SessionConflictException;
import org.aiverse.session.api.SessionInfo;

/** What the session lifecycle commands share. */
final class SessionCommands {

    static final String UNAVAILABLE = "Not available: feature aiverse-session is not running.";

    private SessionCommands() {}

    /** Runs a transition and says what came of it, in the seed's words. */
    static String run(Supplier<SessionInfo> transition) {
        try {
            SessionInfo s = transition.get();
            return s.id() + " " + s.state().wire() + (s.reason() == null ? "" : " (" + s.reason() + ")");
        } catch (NoSuchElementException e) {
            return "not_found: " + e.getMessage();
        } catch (SessionConflictException e) {
            return "conflict: " + e.getMessage();
        }
    }
}
