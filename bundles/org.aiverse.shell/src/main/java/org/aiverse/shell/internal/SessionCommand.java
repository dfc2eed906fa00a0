package org.aiverse.shell.internal;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.aiverse.session.api.SessionInfo;
import org.aiverse.session.api.SessionManager;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code aiverse:session <id>}: one session's state and metrics (seed 5.3 GET state, seed 8.1 metrics). */
@Service
@Command(scope = "aiverse", name = "session", description = "Shows a session's state and metrics")
public class SessionCommand implements Action {

    @Reference(optional = true)
    SessionManager sessions;

    @Argument(index = 0, name = "id", description = "The session id", required = true)
    String id;

    @Override
    public Object execute() {
        if (sessions == null) {
            return SessionCommands.UNAVAILABLE;
        }
        SessionInfo s = sessions.find(id).orElse(null);
        if (s == null) {
            return "No session " + id;
        }
        StringBuilder out = new StringBuilder();
        line(out, "Session", s.id());
        line(out, "State", s.state().wire() + (s.reason() == null ? "" : " (" + s.reason() + ")"));
        line(out, "Since", Instant.ofEpochSecond(s.ts()).toString());
        line(out, "Owner", s.ownerId() + " (consent " + s.consentSessionId() + ")");
        line(out, "Snapshot", s.snapshotId());
        line(out, "World", s.worldId() + " on " + s.adapterId() + " " + s.adapterVersion());
        line(out, "Mode", s.mode().wire());
        line(out, "Capabilities", String.join(", ", s.capabilities()));
        line(out, "Voice", s.rtcParticipants().isEmpty() ? "-" : String.join(", ", s.rtcParticipants()));
        line(out, "Stopped", s.stopped() ? "yes (resume needs a fresh token)" : "no");
        for (Map.Entry<String, Object> m : new TreeMap<>(s.metrics()).entrySet()) {
            line(out, "  " + m.getKey(), String.valueOf(m.getValue()));
        }
        return out.toString();
    }

    private static void line(StringBuilder out, String key, String value) {
        out.append(String.format("%-24s %s%n", key, value));
    }
}
