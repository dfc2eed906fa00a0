package org.aiverse.recorder.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: one thread takes every append queued since its last commit (from any number of sessions), writes
 * them in one transaction, commits, and only then completes each caller's future. A session is always served by
 * the same writer, so its events reach the database in seq order.
 *
 * <p>Events go in as multi-row {@code INSERT ... VALUES (...), (...)} statements of up to {@value #ROWS_PER_INSERT}
 * rows (standard SQL, PostgreSQL and Derby alike; no driver setting needed): full statements as one JDBC batch
 * (one round trip), the rest in statements of 64, 32, ..., 1 rows. The statements stay prepared on the writer's
 * connection. Hashing and canonical JSON are done by the appending threads before they queue: the writer only
 * binds, executes and commits.
 */
final class GroupCommitWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitWriter.class);

    /** Rows per multi-row INSERT: 8 parameters each, well below every driver's parameter limit. */
    static final int ROWS_PER_INSERT = 128;

    static final String INSERT_CHECKPOINT = "INSERT INTO recorder_checkpoint"
            + " (session_id, to_seq, from_seq, cp_hash, kid, signature, ts) VALUES (?, ?, ?, ?, ?, ?, ?)";
    static final String INSERT_MEDIA = "INSERT INTO recorder_media"
            + " (session_id, media_id, seq, content_ref, content_hash, media_type, ts) VALUES (?, ?, ?, ?, ?, ?, ?)";

    private final DataSource dataSource;
    private final int maxBatch;
    private final int ingressCapacity;
    /** How many appends may ride on the overdraft (see {@link #reserve}). */
    private final int capacity;
    /** Appends waiting for the writer: lock-free, so queuing never blocks an appending thread on a lock. */
    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();

    /**
     * Room in the queue for new work: an append takes a permit, the writer gives them back as it takes batches. Its
     * size bounds how far durability may lag behind the percepts let in (the edge sheds percepts once it is used up;
     * see {@link #full}). Appending threads wait for room parked on it; polling for room instead woke a hundred
     * waiting threads every 200 µs under overload, and their spinning took the CPU the writer needed to make room.
     */
    private final Semaphore room;
    /** Appends queued beyond {@link #room} without a permit: appends of work in flight (see {@link #reserve}). */
    private final AtomicInteger overdraft = new AtomicInteger();
    /** Set while the writer waits for work: only then does an append wake it. */
    private volatile boolean idle;

    private final Thread thread;
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong rows = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile boolean running = true;
    private Connection connection;
    /** Multi-row event INSERTs prepared on {@link #connection}, by number of rows. */
    private final Map<Integer, PreparedStatement> eventInserts = new HashMap<>();

    /**
     * @param ingressCapacity appends queued before a percept waits (and {@link #full} says so)
     * @param capacity appends of work in flight that may queue beyond that (see {@link #reserve})
     */
    GroupCommitWriter(DataSource dataSource, int maxBatch, int ingressCapacity, int capacity, String name) {
        this.dataSource = dataSource;
        this.maxBatch = maxBatch;
        this.ingressCapacity = ingressCapacity;
        this.capacity = capacity;
        this.room = new Semaphore(ingressCapacity);
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /**
     * Takes room for one append, before the caller takes its session's lock (so no thread ever waits for room while
     * holding a chain that other threads need).
     *
     * <p>Back pressure lands where work enters the platform, not on work already in flight: an {@code ingress}
     * append (a percept from a world) waits while the queue is full, which slows the stream that feeds it down to
     * what the database absorbs. Any other append (the gate's decision, an action's result, a state change) is the
     * consequence of a percept already admitted; making it wait would hold an intent between the gate and its
     * result for as long as the queue takes to drain (seconds at saturation) and stall what it holds: the
     * adapter's threads, the Core's decision threads, a hot swap's drain. It takes a permit when there is one and
     * otherwise rides on an overdraft of up to {@code capacity} more appends; only past that does it wait too, so
     * memory stays bounded whatever the load.
     *
     * @return whether a permit was taken (to give back with {@link #unreserve} or with the append)
     */
    boolean reserve(boolean ingress) {
        if (room.tryAcquire()) {
            return true;
        }
        if (!ingress) {
            if (overdraft.incrementAndGet() <= capacity) {
                return false;
            }
            overdraft.decrementAndGet();
        }
        try {
            room.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while queuing an append", e);
        }
        return true;
    }

    /** Gives back room taken by {@link #reserve} for an append that was not queued after all. */
    void unreserve(boolean permit) {
        if (permit) {
            room.release();
        } else {
            overdraft.decrementAndGet();
        }
    }

    /** Queues an append whose room {@link #reserve} took; never waits. */
    void offer(Pending p) {
        if (!running) {
            throw new IllegalStateException("the recorder is stopping");
        }
        queue.offer(p);
        if (idle) {
            LockSupport.unpark(thread);
        }
    }

    private static final long IDLE_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    long batches() {
        return batches.get();
    }

    long rows() {
        return rows.get();
    }

    long failures() {
        return failures.get();
    }

    /** Whether an ingress append would wait for room now. */
    boolean full() {
        return room.availablePermits() == 0;
    }

    int queued() {
        return ingressCapacity - room.availablePermits() + overdraft.get();
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(maxBatch);
        while (running || !queue.isEmpty()) {
            try {
                Pending p = queue.poll();
                if (p == null) {
                    // idle is written before the queue is checked again, and an append offers before it reads idle:
                    // either this check sees the append or the append sees idle and unparks
                    idle = true;
                    if (running && queue.isEmpty()) {
                        LockSupport.parkNanos(this, IDLE_PAUSE_NANOS);
                    }
                    idle = false;
                    if (Thread.interrupted()) {
                        break;
                    }
                    continue;
                }
                do {
                    batch.add(p);
                } while (batch.size() < maxBatch && (p = queue.poll()) != null);
                int permits = 0;
                for (Pending taken : batch) {
                    permits += taken.permit ? 1 : 0;
                }
                room.release(permits);
                overdraft.addAndGet(permits - batch.size());
                write(batch);
            } catch (RuntimeException e) {
                LOG.error("recorder writer failed", e);
            } finally {
                batch.clear();
            }
        }
        closeConnection();
    }

    private void write(List<Pending> batch) {
        List<Pending> live = new ArrayList<>(batch.size());
        for (Pending p : batch) {
            if (p.epoch != p.chain.epoch.get()) {
                p.done.completeExceptionally(new IllegalStateException(
                        "not recorded: an earlier append of session " + p.chain.sessionId + " failed"));
            } else {
                live.add(p);
            }
        }
        if (live.isEmpty()) {
            return;
        }
        try {
            Connection c = connection();
            boolean checkpoints = false;
            boolean media = false;
            int full = live.size() / ROWS_PER_INSERT;
            if (full > 0) {
                PreparedStatement ps = eventInsert(c, ROWS_PER_INSERT);
                for (int k = 0; k < full; k++) {
                    bindEvents(ps, live, k * ROWS_PER_INSERT, ROWS_PER_INSERT);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            // the rest in statements of 64, 32, ..., 1 rows (its binary digits): a writer prepares at most eight
            // statement texts, not one per row count. Derby compiled each of the 127 sizes the first time it came
            // and again whenever its index statistics invalidated them (a 127-row INSERT has 1,016 parameters):
            // 11% of the platform's CPU at 100 sessions x 10 percepts a second (JFR)
            int from = full * ROWS_PER_INSERT;
            for (int size = ROWS_PER_INSERT / 2; size >= 1; size /= 2) {
                if (live.size() - from >= size) {
                    PreparedStatement ps = eventInsert(c, size);
                    bindEvents(ps, live, from, size);
                    ps.executeUpdate();
                    from += size;
                }
            }
            for (Pending p : live) {
                checkpoints |= p.checkpoint != null;
                media |= p.media != null;
            }
            if (checkpoints) {
                try (PreparedStatement ps = c.prepareStatement(INSERT_CHECKPOINT)) {
                    for (Pending p : live) {
                        Pending.Checkpoint cp = p.checkpoint;
                        if (cp != null) {
                            ps.setString(1, p.chain.sessionId);
                            ps.setLong(2, cp.toSeq());
                            ps.setLong(3, cp.fromSeq());
                            ps.setString(4, cp.hash());
                            ps.setString(5, cp.kid());
                            ps.setString(6, cp.signature());
                            ps.setLong(7, cp.ts());
                            ps.addBatch();
                        }
                    }
                    ps.executeBatch();
                }
            }
            if (media) {
                try (PreparedStatement ps = c.prepareStatement(INSERT_MEDIA)) {
                    for (Pending p : live) {
                        Pending.Media m = p.media;
                        if (m != null) {
                            ps.setString(1, p.chain.sessionId);
                            ps.setString(2, m.mediaId());
                            ps.setLong(3, p.seq);
                            ps.setString(4, m.contentRef());
                            ps.setString(5, m.contentHash());
                            ps.setString(6, m.mediaType());
                            ps.setLong(7, p.ts);
                            ps.addBatch();
                        }
                    }
                    ps.executeBatch();
                }
            }
            c.commit();
        } catch (SQLException | RuntimeException e) {
            failures.incrementAndGet();
            LOG.warn("recorder batch of {} appends not committed: {}", live.size(), e.toString());
            rollbackAndClose();
            for (Pending p : live) {
                p.chain.invalidate(p.epoch);
            }
            IllegalStateException failure = new IllegalStateException("not recorded: " + e.getMessage(), e);
            for (Pending p : live) {
                p.done.completeExceptionally(failure);
            }
            return;
        }
        batches.incrementAndGet();
        rows.addAndGet(live.size());
        for (Pending p : live) {
            p.done.complete(null);
        }
    }

    /** {@code INSERT INTO recorder_event ... VALUES} with {@code rows} row constructors. */
    static String insertEvents(int rows) {
        StringBuilder sql = new StringBuilder(
                "INSERT INTO recorder_event"
                        + " (session_id, seq, actor, event_type, ts, payload_utf8, payload, prev_hash, hash, redacted) VALUES ");
        for (int i = 0; i < rows; i++) {
            sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?, '', ?, ?, 0)");
        }
        return sql.toString();
    }

    private PreparedStatement eventInsert(Connection c, int rows) throws SQLException {
        PreparedStatement ps = eventInserts.get(rows);
        if (ps == null) {
            ps = c.prepareStatement(insertEvents(rows));
            eventInserts.put(rows, ps);
        }
        return ps;
    }

    private static void bindEvents(PreparedStatement ps, List<Pending> rows, int from, int count) throws SQLException {
        int i = 1;
        for (int r = from; r < from + count; r++) {
            Pending p = rows.get(r);
            ps.setString(i++, p.chain.sessionId);
            ps.setLong(i++, p.seq);
            ps.setString(i++, p.actor);
            ps.setString(i++, p.type);
            ps.setLong(i++, p.ts);
            ps.setBytes(i++, p.payload);
            ps.setString(i++, p.prevHash);
            ps.setString(i++, p.hash);
        }
    }

    private Connection connection() throws SQLException {
        if (connection == null || connection.isClosed()) {
            connection = dataSource.getConnection();
            connection.setAutoCommit(false);
        }
        return connection;
    }

    private void rollbackAndClose() {
        if (connection != null) {
            try {
                connection.rollback();
            } catch (SQLException e) {
                // closed below
            }
            closeConnection();
        }
    }

    private void closeConnection() {
        for (PreparedStatement ps : eventInserts.values()) {
            try {
                ps.close();
            } catch (SQLException e) {
                // the connection is closed next
            }
        }
        eventInserts.clear();
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // nothing to do
            }
            connection = null;
        }
    }

    @Override
    public void close() {
        running = false;
        room.release(capacity); // whoever waits for room learns that the recorder stops
        LockSupport.unpark(thread);
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Pending p;
        while ((p = queue.poll()) != null) {
            p.done.completeExceptionally(new IllegalStateException("not recorded: the recorder stopped"));
        }
    }
}
