package org.aiverse.headset.internal;

import java.util.Map;
import java.util.Optional;

/** What the console shows of the headset (a service inside this bundle, for {@code aiverse:xr-status}). */
public interface HeadsetMonitor {

    XrStatus status();

    Optional<HeadPose> lastPose();

    Map<String, Object> hud();

    double poseRate();

    double latencyMicros(double percentile);

    int sessions();
}
