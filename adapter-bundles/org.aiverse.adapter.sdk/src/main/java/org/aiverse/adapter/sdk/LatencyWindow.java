package org.aiverse.adapter.sdk;

import java.util.Arrays;

/** The last few hundred durations, for percentiles (translate and execute timings, seed 3.3 telemetry). */
final class LatencyWindow {

    private final long[] samples;
    private int next;
    private int size;

    LatencyWindow(int capacity) {
        this.samples = new long[capacity];
    }

    synchronized void add(long nanos) {
        samples[next] = nanos;
        next = (next + 1) % samples.length;
        if (size < samples.length) {
            size++;
        }
    }

    /** The percentile in milliseconds; 0 when nothing was measured. */
    synchronized double percentileMillis(double p) {
        if (size == 0) {
            return 0;
        }
        long[] sorted = Arrays.copyOf(samples, size);
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p * size) - 1;
        return sorted[Math.max(0, Math.min(size - 1, index))] / 1_000_000.0;
    }

    synchronized int count() {
        return size;
    }
}
