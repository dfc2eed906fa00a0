package org.aiverse.shell.internal;

import org.aiverse.session.api.AdapterSwitchboard;
import org.aiverse.session.api.AdapterSwitchboard.VersionHealth;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/** {@code aiverse:adapter-health}: per installed adapter version, its state, queue, p90, heartbeats and sessions. */
@Service
@Command(scope = "aiverse", name = "adapter-health", description = "Health of every installed adapter version")
public class AdapterHealthCommand implements Action {

    @Reference(optional = true)
    AdapterSwitchboard switchboard;

    @Override
    public Object execute() {
        if (switchboard == null) {
            return "Sessions are not running (feature aiverse-session).";
        }
        ShellTable table = new ShellTable();
        table.column("Adapter");
        table.column("Version");
        table.column("State");
        table.column("Queue depth");
        table.column("Execute p90 ms");
        table.column("Missed heartbeats");
        table.column("Sessions bound");
        table.column("Pinned");
        table.column("Refused");
        for (VersionHealth h : switchboard.health()) {
            table.addRow()
                    .addContent(
                            h.adapterId(),
                            h.version(),
                            h.state(),
                            h.queueDepth(),
                            String.format("%.1f", h.executeP90Ms()),
                            h.missedHeartbeats(),
                            h.sessions().size(),
                            h.pinned() ? "yes" : "",
                            h.refused() == null ? "" : h.refused());
        }
        table.print(System.out);
        return null;
    }
}
