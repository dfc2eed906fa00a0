package org.aiverse.shell.internal;

import org.aiverse.contracts.api.TerminationReason;
import org.aiverse.session.api.SessionManager;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code aiverse:terminate <id>}: terminates a session (seed 5.3, hook onTerminate). */
@Service
@Command(scope = "aiverse", name = "terminate", description = "Terminates a session")
public class TerminateCommand implements Action {

    @Reference(optional = true)
    SessionManager sessions;

    @Argument(index = 0, name = "id", description = "The session id", required = true)
    String id;

    @Option(name = "--reason", description = "user_request (default), policy_violation, timeout or error")
    String reason = "user_request";

    @Override
    public Object execute() {
        if (sessions == null) {
            return SessionCommands.UNAVAILABLE;
        }
        TerminationReason why = TerminationReason.fromWire(reason);
        return SessionCommands.run(() -> sessions.terminate(id, why));
    }
}
