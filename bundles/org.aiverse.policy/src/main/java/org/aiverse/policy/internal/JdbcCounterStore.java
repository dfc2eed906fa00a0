package org.aiverse.policy.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * The {@link CounterStore} shared by every node on the platform database (table {@code policy_counter}, migration
 * module {@code policy}, Derby or PostgreSQL), for {@code counters = database}. Each operation is one atomic
 * statement on one row per owner and intent type, in autocommit, so no read-modify-write spans two statements:
 *
 * <ul>
 *   <li>{@link #tryAcquire}: {@code UPDATE ... SET tat = max(tat, now) + interval WHERE ... AND tat <= now +
 *       tolerance - interval}, the database's row lock making it a compare-and-set. A missing row is a full bucket:
 *       the first use inserts it, and when two nodes insert at once the loser gets the duplicate key and runs the
 *       conditional update on the winner's row.
 *   <li>{@link #acquire}: the same update, also conditional on {@code cooldown_until <= now}: an intent the gate
 *       allows costs this one statement; only when it changes nothing does a read tell a cooldown from an empty
 *       bucket.
 *   <li>{@link #release}: {@code tat = tat - interval}; {@link #startCooldown}: {@code cooldown_until =
 *       max(cooldown_until, until)}, inserting on first use the same way.
 *   <li>{@link #sweep}: deletes the rows whose arrival time and cooldown both lie {@link #SWEEP_GRACE_NANOS} in the
 *       past: such a row is the same as no row, and the grace keeps a node whose clock lags from losing a limit
 *       that still holds on its clock.
 * </ul>
 *
 * Times come from the gate's clock (epoch nanoseconds) of whichever node calls, so nodes must keep their clocks
 * in step (NTP): a skew of {@code s} lets a bucket refill at most {@code s} early on the node ahead.
 */
final class JdbcCounterStore implements CounterStore {

    /** How long after it stopped constraining a row stays, so small clock skews between nodes do not matter. */
    static final long SWEEP_GRACE_NANOS = 60_000_000_000L;

    /** Owner ids and intent types longer than this are stored as their SHA-256 (the column's width). */
    static final int MAX_KEY = 256;

    private static final long EMPTY = Long.MIN_VALUE / 4;
    private static final String KEY = " WHERE owner_id = ? AND intent_type = ?";
    private static final String PEEK = "SELECT tat, cooldown_until FROM policy_counter" + KEY;
    private static final String ACQUIRE =
            "UPDATE policy_counter SET tat = CASE WHEN tat > ? THEN tat ELSE ? END + ?" + KEY + " AND tat <= ?";
    private static final String ACQUIRE_UNLESS_COOLING = ACQUIRE + " AND cooldown_until <= ?";
    private static final String INSERT =
            "INSERT INTO policy_counter (owner_id, intent_type, tat, cooldown_until) VALUES (?, ?, ?, ?)";
    private static final String RELEASE = "UPDATE policy_counter SET tat = tat - ?" + KEY;
    private static final String COOLDOWN = "UPDATE policy_counter SET cooldown_until ="
            + " CASE WHEN cooldown_until < ? THEN ? ELSE cooldown_until END" + KEY;
    private static final String SWEEP = "DELETE FROM policy_counter WHERE tat <= ? AND cooldown_until <= ?";
    private static final String COOLDOWNS =
            "SELECT intent_type, cooldown_until FROM policy_counter WHERE owner_id = ? AND cooldown_until > ?";

    /**
     * Appended to the updates on PostgreSQL: commits the one statement's implicit transaction without waiting for
     * the WAL flush ({@code synchronous_commit} off for that transaction only, {@code set_config(..., true)}). The
     * function only runs on the row the statement changes, so a statement that changes nothing writes nothing.
     * Rate counters are ephemeral: a database crash may lose their last fraction of a second, which is harmless,
     * and a take of a token costs a round trip instead of a disk flush (measured about 0.9 ms here).
     */
    private static final String NO_FLUSH = " AND set_config('synchronous_commit', 'off', true) IS NOT NULL";

    private final DataSource dataSource;
    private volatile String acquire;
    private volatile String acquireUnlessCooling;
    private volatile String release;
    private volatile String cooldown;

    JdbcCounterStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public long check(String owner, String type, long now, RateSpec rate) {
        long[] row = peek(owner, type);
        if (row != null && row[1] > now) {
            return row[1];
        }
        return rate.conforms(row == null ? EMPTY : row[0], now) ? ALLOWED : RATE_LIMITED;
    }

    @Override
    public boolean wouldAcquire(String owner, String type, long now, RateSpec rate) {
        long[] row = peek(owner, type);
        return rate.conforms(row == null ? EMPTY : row[0], now);
    }

    @Override
    public long cooldownUntil(String owner, String type) {
        long[] row = peek(owner, type);
        return row == null ? 0 : row[1];
    }

    @Override
    public boolean tryAcquire(String owner, String type, long now, RateSpec rate) {
        return rate.perMin() > 0 && take(owner, type, now, rate, false) == ALLOWED;
    }

    @Override
    public long acquire(String owner, String type, long now, RateSpec rate) {
        if (rate.perMin() <= 0) {
            long state = check(owner, type, now, rate);
            return state == ALLOWED ? RATE_LIMITED : state;
        }
        return take(owner, type, now, rate, true);
    }

    /**
     * Takes a token: {@link #ALLOWED}, or without one {@link #RATE_LIMITED} or (with {@code unlessCooling}) the end
     * of the running cooldown.
     */
    private long take(String owner, String type, long now, RateSpec rate, boolean unlessCooling) {
        String o = key(owner);
        String t = key(type);
        // conforms(tat, now) <=> max(tat, now) + interval - now <= tolerance <=> tat <= now + tolerance - interval
        // (tolerance >= interval, so now itself always conforms); saturating, as tolerance may be huge
        long limit = saturatedAdd(now, rate.tolerance() - rate.interval());
        try (Connection c = connection()) {
            for (int attempt = 0; attempt < 4; attempt++) {
                try (PreparedStatement update = c.prepareStatement(unlessCooling ? acquireUnlessCooling : acquire)) {
                    update.setLong(1, now);
                    update.setLong(2, now);
                    update.setLong(3, rate.interval());
                    update.setString(4, o);
                    update.setString(5, t);
                    update.setLong(6, limit);
                    if (unlessCooling) {
                        update.setLong(7, now);
                    }
                    if (update.executeUpdate() == 1) {
                        return ALLOWED;
                    }
                }
                long[] row = peek(c, o, t);
                if (row == null) {
                    if (insert(c, o, t, rate.next(EMPTY, now), 0)) {
                        return ALLOWED;
                    }
                    continue; // another node inserted first: its row decides
                }
                if (unlessCooling && row[1] > now) {
                    return row[1];
                }
                if (!rate.conforms(row[0], now)) {
                    return RATE_LIMITED;
                }
                // the row conforms now although the update found it full: a release in between; try again
            }
            return RATE_LIMITED;
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    @Override
    public void release(String owner, String type, RateSpec rate) {
        try (Connection c = connection();
                PreparedStatement update = c.prepareStatement(release)) {
            update.setLong(1, rate.interval());
            update.setString(2, key(owner));
            update.setString(3, key(type));
            update.executeUpdate();
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    @Override
    public void startCooldown(String owner, String type, long until) {
        String o = key(owner);
        String t = key(type);
        try (Connection c = connection()) {
            for (int attempt = 0; attempt < 4; attempt++) {
                try (PreparedStatement update = c.prepareStatement(cooldown)) {
                    update.setLong(1, until);
                    update.setLong(2, until);
                    update.setString(3, o);
                    update.setString(4, t);
                    if (update.executeUpdate() == 1 || insert(c, o, t, EMPTY, until)) {
                        return;
                    }
                }
            }
            throw new IllegalStateException("rate counters: cooldown of " + type + " not stored after 4 attempts");
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    @Override
    public void sweep(long now) {
        long before = saturatedAdd(now, -SWEEP_GRACE_NANOS);
        try (Connection c = connection();
                PreparedStatement delete = c.prepareStatement(SWEEP)) {
            delete.setLong(1, before);
            delete.setLong(2, before);
            delete.executeUpdate();
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    @Override
    public Map<String, Long> cooldowns(String owner, long now) {
        Map<String, Long> out = new TreeMap<>();
        try (Connection c = connection();
                PreparedStatement select = c.prepareStatement(COOLDOWNS)) {
            select.setString(1, key(owner));
            select.setLong(2, now);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getLong(2));
                }
            }
        } catch (SQLException e) {
            throw unavailable(e);
        }
        return out;
    }

    private long[] peek(String owner, String type) {
        try (Connection c = connection()) {
            return peek(c, key(owner), key(type));
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    /** The row's {@code {tat, cooldown_until}}, or {@code null} when there is none. */
    private static long[] peek(Connection c, String owner, String type) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(PEEK)) {
            select.setString(1, owner);
            select.setString(2, type);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? new long[] {rs.getLong(1), rs.getLong(2)} : null;
            }
        }
    }

    /** Inserts a first row; {@code false} when another node or thread inserted it first. */
    private static boolean insert(Connection c, String owner, String type, long tat, long cooldownUntil)
            throws SQLException {
        try (PreparedStatement insert = c.prepareStatement(INSERT)) {
            insert.setString(1, owner);
            insert.setString(2, type);
            insert.setLong(3, tat);
            insert.setLong(4, cooldownUntil);
            insert.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
                return false; // integrity constraint violation: the primary key is taken
            }
            throw e;
        }
    }

    private Connection connection() throws SQLException {
        Connection c = dataSource.getConnection();
        try {
            if (!c.getAutoCommit()) {
                c.setAutoCommit(true);
            }
            if (acquire == null) {
                String suffix = c.getMetaData().getDatabaseProductName().startsWith("PostgreSQL") ? NO_FLUSH : "";
                release = RELEASE + suffix;
                cooldown = COOLDOWN + suffix;
                acquireUnlessCooling = ACQUIRE_UNLESS_COOLING + suffix;
                acquire = ACQUIRE + suffix;
            }
            return c;
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    private static IllegalStateException unavailable(SQLException e) {
        return new IllegalStateException("rate counters unavailable: " + e.getMessage(), e);
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? (b < 0 ? Long.MIN_VALUE : Long.MAX_VALUE) : r;
    }

    /** The stored form of an owner id or intent type: itself, or its SHA-256 when longer than the column. */
    static String key(String value) {
        if (value.length() <= MAX_KEY) {
            return value;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
