package org.aiverse.policy.internal;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import javax.sql.DataSource;

/**
 * The {@link BudgetLedger} in the platform database (table {@code policy_budget}, migration module
 * {@code policy}), so a restart keeps today's spend. The check-and-add is one conditional {@code UPDATE}
 * ({@code spent + amount <= cap}), atomic in the database, so nodes sharing the database share the cap. Reads
 * are served from a cache filled from the database on first use and updated after each committed spend.
 */
final class JdbcBudgetLedger implements BudgetLedger {

    private record Key(String owner, long day) {}

    private static final String SELECT = "SELECT spent FROM policy_budget WHERE owner_id = ? AND budget_day = ?";
    private static final String ADD_CAPPED = "UPDATE policy_budget SET spent = spent + ?, updated_at = ?"
            + " WHERE owner_id = ? AND budget_day = ? AND spent + ? <= ?";
    private static final String ADD =
            "UPDATE policy_budget SET spent = spent + ?, updated_at = ?" + " WHERE owner_id = ? AND budget_day = ?";
    private static final String INSERT =
            "INSERT INTO policy_budget (owner_id, budget_day, spent, updated_at) VALUES (?, ?, ?, ?)";

    private final DataSource dataSource;
    private final LongSupplier epochSeconds;
    private final ConcurrentHashMap<Key, BigDecimal> cache = new ConcurrentHashMap<>();

    JdbcBudgetLedger(DataSource dataSource, LongSupplier epochSeconds) {
        this.dataSource = dataSource;
        this.epochSeconds = epochSeconds;
    }

    @Override
    public BigDecimal spent(String owner, long day) {
        Key key = new Key(owner, day);
        BigDecimal cached = cache.get(key);
        if (cached != null) {
            return cached;
        }
        try (Connection c = dataSource.getConnection()) {
            BigDecimal stored = select(c, owner, day);
            BigDecimal value = stored == null ? BigDecimal.ZERO : stored;
            cache.putIfAbsent(key, value);
            return value;
        } catch (SQLException e) {
            throw new IllegalStateException("budget ledger unavailable: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean trySpend(String owner, long day, BigDecimal amount, BigDecimal dailyCap) {
        Key key = new Key(owner, day);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            for (int attempt = 0; attempt < 3; attempt++) {
                if (add(c, owner, day, amount, dailyCap) == 1) {
                    cache.put(key, select(c, owner, day));
                    return true;
                }
                BigDecimal current = select(c, owner, day);
                if (current != null) {
                    cache.put(key, current);
                    return false;
                }
                if (dailyCap != null && amount.compareTo(dailyCap) > 0) {
                    return false;
                }
                try (PreparedStatement insert = c.prepareStatement(INSERT)) {
                    insert.setString(1, owner);
                    insert.setLong(2, day);
                    insert.setBigDecimal(3, amount);
                    insert.setLong(4, epochSeconds.getAsLong());
                    insert.executeUpdate();
                    cache.put(key, amount);
                    return true;
                } catch (SQLException e) {
                    if (e.getSQLState() == null || !e.getSQLState().startsWith("23")) {
                        throw e;
                    }
                    // another node or thread inserted the row first: the conditional update decides
                }
            }
            return false;
        } catch (SQLException e) {
            throw new IllegalStateException("budget ledger unavailable: " + e.getMessage(), e);
        }
    }

    private int add(Connection c, String owner, long day, BigDecimal amount, BigDecimal cap) throws SQLException {
        try (PreparedStatement update = c.prepareStatement(cap == null ? ADD : ADD_CAPPED)) {
            update.setBigDecimal(1, amount);
            update.setLong(2, epochSeconds.getAsLong());
            update.setString(3, owner);
            update.setLong(4, day);
            if (cap != null) {
                update.setBigDecimal(5, amount);
                update.setBigDecimal(6, cap);
            }
            return update.executeUpdate();
        }
    }

    private static BigDecimal select(Connection c, String owner, long day) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(SELECT)) {
            select.setString(1, owner);
            select.setLong(2, day);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? rs.getBigDecimal(1).stripTrailingZeros() : null;
            }
        }
    }

    @Override
    public void sweep(long day) {
        cache.keySet().removeIf(k -> k.day() < day);
    }
}
