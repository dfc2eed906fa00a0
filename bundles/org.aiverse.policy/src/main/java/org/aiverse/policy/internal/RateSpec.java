package org.aiverse.policy.internal;

import org.aiverse.contracts.policy.RateLimit;

/**
 * A rate limit compiled for the generic cell rate algorithm (GCRA, a token bucket kept as one timestamp):
 * {@code per_min} tokens per minute, at most {@code burst} at once (default {@code per_min}).
 *
 * @param perMin tokens per minute; 0 allows nothing
 * @param burst bucket size
 * @param interval nanoseconds per token
 * @param tolerance {@code burst * interval}: how far the theoretical arrival time may run ahead of now
 */
record RateSpec(int perMin, int burst, long interval, long tolerance) {

    private static final long MINUTE_NANOS = 60_000_000_000L;

    static RateSpec of(RateLimit limit) {
        int perMin = limit.perMin();
        int burst = limit.burst() != null ? limit.burst() : Math.max(1, perMin);
        if (perMin == 0) {
            return new RateSpec(0, burst, Long.MAX_VALUE / 4, 0);
        }
        long interval = Math.max(1, MINUTE_NANOS / perMin);
        long tolerance = interval > (Long.MAX_VALUE / 4) / burst ? Long.MAX_VALUE / 4 : interval * burst;
        return new RateSpec(perMin, burst, interval, tolerance);
    }

    /** Whether a request at {@code now} conforms, given the key's theoretical arrival time {@code tat}. */
    boolean conforms(long tat, long now) {
        return perMin > 0 && Math.max(tat, now) + interval - now <= tolerance;
    }

    /** The theoretical arrival time after a conforming request. */
    long next(long tat, long now) {
        return Math.max(tat, now) + interval;
    }
}
