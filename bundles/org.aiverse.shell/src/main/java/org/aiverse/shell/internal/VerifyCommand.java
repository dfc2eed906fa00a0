package org.aiverse.shell.internal;

import org.aiverse.contracts.api.ChainVerification;
import org.aiverse.recorder.api.RecordingQuery;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * {@code aiverse:verify <session>}: recomputes the session's hash chain and checks its signed checkpoints;
 * prints ok with the count, or the first bad seq and why.
 */
@Service
@Command(scope = "aiverse", name = "verify", description = "Verifies a session recording's hash chain")
public class VerifyCommand implements Action {

    @Reference(optional = true)
    RecordingQuery recordings;

    @Argument(index = 0, name = "session", description = "The session id", required = true)
    String session;

    @Override
    public Object execute() {
        if (recordings == null) {
            return "Not available: feature aiverse-recorder is not running.";
        }
        if (recordings.recording(session).isEmpty()) {
            return "no recording of session " + session;
        }
        long start = System.nanoTime();
        ChainVerification v = recordings.verify(session);
        long ms = (System.nanoTime() - start) / 1_000_000;
        if (v.ok()) {
            return "ok: " + v.verified() + " events verified in " + ms + " ms";
        }
        return "FAILED at seq " + v.firstBadSeq() + ": " + v.reason() + " (" + v.verified()
                + " events verified before it)";
    }
}
