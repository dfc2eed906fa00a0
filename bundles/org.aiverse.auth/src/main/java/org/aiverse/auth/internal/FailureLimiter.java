package org.aiverse.auth.internal;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts failed validations per bucket ({@code sub:<user>} or {@code client:<address>}) in one-minute windows; a
 * bucket at its limit is answered {@code 429 rate_limited} until the window ends. Bounded: old windows are dropped.
 */
final class FailureLimiter {

    private static final int MAX_BUCKETS = 100_000;

    private final int limit;
    private final ConcurrentHashMap<String, long[]> windows = new ConcurrentHashMap<>();

    FailureLimiter(int limit) {
        this.limit = limit;
    }

    /** Whether the bucket has reached its limit in the current minute. */
    boolean limited(String bucket, long nowSeconds) {
        long[] w = windows.get(bucket);
        if (w == null) {
            return false;
        }
        synchronized (w) {
            return w[0] == nowSeconds / 60 && w[1] >= limit;
        }
    }

    /** Counts one failure. */
    void fail(String bucket, long nowSeconds) {
        long minute = nowSeconds / 60;
        if (windows.size() > MAX_BUCKETS) {
            windows.entrySet().removeIf(e -> e.getValue()[0] < minute);
        }
        long[] w = windows.computeIfAbsent(bucket, b -> new long[] {minute, 0});
        synchronized (w) {
            if (w[0] != minute) {
                w[0] = minute;
                w[1] = 0;
            }
            w[1]++;
        }
    }
}
