package org.aiverse.policy.internal;

/**
 * The gate's live rate and cooldown counters, per owner and intent type. Every operation is a single atomic step
 * on one small value per key (a GCRA "theoretical arrival time" and a cooldown deadline), so a store shared by
 * several nodes (a Redis hash, a SQL row with compare-and-set) can implement it without cross-key transactions.
 * Times are nanoseconds on the gate's clock, which counts from the Unix epoch so that nodes sharing a store agree.
 */
interface CounterStore {

    /** {@link #check} result: {@link #tryAcquire} would succeed now. */
    long ALLOWED = Long.MIN_VALUE;

    /** {@link #check} result: no cooldown runs but the bucket is empty. */
    long RATE_LIMITED = Long.MAX_VALUE;

    /**
     * The rate check of one intent in one read: {@link #ALLOWED}, {@link #RATE_LIMITED}, or the end of the cooldown
     * running at {@code now} (a cooldown wins over the bucket). Changes nothing. A shared store answers it with one
     * round trip instead of the two of {@link #cooldownUntil} and {@link #wouldAcquire}.
     */
    default long check(String owner, String type, long now, RateSpec rate) {
        long cooldown = cooldownUntil(owner, type);
        if (cooldown > now) {
            return cooldown;
        }
        return wouldAcquire(owner, type, now, rate) ? ALLOWED : RATE_LIMITED;
    }

    /**
     * The rate check and the take of a token in one step, for an intent that passed every other check:
     * {@link #ALLOWED} with the token taken, or what {@link #check} answers ({@link #RATE_LIMITED}, the end of the
     * running cooldown) with nothing taken. A shared store answers it with one round trip instead of the two of
     * {@link #check} and {@link #tryAcquire}.
     */
    default long acquire(String owner, String type, long now, RateSpec rate) {
        long state = check(owner, type, now, rate);
        if (state != ALLOWED) {
            return state;
        }
        return tryAcquire(owner, type, now, rate) ? ALLOWED : RATE_LIMITED;
    }

    /** Returns whether {@link #tryAcquire} would succeed now, without changing anything. */
    boolean wouldAcquire(String owner, String type, long now, RateSpec rate);

    /** Takes one token of the owner's bucket for the type, atomically; returns whether it was available. */
    boolean tryAcquire(String owner, String type, long now, RateSpec rate);

    /** Gives back a token taken by {@link #tryAcquire} (the decision was blocked later in the same commit). */
    void release(String owner, String type, RateSpec rate);

    /** Returns the end of the cooldown of the owner's type, or {@code 0} when none was started. */
    long cooldownUntil(String owner, String type);

    /** Starts (or extends) a cooldown of the owner's type until {@code until}. */
    void startCooldown(String owner, String type, long until);

    /** Forgets entries that no longer constrain anything at {@code now}. */
    void sweep(long now);

    /** The cooldowns of one owner still running at {@code now}: type to end. */
    java.util.Map<String, Long> cooldowns(String owner, long now);
}
