package org.aiverse.shell.internal;

import java.nio.file.Path;
import org.aiverse.recorder.api.ExportResult;
import org.aiverse.recorder.api.RecordingAdmin;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * {@code aiverse:export <session> [directory]}: writes the session's export bundle (JSONL events, CSV metrics,
 * encrypted media, keys, a manifest with the sha256 of every file, signed) to a zip; verify it offline with
 * {@code scripts/verify-export.py}.
 */
@Service
@Command(scope = "aiverse", name = "export", description = "Exports a session recording as a verifiable bundle")
public class ExportCommand implements Action {

    @Reference(optional = true)
    RecordingAdmin admin;

    @Argument(index = 0, name = "session", description = "The session id", required = true)
    String session;

    @Argument(index = 1, name = "directory", description = "Where to write the zip (default data/exports)")
    String directory;

    @Override
    public Object execute() {
        if (admin == null) {
            return "Not available: feature aiverse-recorder is not running.";
        }
        Path dir =
                directory == null ? Path.of(System.getProperty("karaf.data", "data"), "exports") : Path.of(directory);
        ExportResult r = admin.export(session, dir);
        return "exported " + r.events() + " events, " + r.checkpoints() + " checkpoints, " + r.media() + " media to "
                + r.file().toAbsolutePath() + " (manifest sha256 " + r.manifestSha256() + ")";
    }
}
