package org.aiverse.session.internal;

import java.util.concurrent.TimeUnit;

/**
 * The stream's timings (seed 5.4: acks, heartbeats, the resume window), read from {@link SessionConfig} once when
 * the service starts. The session clock consults them for every participant ten times a second and the socket
 * threads for every frame; a DS configuration proxy answers each call reflectively (2.4% of the platform's CPU at
 * 1,000 sessions in a profile), a record from a field.
 *
 * @param ackEvery acknowledge at least every this many frames
 * @param ackMillis or at least this often while frames are unacknowledged
 * @param heartbeatNanos a heartbeat after this much silence
 * @param heartbeatMisses disconnect after this many heartbeats without a word from the client
 * @param resumeNanos how long a detached participant may come back and resume
 */
record StreamClock(int ackEvery, long ackMillis, long heartbeatNanos, int heartbeatMisses, long resumeNanos) {

    static StreamClock of(SessionConfig config) {
        return new StreamClock(
                config.ackEvery(),
                config.ackMillis(),
                TimeUnit.MILLISECONDS.toNanos(config.heartbeatMillis()),
                config.heartbeatMisses(),
                TimeUnit.SECONDS.toNanos(config.resumeWindowSeconds()));
    }
}
