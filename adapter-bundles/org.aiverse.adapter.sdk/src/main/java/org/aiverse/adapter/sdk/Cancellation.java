package org.aiverse.adapter.sdk;

/**
 * Tells a running {@code perform} that its intent was cancelled (emergency stop, explicit cancel, dispose). An
 * adapter that can abort registers an abort action; one that cannot checks {@link #isCancelled()} before every
 * further side effect (seed 3.3 cancellation contract).
 */
public interface Cancellation {

    /** Whether the intent was cancelled. */
    boolean isCancelled();

    /** Runs {@code abort} once when the intent is cancelled (at once if it already is). */
    void onCancel(Runnable abort);
}
