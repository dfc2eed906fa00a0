package org.aiverse.shell.internal;

import java.time.Instant;
import org.aiverse.recorder.api.RecordingInfo;
import org.aiverse.recorder.api.RecordingQuery;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/** {@code aiverse:recordings}: every session recording with its size, retention, pin and legal hold. */
@Service
@Command(scope = "aiverse", name = "recordings", description = "Lists session recordings and their retention")
public class RecordingsCommand implements Action {

    @Reference(optional = true)
    RecordingQuery recordings;

    @Override
    public Object execute() {
        if (recordings == null) {
            return "Not available: feature aiverse-recorder is not running.";
        }
        ShellTable table = new ShellTable();
        table.column("Session");
        table.column("Events");
        table.column("Checkpoints");
        table.column("Last event");
        table.column("Retention");
        table.column("Pinned");
        table.column("Legal hold");
        table.column("Expires");
        table.column("Owner");
        for (RecordingInfo r : recordings.recordings()) {
            table.addRow()
                    .addContent(
                            r.sessionId(),
                            r.events(),
                            r.checkpoints(),
                            r.lastTs() == 0
                                    ? "-"
                                    : Instant.ofEpochSecond(r.lastTs()).toString(),
                            r.retentionDays() + " d",
                            r.pinned() ? "yes" : "no",
                            r.legalHold() ? "yes" : "no",
                            r.expiresAt() == null
                                    ? "never"
                                    : Instant.ofEpochSecond(r.expiresAt()).toString(),
                            r.owner() == null ? "-" : r.owner());
        }
        table.print(System.out);
        return null;
    }
}
