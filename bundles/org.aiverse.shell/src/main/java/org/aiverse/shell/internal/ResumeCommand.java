package org.aiverse.shell.internal;

import org.aiverse.session.api.SessionManager;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * {@code aiverse:resume <id>}: resumes a paused session (seed 5.3, hook onResume). A session paused by an
 * emergency stop resumes only with the user's fresh token (seed 7.3), never from the console.
 */
@Service
@Command(scope = "aiverse", name = "resume", description = "Resumes a paused session")
public class ResumeCommand implements Action {

    @Reference(optional = true)
    SessionManager sessions;

    @Argument(index = 0, name = "id", description = "The session id", required = true)
    String id;

    @Override
    public Object execute() {
        return sessions == null ? SessionCommands.UNAVAILABLE : SessionCommands.run(() -> sessions.resume(id, null));
    }
}
