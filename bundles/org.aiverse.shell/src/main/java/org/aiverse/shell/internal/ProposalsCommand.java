package org.aiverse.shell.internal;

import org.aiverse.core.api.learning.Proposal;
import org.aiverse.core.api.learning.SnapshotProposals;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/** {@code aiverse:proposals <snapshot>}: the learning updates the Core proposed for a snapshot, newest first. */
@Service
@Command(scope = "aiverse", name = "proposals", description = "Lists the learning updates proposed for a snapshot")
public class ProposalsCommand implements Action {

    @Reference(optional = true)
    SnapshotProposals proposals;

    @Argument(index = 0, name = "snapshot", description = "Snapshot id", required = true)
    String snapshot;

    @Override
    public Object execute() {
        if (proposals == null) {
            return "Not available: feature aiverse-core is not running.";
        }
        ShellTable table = new ShellTable();
        table.column("Id");
        table.column("Status");
        table.column("Session");
        table.column("Base");
        table.column("Result");
        table.column("New memories");
        table.column("Salience changes");
        table.column("Created");
        for (Proposal p : proposals.list(snapshot)) {
            table.addRow()
                    .addContent(
                            p.id(),
                            p.status(),
                            p.sessionId(),
                            p.baseVersion(),
                            p.resultVersion() == null ? "" : p.resultVersion(),
                            p.added().size(),
                            p.salience().size(),
                            p.createdAt());
        }
        table.print(System.out);
        return null;
    }
}
