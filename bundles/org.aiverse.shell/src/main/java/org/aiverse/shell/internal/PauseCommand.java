package org.aiverse.shell.internal;

import org.aiverse.session.api.SessionManager;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code aiverse:pause <id>}: pauses a running session (seed 5.3, hook onPause). */
@Service
@Command(scope = "aiverse", name = "pause", description = "Pauses a running session")
public class PauseCommand implements Action {

    @Reference(optional = true)
    SessionManager sessions;

    @Argument(index = 0, name = "id", description = "The session id", required = true)
    String id;

    @Option(name = "--reason", description = "Why, for the record")
    String reason = "operator";

    @Override
    public Object execute() {
        return sessions == null ? SessionCommands.UNAVAILABLE : SessionCommands.run(() -> sessions.pause(id, reason));
    }
}
