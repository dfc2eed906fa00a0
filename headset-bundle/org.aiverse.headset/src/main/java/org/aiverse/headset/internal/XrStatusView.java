package org.aiverse.headset.internal;

import java.util.Locale;

/** The text of {@code aiverse:xr-status}. */
public final class XrStatusView {

    private XrStatusView() {}

    public static String render(HeadsetMonitor m, Locale locale) {
        XrStatus s = m.status();
        StringBuilder b = new StringBuilder();
        line(b, "Health", s.health().wire() + (s.reason() == null ? "" : " (" + s.reason() + ")"));
        line(b, "Runtime", s.runtime() == null ? "-" : s.runtime());
        line(
                b,
                "System",
                s.system() == null
                        ? "-"
                        : s.system() + " (orientation " + (s.orientationTracking() ? "tracked" : "not tracked")
                                + ", position " + (s.positionTracking() ? "tracked" : "not tracked") + ")");
        line(b, "Mode", s.runtime() == null ? "-" : (s.headless() ? "headless (XR_MND_headless)" : "graphics"));
        line(b, "Session state", s.sessionState());
        line(b, "Space", s.space() == null ? "-" : s.space());
        line(
                b,
                "Controllers",
                s.interactionProfiles().isEmpty() ? "none bound" : String.join(", ", s.interactionProfiles()));
        line(
                b,
                "Capabilities",
                s.capabilities().isEmpty() ? "none" : String.join(",", new java.util.TreeSet<>(s.capabilities())));
        line(
                b,
                "Frame period",
                s.displayPeriodNanos() == 0 ? "-" : String.format(locale, "%.2f ms", s.displayPeriodNanos() / 1e6));
        line(
                b,
                "Last pose",
                m.lastPose()
                        .map(p -> String.format(
                                locale,
                                "position (%.3f, %.3f, %.3f) orientation (%.3f, %.3f, %.3f, %.3f) flags 0x%x in %s",
                                p.px(),
                                p.py(),
                                p.pz(),
                                p.qx(),
                                p.qy(),
                                p.qz(),
                                p.qw(),
                                p.flags(),
                                p.space()))
                        .orElse("-"));
        line(b, "Sessions", Integer.toString(m.sessions()));
        line(
                b,
                "Pose percepts",
                String.format(
                        locale,
                        "%.1f/s, latency p50 %.0f us, p99 %.0f us",
                        m.poseRate(),
                        m.latencyMicros(0.5),
                        m.latencyMicros(0.99)));
        line(b, "HUD", m.hud().toString());
        return b.toString();
    }

    private static void line(StringBuilder b, String key, String value) {
        b.append(String.format(Locale.ROOT, "%-15s %s%n", key + ":", value));
    }
}
