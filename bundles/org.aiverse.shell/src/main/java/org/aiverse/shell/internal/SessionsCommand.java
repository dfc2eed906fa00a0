package org.aiverse.shell.internal;

import java.time.Instant;
import org.aiverse.session.api.SessionInfo;
import org.aiverse.session.api.SessionManager;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/** {@code aiverse:sessions}: every session this node knows, with its state, world, adapter and intent rate. */
@Service
@Command(scope = "aiverse", name = "sessions", description = "Lists sessions with their state, world and adapter")
public class SessionsCommand implements Action {

    @Reference(optional = true)
    SessionManager sessions;

    @Override
    public Object execute() {
        if (sessions == null) {
            return SessionCommands.UNAVAILABLE;
        }
        ShellTable table = new ShellTable();
        table.column("Session");
        table.column("State");
        table.column("Reason");
        table.column("Owner");
        table.column("World");
        table.column("Adapter");
        table.column("Mode");
        table.column("Intents/min");
        table.column("Since");
        for (SessionInfo s : sessions.list()) {
            table.addRow()
                    .addContent(
                            s.id(),
                            s.state().wire(),
                            s.reason() == null ? "-" : s.reason(),
                            s.ownerId(),
                            s.worldId(),
                            s.adapterId() + " " + s.adapterVersion(),
                            s.mode().wire(),
                            s.metrics().getOrDefault("intent_rate_per_min", 0),
                            Instant.ofEpochSecond(s.ts()).toString());
        }
        table.print(System.out);
        return null;
    }
}
