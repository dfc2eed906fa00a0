package org.aiverse.policy.internal;

import java.math.BigDecimal;
import java.util.concurrent.ConcurrentHashMap;

/** A node-local {@link BudgetLedger} that forgets everything on restart: for tests and benchmarks only. */
final class InMemoryBudgetLedger implements BudgetLedger {

    private record Key(String owner, long day) {}

    private final ConcurrentHashMap<Key, BigDecimal> spent = new ConcurrentHashMap<>();

    @Override
    public BigDecimal spent(String owner, long day) {
        return spent.getOrDefault(new Key(owner, day), BigDecimal.ZERO);
    }

    @Override
    public boolean trySpend(String owner, long day, BigDecimal amount, BigDecimal dailyCap) {
        boolean[] ok = new boolean[1];
        spent.compute(new Key(owner, day), (k, current) -> {
            BigDecimal now = current == null ? BigDecimal.ZERO : current;
            BigDecimal next = now.add(amount);
            if (dailyCap != null && next.compareTo(dailyCap) > 0) {
                return current;
            }
            ok[0] = true;
            return next;
        });
        return ok[0];
    }

    @Override
    public void sweep(long day) {
        spent.keySet().removeIf(k -> k.day() < day);
    }
}
