package org.aiverse.shell.internal;

import org.aiverse.session.api.SessionManager;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * {@code aiverse:stop <id>}: emergency stop (seed 7.3): new intents suppressed at once, in-flight actions
 * cancelled, the session's consent token revoked; then terminated, or paused with {@code --pause}.
 */
@Service
@Command(scope = "aiverse", name = "stop", description = "Emergency stop of a session (seed 7.3)")
public class StopCommand implements Action {

    @Reference(optional = true)
    SessionManager sessions;

    @Argument(index = 0, name = "id", description = "The session id", required = true)
    String id;

    @Option(name = "--pause", description = "Pause instead of terminating (resume then needs a fresh token)")
    boolean pause;

    @Override
    public Object execute() {
        if (sessions == null) {
            return SessionCommands.UNAVAILABLE;
        }
        return SessionCommands.run(() -> sessions.stop(id, "console", pause ? Boolean.TRUE : null));
    }
}
