package org.aiverse.shell.internal;

import org.aiverse.snapshot.api.SnapshotStore;
import org.aiverse.snapshot.api.SnapshotSummary;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/** {@code aiverse:snapshots}: every registered Personality Snapshot with its versions (never the memories). */
@Service
@Command(scope = "aiverse", name = "snapshots", description = "Lists registered Personality Snapshots")
public class SnapshotsCommand implements Action {

    @Reference(optional = true)
    SnapshotStore snapshots;

    @Override
    public Object execute() {
        if (snapshots == null) {
            return "Not available: feature aiverse-snapshot is not running.";
        }
        ShellTable table = new ShellTable();
        table.column("Id");
        table.column("Owner");
        table.column("Latest");
        table.column("Versions");
        table.column("Memories");
        table.column("Updated");
        for (SnapshotSummary s : snapshots.summaries()) {
            table.addRow()
                    .addContent(s.id(), s.ownerId(), s.latestVersion(), s.versions(), s.memories(), s.updatedAt());
        }
        table.print(System.out);
        return null;
    }
}
