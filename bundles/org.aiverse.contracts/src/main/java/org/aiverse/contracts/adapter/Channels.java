package org.aiverse.contracts.adapter;

import org.aiverse.contracts.Checks;

/**
 * The channels of a session in an Adapter Manifest (seed 3.3 {@code channels}, Frozen).
 *
 * @param ws the session WebSocket URL; optional
 * @param rtc the WebRTC voice channel; {@code null} when none
 */
public record Channels(String ws, String rtc) {

    /** Validates. */
    public Channels {
        Checks.optionalNonBlank(ws, "ws");
        Checks.optionalNonBlank(rtc, "rtc");
    }
}
