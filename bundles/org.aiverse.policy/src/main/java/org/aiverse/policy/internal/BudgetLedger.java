package org.aiverse.policy.internal;

import java.math.BigDecimal;

/**
 * What each owner's purchases spent per budget day (UTC epoch day). {@link #trySpend} is the one atomic
 * check-and-add, so the daily cap holds under concurrency and, with a shared database, across nodes.
 */
interface BudgetLedger {

    /** Returns what the owner spent on the day ({@code 0} when nothing). Never changes anything. */
    BigDecimal spent(String owner, long day);

    /**
     * Adds {@code amount} to the owner's day if the total stays within {@code dailyCap}, atomically.
     *
     * @param dailyCap the cap, or {@code null} for none
     * @return whether the amount was added
     */
    boolean trySpend(String owner, long day, BigDecimal amount, BigDecimal dailyCap);

    /** Forgets cached days before {@code day} (the persistent record stays). */
    default void sweep(long day) {}
}
