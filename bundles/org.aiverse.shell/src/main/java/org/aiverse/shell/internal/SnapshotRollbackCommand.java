package org.aiverse.shell.internal;

import java.util.NoSuchElementException;
import org.aiverse.core.api.learning.SnapshotProposals;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code aiverse:snapshot-rollback <snapshot> <version>}: restores an earlier version as a new version. */
@Service
@Command(
        scope = "aiverse",
        name = "snapshot-rollback",
        description = "Rolls a snapshot back: an earlier version's content becomes a new version")
public class SnapshotRollbackCommand implements Action {

    @Reference(optional = true)
    SnapshotProposals proposals;

    @Argument(index = 0, name = "snapshot", description = "Snapshot id", required = true)
    String snapshot;

    @Argument(index = 1, name = "version", description = "The version to restore", required = true)
    int version;

    @Override
    public Object execute() {
        if (proposals == null) {
            return "Not available: feature aiverse-core is not running.";
        }
        try {
            int created = proposals.rollback(snapshot, version);
            return "Rolled " + snapshot + " back to version " + version + " as version " + created;
        } catch (NoSuchElementException | IllegalStateException e) {
            return "Not rolled back: " + e.getMessage();
        }
    }
}
