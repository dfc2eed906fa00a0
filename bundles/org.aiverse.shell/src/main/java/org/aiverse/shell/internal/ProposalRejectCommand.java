package org.aiverse.shell.internal;

import java.util.NoSuchElementException;
import org.aiverse.core.api.learning.SnapshotProposals;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code aiverse:proposal-reject <snapshot> <proposal>}: discards a pending proposal. */
@Service
@Command(scope = "aiverse", name = "proposal-reject", description = "Rejects a learning update")
public class ProposalRejectCommand implements Action {

    @Reference(optional = true)
    SnapshotProposals proposals;

    @Argument(index = 0, name = "snapshot", description = "Snapshot id", required = true)
    String snapshot;

    @Argument(index = 1, name = "proposal", description = "Proposal id", required = true)
    String proposal;

    @Override
    public Object execute() {
        if (proposals == null) {
            return "Not available: feature aiverse-core is not running.";
        }
        try {
            return "Rejected " + proposals.reject(snapshot, proposal).id();
        } catch (NoSuchElementException | IllegalStateException e) {
            return "Not rejected: " + e.getMessage();
        }
    }
}
