package org.aiverse.policy.internal;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The node-local {@link CounterStore}: lock-free compare-and-set on one {@link AtomicLong} per owner and type.
 * Reads ({@link #wouldAcquire}, {@link #cooldownUntil}) never create entries, so dry-runs leave no trace.
 */
final class InMemoryCounterStore implements CounterStore {

    private static final class Cell {
        final AtomicLong tat = new AtomicLong(Long.MIN_VALUE / 4);
        final AtomicLong cooldownUntil = new AtomicLong();
    }

    private final ConcurrentHashMap<String, ConcurrentHashMap<String, Cell>> owners = new ConcurrentHashMap<>();

    private Cell peek(String owner, String type) {
        ConcurrentHashMap<String, Cell> cells = owners.get(owner);
        return cells == null ? null : cells.get(type);
    }

    private Cell cell(String owner, String type) {
        Cell c = peek(owner, type);
        if (c != null) {
            return c;
        }
        return owners.computeIfAbsent(owner, o -> new ConcurrentHashMap<>()).computeIfAbsent(type, t -> new Cell());
    }

    @Override
    public boolean wouldAcquire(String owner, String type, long now, RateSpec rate) {
        Cell c = peek(owner, type);
        return rate.conforms(c == null ? Long.MIN_VALUE / 4 : c.tat.get(), now);
    }

    @Override
    public boolean tryAcquire(String owner, String type, long now, RateSpec rate) {
        AtomicLong tat = cell(owner, type).tat;
        while (true) {
            long current = tat.get();
            if (!rate.conforms(current, now)) {
                return false;
            }
            if (tat.compareAndSet(current, rate.next(current, now))) {
                return true;
            }
        }
    }

    @Override
    public void release(String owner, String type, RateSpec rate) {
        Cell c = peek(owner, type);
        if (c != null) {
            c.tat.addAndGet(-rate.interval());
        }
    }

    @Override
    public long cooldownUntil(String owner, String type) {
        Cell c = peek(owner, type);
        return c == null ? 0 : c.cooldownUntil.get();
    }

    @Override
    public void startCooldown(String owner, String type, long until) {
        cell(owner, type).cooldownUntil.accumulateAndGet(until, Math::max);
    }

    @Override
    public void sweep(long now) {
        owners.forEach((owner, cells) -> {
            cells.entrySet()
                    .removeIf(e -> e.getValue().tat.get() <= now
                            && e.getValue().cooldownUntil.get() <= now);
            if (cells.isEmpty()) {
                owners.remove(owner, cells);
            }
        });
    }

    @Override
    public Map<String, Long> cooldowns(String owner, long now) {
        Map<String, Long> out = new TreeMap<>();
        ConcurrentHashMap<String, Cell> cells = owners.get(owner);
        if (cells != null) {
            cells.forEach((type, c) -> {
                long until = c.cooldownUntil.get();
                if (until > now) {
                    out.put(type, until);
                }
            });
        }
        return out;
    }
}
