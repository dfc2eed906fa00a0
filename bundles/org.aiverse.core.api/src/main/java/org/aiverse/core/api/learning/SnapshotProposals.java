package org.aiverse.core.api.learning;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/** The owner's side of the learning updater: list, approve, reject, roll back. */
@ProviderType
public interface SnapshotProposals {

    /** Returns the proposals of a snapshot, newest first. */
    List<Proposal> list(String snapshotId);

    /** Returns one proposal. */
    Optional<Proposal> get(String proposalId);

    /**
     * Approves a pending proposal: its diff applied to the snapshot's latest version becomes a new version.
     *
     * @return the approved proposal, with {@code result_version}
     * @throws java.util.NoSuchElementException when there is no such proposal for the snapshot
     * @throws IllegalStateException when it is not pending
     */
    Proposal approve(String snapshotId, String proposalId);

    /**
     * Rejects a pending proposal.
     *
     * @return the rejected proposal
     * @throws java.util.NoSuchElementException when there is no such proposal for the snapshot
     * @throws IllegalStateException when it is not pending
     */
    Proposal reject(String snapshotId, String proposalId);

    /**
     * Rolls a snapshot back to an earlier version: that version's content becomes a new version (versions are never
     * overwritten).
     *
     * @param snapshotId the snapshot
     * @param version the earlier version to restore
     * @return the number of the new version
     * @throws java.util.NoSuchElementException when the snapshot or the version does not exist
     */
    int rollback(String snapshotId, int version);
}
