package org.aiverse.core.internal;

/**
 * Tunables of the decision loops.
 *
 * @param awaitTimeoutMillis soft timeout of {@code await_env}: no result by then leads to {@code timeout}
 * @param backoffMillis first backoff after a rate block, cooldown or busy engine; doubles up to the maximum
 * @param maxBackoffMillis longest backoff
 * @param stepBudgetMicros soft budget of each step; a step over it is counted and logged at debug, never aborted
 * @param decisionBudgetMillis soft budget of the decision path (seed 3.2: 20 to 50 ms); also the dialogue budget
 * @param memoryThreshold salience from which a percept is written as a memory
 * @param retrieveTopK memories retrieved per decision
 * @param recordSpans whether each loop iteration's span is recorded in the session's chain
 * @param perceptMaxAgeMillis how long a percept may wait in its session's queue: an older one is stale and dropped
 *     unperceived when its turn comes (drop hint {@code old}); 0 keeps every percept until its turn
 */
public record LoopSettings(
        long awaitTimeoutMillis,
        long backoffMillis,
        long maxBackoffMillis,
        long stepBudgetMicros,
        long decisionBudgetMillis,
        double memoryThreshold,
        int retrieveTopK,
        boolean recordSpans,
        long perceptMaxAgeMillis) {

    /**
     * Defaults: 10 s await, 500 ms to 8 s backoff, 5 ms per step, 50 ms decision, memories from 0.4, top 5, percepts
     * stale after 2 s.
     */
    public static final LoopSettings DEFAULTS = new LoopSettings(10_000, 500, 8_000, 5_000, 50, 0.4, 5, true, 2_000);
}
