package org.aiverse.headset.internal.shell;

import java.util.Locale;
import org.aiverse.headset.internal.HeadsetMonitor;
import org.aiverse.headset.internal.XrStatusView;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code aiverse:xr-status}: the OpenXR runtime, system, session state and last head pose. */
@Service
@Command(
        scope = "aiverse",
        name = "xr-status",
        description = "Shows the OpenXR headset: runtime, system, session state, last pose")
public class XrStatusCommand implements Action {

    @Reference(optional = true)
    HeadsetMonitor headset;

    @Override
    public Object execute() {
        if (headset == null) {
            return "The headset adapter is not running (feature aiverse-headset).";
        }
        return XrStatusView.render(headset, Locale.ROOT);
    }
}
