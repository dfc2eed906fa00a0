package org.aiverse.recorder.api;

import java.nio.file.Path;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/** Retention, redaction, deletion and export of recordings (seed 7.4). */
@ProviderType
public interface RecordingAdmin {

    /** Records whose session it is: the subject that may play it back with a consent token. */
    void assignOwner(String sessionId, String subject);

    /**
     * Changes retention, pinning or legal hold. A legal hold change is recorded in the session's chain.
     *
     * @return the recording after the change
     * @throws java.util.NoSuchElementException when the session has no recording
     */
    RecordingInfo retention(String sessionId, RetentionSettings settings);

    /**
     * Redacts event payloads irreversibly. Each redacted event keeps its hash, links and an audit stub, and the
     * redaction itself is appended to the chain, which still verifies.
     *
     * @return one audit stub per redacted event
     * @throws IllegalStateException when a legal hold is in force
     */
    List<AuditStub> redact(String sessionId, RedactionRequest request);

    /**
     * Deletes a recording now (events, checkpoints, media), keeping a deletion stub.
     *
     * @throws IllegalStateException when a legal hold is in force
     */
    AuditStub delete(String sessionId, String reason);

    /** Deletes every recording past its retention that is neither pinned nor held; returns the stubs. */
    List<AuditStub> purgeExpired();

    /** The audit stubs of a session (redactions and deletion). */
    List<AuditStub> auditStubs(String sessionId);

    /** Writes an export bundle of a session into a directory and returns what it holds. */
    ExportResult export(String sessionId, Path directory);
}
