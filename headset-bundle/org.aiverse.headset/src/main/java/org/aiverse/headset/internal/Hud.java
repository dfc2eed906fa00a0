package org.aiverse.headset.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The overlay requests the headset shows now: one dialog, one caption, the emergency-stop overlay. A compositor
 * layer draws them where the runtime has one; headless, they are the state that {@code aiverse:xr-status} shows.
 */
final class Hud {

    private HeadsetCommand.Dialog dialog;
    private HeadsetCommand.Caption caption;
    private HeadsetCommand.StopOverlay stop = new HeadsetCommand.StopOverlay(false, null);

    synchronized void show(HeadsetCommand.Dialog d) {
        dialog = d;
    }

    synchronized void show(HeadsetCommand.Caption c) {
        caption = c;
    }

    synchronized void show(HeadsetCommand.StopOverlay s) {
        stop = s;
        if (s.shown()) {
            dialog = null; // seed 7.3 fallback actions: close dialogs
        }
    }

    synchronized void closeDialog(HeadsetCommand.Dialog d) {
        if (dialog == d) {
            dialog = null;
        }
    }

    synchronized void clearCaption(HeadsetCommand.Caption c) {
        if (caption == c) {
            caption = null;
        }
    }

    /** What is shown, for status and tests. */
    synchronized Map<String, Object> snapshot() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("dialog", dialog == null ? null : dialog.title());
        out.put("caption", caption == null ? null : caption.text());
        out.put("stop_overlay", stop.shown());
        return out;
    }
}
