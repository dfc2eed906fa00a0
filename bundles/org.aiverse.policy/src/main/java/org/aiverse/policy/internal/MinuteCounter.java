package org.aiverse.policy.internal;

import java.util.concurrent.atomic.AtomicLongArray;

/** A count per minute over the last 60 seconds, in one-second buckets; lock-free. */
final class MinuteCounter {

    private static final int SECONDS = 60;

    private final AtomicLongArray counts = new AtomicLongArray(SECONDS);
    private final AtomicLongArray stamps = new AtomicLongArray(SECONDS);

    /** Counts one event at Unix second {@code second}. */
    void add(long second) {
        int i = (int) Math.floorMod(second, (long) SECONDS);
        long stamp = stamps.get(i);
        if (stamp != second) {
            synchronized (this) {
                if (stamps.get(i) != second) {
                    counts.set(i, 0);
                    stamps.set(i, second);
                }
            }
        }
        counts.incrementAndGet(i);
    }

    /** The events of the 60 seconds ending at {@code second}. */
    long lastMinute(long second) {
        long sum = 0;
        for (int i = 0; i < SECONDS; i++) {
            long stamp = stamps.get(i);
            if (stamp > second - SECONDS && stamp <= second) {
                sum += counts.get(i);
            }
        }
        return sum;
    }
}
