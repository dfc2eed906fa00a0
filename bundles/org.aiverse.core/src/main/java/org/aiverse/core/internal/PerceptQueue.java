package org.aiverse.core.internal;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import org.aiverse.contracts.api.BackpressureLevel;
import org.aiverse.contracts.api.BackpressurePayload;
import org.aiverse.contracts.api.DropHint;
import org.aiverse.contracts.percept.Percept;
import org.aiverse.core.api.CoreSession;

/**
 * The bounded percept queue of one session (seed 3.2 backpressure, seed 5.4): FIFO; a percept whose type, source and
 * payload equal a queued one's is merged into it (the queued one keeps its place and takes the newer time); when
 * full, a newcomer displaces the oldest queued percept of lower priority, or is dropped. Priorities: {@code chat}
 * and {@code system} high, {@code world_state} medium, {@code proximity}, {@code gesture} and {@code audio} low.
 * Backpressure: {@code none} below half the capacity, {@code soft} (drop hint {@code duplicate}) from half,
 * {@code hard} (drop hint {@code low_priority}) from 90 %. Thread-safe.
 *
 * <p>Freshness: with a maximum age, a percept that waited longer than it (since it was queued, or since a duplicate
 * last refreshed it) is stale when its turn comes: the world has moved on, and a decision on it would answer the
 * past. {@link #poll} drops stale percepts unperceived and counts them as dropped; while it does, a hard
 * backpressure carries the drop hint {@code old}. Under overload this keeps the loop on what is happening now,
 * instead of working through a queue of depth × decision time (a 100-deep queue at one decision a second is 100 s
 * behind). A percept ages only while the loop could take it: not while the loop is {@linkplain #hold held} by the
 * world (its intent being performed, a reply being generated, a backoff). A user who speaks while the AI's three
 * seconds of speech play is answered once it ends, not dropped as stale.
 */
final class PerceptQueue {

    /**
     * A queued percept with the traceparent it came with, and when it was queued (or last refreshed) on the
     * queue's {@linkplain #agingClock aging clock}.
     */
    record Entry(Percept percept, String traceparent, int priority, int merged, long queuedNanos) {}

    private final int capacity;
    private final long maxAgeNanos;
    private final LongSupplier nanos;
    private long expired;
    /** Whether the last poll found stale percepts: then a hard backpressure says {@code old}. */
    private boolean expiring;
    /** Time the queue was held, up to {@link #heldSince}. */
    private long heldNanos;
    /** When the current hold began, or -1 when not held. */
    private long heldSince = -1;

    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>();
    private long merged;
    private long dropped;
    /** Queued entries by priority: a full queue looks for a victim only when one of lower priority is there. */
    private final int[] byPriority = new int[3];

    /**
     * @param maxAgeNanos how long a percept may wait; 0 keeps every percept until its turn
     * @param nanos the monotonic clock the ages are measured on
     */
    PerceptQueue(int capacity, long maxAgeNanos, LongSupplier nanos) {
        this.capacity = capacity;
        this.maxAgeNanos = maxAgeNanos;
        this.nanos = nanos;
    }

    static int priority(Percept p) {
        switch (p.type()) {
            case CHAT:
            case SYSTEM:
                return 2;
            case WORLD_STATE:
                return 1;
            default:
                return 0;
        }
    }

    synchronized CoreSession.Outcome offer(Percept p, String traceparent) {
        String key = PerceptualAdapter.key(p);
        Entry queued = entries.get(key);
        if (queued != null) {
            Percept newer = p.ts() >= queued.percept().ts() ? p : queued.percept();
            entries.put(
                    key, new Entry(newer, queued.traceparent(), queued.priority(), queued.merged() + 1, agingClock()));
            merged++;
            return CoreSession.Outcome.MERGED;
        }
        int priority = priority(p);
        if (entries.size() >= capacity) {
            String victim = null;
            int lowest = priority;
            boolean lower = false;
            for (int i = 0; i < priority; i++) {
                lower |= byPriority[i] > 0;
            }
            // full of percepts as important as this one (a chat flood): dropped without scanning the queue
            if (lower) {
                for (Map.Entry<String, Entry> e : entries.entrySet()) {
                    if (e.getValue().priority() < lowest) {
                        lowest = e.getValue().priority();
                        victim = e.getKey();
                        if (lowest == 0) {
                            break;
                        }
                    }
                }
            }
            dropped++;
            if (victim == null) {
                return CoreSession.Outcome.DROPPED;
            }
            byPriority[entries.remove(victim).priority()]--;
        }
        entries.put(key, new Entry(p, traceparent, priority, 0, agingClock()));
        byPriority[priority]++;
        return CoreSession.Outcome.ACCEPTED;
    }

    /**
     * Holds the queue's percepts from aging (the loop waits for the world, not for the platform) or lets them age
     * again. Idempotent.
     */
    synchronized void hold(boolean held) {
        if (held == heldSince >= 0) {
            return;
        }
        long now = nanos.getAsLong();
        if (held) {
            heldSince = now;
        } else {
            heldNanos += now - heldSince;
            heldSince = -1;
        }
    }

    /** The monotonic clock less the time the queue was held: percepts age on it. */
    private long agingClock() {
        long now = nanos.getAsLong();
        return now - heldNanos - (heldSince >= 0 ? now - heldSince : 0);
    }

    /** The oldest fresh percept, or null; stale ones before it are dropped. */
    synchronized Entry poll() {
        long now = maxAgeNanos > 0 ? agingClock() : 0;
        boolean stale = false;
        Iterator<Entry> it = entries.values().iterator();
        while (it.hasNext()) {
            Entry e = it.next();
            it.remove();
            byPriority[e.priority()]--;
            if (maxAgeNanos > 0 && now - e.queuedNanos() > maxAgeNanos) {
                stale = true;
                expired++;
                dropped++;
                continue;
            }
            expiring = stale;
            return e;
        }
        expiring = stale;
        return null;
    }

    synchronized boolean isEmpty() {
        return entries.isEmpty();
    }

    synchronized int size() {
        return entries.size();
    }

    synchronized void clear() {
        entries.clear();
        java.util.Arrays.fill(byPriority, 0);
    }

    synchronized long mergedCount() {
        return merged;
    }

    /** Percepts dropped: by a full queue, or stale when their turn came. */
    synchronized long droppedCount() {
        return dropped;
    }

    /** Of the dropped percepts, those that were stale when their turn came. */
    synchronized long expiredCount() {
        return expired;
    }

    synchronized BackpressurePayload backpressure() {
        int depth = entries.size();
        if (depth * 10 >= capacity * 9) {
            return new BackpressurePayload(
                    BackpressureLevel.HARD, depth, expiring ? DropHint.OLD : DropHint.LOW_PRIORITY);
        }
        if (depth * 2 >= capacity) {
            return new BackpressurePayload(BackpressureLevel.SOFT, depth, DropHint.DUPLICATE);
        }
        return new BackpressurePayload(BackpressureLevel.NONE, depth, null);
    }
}
