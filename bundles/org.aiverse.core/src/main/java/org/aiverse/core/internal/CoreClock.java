package org.aiverse.core.internal;

/** The loop's clock, injectable for deterministic runs: a monotonic nanosecond clock and wall-clock seconds. */
public interface CoreClock {

    /** Monotonic nanoseconds, for latencies and budgets. */
    long nanos();

    /** Unix seconds, for timestamps. */
    long epochSeconds();

    /** The system clock. */
    CoreClock SYSTEM = new CoreClock() {
        @Override
        public long nanos() {
            return System.nanoTime();
        }

        @Override
        public long epochSeconds() {
            return System.currentTimeMillis() / 1000;
        }
    };
}
