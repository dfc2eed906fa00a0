package org.aiverse.headset.internal;

import java.util.Arrays;

/**
 * Counts pose percepts and keeps the latencies of the last few thousand: from the runtime's pose time (converted to
 * this JVM's monotonic clock) to the percept leaving the adapter.
 */
final class PoseMeter {

    private final long[] latencies = new long[4096];
    private int next;
    private int size;
    private long count;
    private long firstNanos;
    private long lastNanos;

    synchronized void record(long poseMonotonicNanos, long emittedNanos) {
        latencies[next] = emittedNanos - poseMonotonicNanos;
        next = (next + 1) % latencies.length;
        size = Math.min(size + 1, latencies.length);
        if (count++ == 0) {
            firstNanos = emittedNanos;
        }
        lastNanos = emittedNanos;
    }

    /** Pose percepts that left the adapter. */
    synchronized long count() {
        return count;
    }

    /** Percepts per second between the first and the last one. */
    synchronized double ratePerSecond() {
        return count < 2 ? 0 : (count - 1) * 1e9 / (lastNanos - firstNanos);
    }

    /** A latency percentile in microseconds over the recent window; 0 when empty. */
    synchronized double latencyMicros(double p) {
        if (size == 0) {
            return 0;
        }
        long[] s = Arrays.copyOf(latencies, size);
        Arrays.sort(s);
        int i = (int) Math.ceil(p * size) - 1;
        return s[Math.max(0, Math.min(size - 1, i))] / 1000.0;
    }

    synchronized void reset() {
        next = 0;
        size = 0;
        count = 0;
    }
}
