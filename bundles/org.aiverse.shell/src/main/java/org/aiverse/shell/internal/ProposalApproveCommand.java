package org.aiverse.shell.internal;

import java.util.NoSuchElementException;
import org.aiverse.core.api.learning.Proposal;
import org.aiverse.core.api.learning.SnapshotProposals;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code aiverse:proposal-approve <snapshot> <proposal>}: applies a pending proposal as a new snapshot version. */
@Service
@Command(scope = "aiverse", name = "proposal-approve", description = "Approves a learning update: a new version")
public class ProposalApproveCommand implements Action {

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
            Proposal p = proposals.approve(snapshot, proposal);
            return "Approved " + p.id() + ": snapshot " + snapshot + " is now at version " + p.resultVersion();
        } catch (NoSuchElementException | IllegalStateException e) {
            return "Not approved: " + e.getMessage();
        }
    }
}
