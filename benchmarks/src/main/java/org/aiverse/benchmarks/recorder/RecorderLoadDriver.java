package org.aiverse.benchmarks.recorder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.aiverse.benchmarks.BenchPayloads;
import org.aiverse.contracts.api.ChainVerification;
import org.aiverse.contracts.recorder.Actor;
import org.aiverse.contracts.recorder.EventType;
import org.aiverse.json.Hashes;
import org.aiverse.json.Json;
import org.aiverse.recorder.internal.StandaloneRecorder;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Load driver of the recorder on PostgreSQL, with its peers in the same run (prints figures and ratios):
 *
 * <ol>
 *   <li>durable appends through the recorder (per-session chain, group commit, ack after commit) from 100
 *       concurrent sessions, several client threads each;
 *   <li>the limit: plain batched INSERTs of the same rows (no hashing, no chain, 1000 rows per commit) on as many
 *       connections as the recorder has writers;
 *   <li>the naive way: one row per transaction;
 *   <li>verification: the streaming verifier over the stored rows in memory and end to end from PostgreSQL, on
 *       two threads, against the reference JCS hash.
 * </ol>
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar org.aiverse.benchmarks.recorder.RecorderLoadDriver
 * [seconds=15] [sessions=100] [threadsPerSession=4] [writers=2]}. Needs PostgreSQL on 127.0.0.1:5432 (trust).
 */
public final class RecorderLoadDriver {

    /** The figures go to standard output: this is a command-line tool. */
    private static final java.io.PrintStream OUT = new java.io.PrintStream(
            new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);

    private RecorderLoadDriver() {}

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        int sessions = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int perSession = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        int writers = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        DataSource ds = freshDatabase();
        Path tmp = Files.createTempDirectory("recorder-bench");
        OUT.printf(
                Locale.ROOT,
                "reWriteBatchedInserts=%s (recorder and plain INSERTs alike)%n",
                !"false".equals(System.getProperty("rewrite")));
        OUT.printf(
                Locale.ROOT,
                "cores=%d sessions=%d client threads=%d writers=%d seconds=%d%n",
                Runtime.getRuntime().availableProcessors(),
                sessions,
                sessions * perSession,
                writers,
                seconds);

        // 1. durable appends through the recorder
        StandaloneRecorder engine = StandaloneRecorder.open(ds, tmp.resolve("media"), writers, 2000, 100_000);
        runAppends(engine, sessions, perSession, 3, false); // warm-up
        Map<String, Object> before = engine.stats();
        long cpu0 =
                ProcessHandle.current().info().totalCpuDuration().orElseThrow().toNanos();
        long t0 = System.nanoTime();
        long appended = runAppends(engine, sessions, perSession, seconds, true);
        double appendSecs = (System.nanoTime() - t0) / 1e9;
        long cpu =
                ProcessHandle.current().info().totalCpuDuration().orElseThrow().toNanos() - cpu0;
        Map<String, Object> after = engine.stats();
        double appendRate = appended / appendSecs;
        long batches = (Long) after.get("batches_committed") - (Long) before.get("batches_committed");
        OUT.printf(
                Locale.ROOT,
                "recorder durable appends: %,d events in %.1f s = %,.0f events/s (avg %.0f per commit)%n",
                appended,
                appendSecs,
                appendRate,
                appended / (double) Math.max(1, batches));
        OUT.printf(
                Locale.ROOT,
                "  CPU of this JVM (400 clients + recorder): %.1f us per event; machine load average %.1f%n",
                cpu / 1e3 / appended,
                java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                        .getSystemLoadAverage());

        // 1b. the same appends pipelined: each session keeps up to WINDOW appends in flight from two feeder threads
        // and counts an event when its commit acknowledges it, the way the platform's own callers (the policy gate,
        // the session layer) use the recorder, with no client thread parked per append
        runPipelined(engine, sessions, WINDOW, 3, false); // warm-up
        long tp = System.nanoTime();
        long pipelined = runPipelined(engine, sessions, WINDOW, seconds, true);
        double pipelinedRate = pipelined / ((System.nanoTime() - tp) / 1e9);
        OUT.printf(
                Locale.ROOT,
                "recorder durable appends, pipelined (%d in flight per session, 2 feeder threads): %,.0f events/s%n",
                WINDOW,
                pipelinedRate);

        // 2. the limit: plain batched INSERTs of the same rows
        List<Object[]> rows = readRows(ds, 400_000);
        execute(ds, "CREATE TABLE bench_plain AS SELECT * FROM recorder_event WHERE 1 = 0");
        execute(ds, "ALTER TABLE bench_plain ADD PRIMARY KEY (session_id, seq)");
        double plainRate = plainInserts(ds, rows, writers, 1000, "bench_plain");
        OUT.printf(
                Locale.ROOT, "plain batched INSERTs (1000/commit, %d connections): %,.0f rows/s%n", writers, plainRate);
        execute(ds, "CREATE TABLE bench_single AS SELECT * FROM recorder_event WHERE 1 = 0");
        execute(ds, "ALTER TABLE bench_single ADD PRIMARY KEY (session_id, seq)");
        double singleRate =
                plainInserts(ds, rows.subList(0, Math.min(rows.size(), 20_000)), writers, 1, "bench_single");
        OUT.printf(Locale.ROOT, "one row per transaction (%d connections): %,.0f rows/s%n", writers, singleRate);
        OUT.printf(
                Locale.ROOT,
                "RATIO durable recorder appends / plain batched INSERT limit = %.2f (target >= 0.50)%n",
                appendRate / plainRate);
        OUT.printf(
                Locale.ROOT,
                "RATIO pipelined durable appends / plain batched INSERT limit = %.2f (target >= 0.50)%n",
                pipelinedRate / plainRate);

        // 3. verification
        Map<String, List<Object[]>> bySession = new HashMap<>();
        for (Object[] r : readRows(ds, Integer.MAX_VALUE)) {
            bySession.computeIfAbsent((String) r[0], k -> new ArrayList<>()).add(r);
        }
        Map<String, String> keys = engine.keys();
        Map<String, Map<Long, StandaloneRecorder.Checkpoint>> cps = readCheckpoints(ds);
        long total = bySession.values().stream().mapToLong(List::size).sum();
        for (int round = 0; round < 2; round++) {
            verifyInMemory(bySession, cps, keys, 2); // warm-up
        }
        for (int threads : new int[] {1, 2}) {
            long s = System.nanoTime();
            int rounds = 3;
            for (int round = 0; round < rounds; round++) {
                verifyInMemory(bySession, cps, keys, threads);
            }
            double rate = total * rounds / ((System.nanoTime() - s) / 1e9);
            OUT.printf(
                    Locale.ROOT,
                    "verification of stored rows in memory, %d thread(s): %,.0f events/s%n",
                    threads,
                    rate);
        }
        long s = System.nanoTime();
        List<String> ids = new ArrayList<>(bySession.keySet());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<ChainVerification>> results = new ArrayList<>();
        for (String id : ids) {
            results.add(pool.submit(() -> engine.verify(id)));
        }
        long verified = 0;
        for (Future<ChainVerification> f : results) {
            ChainVerification v = f.get();
            if (!v.ok()) {
                throw new IllegalStateException("chain does not verify: " + v);
            }
            verified += v.verified();
        }
        pool.shutdown();
        double e2e = verified / ((System.nanoTime() - s) / 1e9);
        OUT.printf(
                Locale.ROOT,
                "verification end to end from PostgreSQL (2 threads, %d sessions): %,.0f events/s, every chain ok%n",
                ids.size(),
                e2e);
        // the reference: parse each payload and hash with the reference JCS (Hashes.eventHash), one thread
        List<Object[]> sample = rows.subList(0, Math.min(rows.size(), 100_000));
        long r0 = System.nanoTime();
        long ok = 0;
        for (Object[] r : sample) {
            @SuppressWarnings("unchecked")
            Map<String, Object> payload = Json.read((byte[]) r[5], Map.class);
            String h = Hashes.eventHash(
                    (String) r[0], (Long) r[1], (String) r[2], (String) r[3], payload, (Long) r[4], (String) r[6]);
            ok += h.equals(r[7]) ? 1 : 0;
        }
        double ref = sample.size() / ((System.nanoTime() - r0) / 1e9);
        if (ok != sample.size()) {
            throw new IllegalStateException("reference hash disagrees");
        }
        OUT.printf(Locale.ROOT, "reference (parse + reference JCS + SHA-256), 1 thread: %,.0f events/s%n", ref);
        engine.close();
    }

    private static long runAppends(StandaloneRecorder engine, int sessions, int perSession, int seconds, boolean count)
            throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        LongAdder done = new LongAdder();
        ExecutorService pool = Executors.newFixedThreadPool(sessions * perSession);
        List<Future<?>> futures = new ArrayList<>();
        String run = count ? "b" : "w";
        for (int s = 0; s < sessions; s++) {
            String session = "sess_" + run + "_" + s;
            for (int t = 0; t < perSession; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    long i = 0;
                    while (!stop.get()) {
                        engine.append(session, Actor.AI, EventType.INTENT, payload(thread, i++));
                        done.increment();
                    }
                    return null;
                }));
            }
        }
        Thread.sleep(seconds * 1000L);
        stop.set(true);
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        return done.sum();
    }

    private static final int WINDOW = 64;

    private static long runPipelined(StandaloneRecorder engine, int sessions, int window, int seconds, boolean count)
            throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        LongAdder done = new LongAdder();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        String run = count ? "pb" : "pw";
        Semaphore[] slots = new Semaphore[sessions];
        for (int s = 0; s < sessions; s++) {
            slots[s] = new Semaphore(window);
        }
        int feeders = 2;
        ExecutorService pool = Executors.newFixedThreadPool(feeders);
        List<Future<?>> futures = new ArrayList<>();
        for (int f = 0; f < feeders; f++) {
            int feeder = f;
            futures.add(pool.submit(() -> {
                long i = 0;
                while (!stop.get() && failed.get() == null) {
                    boolean any = false;
                    for (int s = feeder; s < sessions; s += feeders) {
                        Semaphore slot = slots[s];
                        while (slot.tryAcquire()) {
                            any = true;
                            engine.appendAsync(
                                            "sess_" + run + "_" + s, Actor.AI, EventType.INTENT, payload(feeder, i++))
                                    .whenComplete((e, err) -> {
                                        slot.release();
                                        if (err != null) {
                                            failed.compareAndSet(null, err);
                                        } else {
                                            done.increment();
                                        }
                                    });
                        }
                    }
                    if (!any) {
                        LockSupport.parkNanos(50_000);
                    }
                }
                return null;
            }));
        }
        Thread.sleep(seconds * 1000L);
        stop.set(true);
        for (Future<?> f : futures) {
            f.get();
        }
        for (Semaphore slot : slots) {
            slot.acquire(window); // every acknowledged append is in
        }
        pool.shutdown();
        if (failed.get() != null) {
            throw new IllegalStateException("an append failed", failed.get());
        }
        return done.sum();
    }

    private static Map<String, Object> payload(int thread, long i) {
        Map<String, Object> p = BenchPayloads.speakIntent(
                "dialogue_" + thread + "_" + i,
                "I found an exhibit you might like: the bioluminescent gallery, café level " + i);
        return p;
    }

    private static double plainInserts(DataSource ds, List<Object[]> rows, int connections, int batch, String table)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        AtomicLong next = new AtomicLong();
        List<Future<?>> futures = new ArrayList<>();
        long start = System.nanoTime();
        for (int c = 0; c < connections; c++) {
            futures.add(pool.submit(() -> {
                try (Connection con = ds.getConnection();
                        PreparedStatement ps = con.prepareStatement("INSERT INTO " + table
                                + " (session_id, seq, actor, event_type, ts, payload_utf8, payload, prev_hash, hash,"
                                + " redacted) VALUES (?, ?, ?, ?, ?, ?, '', ?, ?, 0)")) {
                    con.setAutoCommit(false);
                    while (true) {
                        long from = next.getAndAdd(batch);
                        if (from >= rows.size()) {
                            break;
                        }
                        for (long i = from; i < Math.min(rows.size(), from + batch); i++) {
                            Object[] r = rows.get((int) i);
                            ps.setString(1, (String) r[0]);
                            ps.setLong(2, (Long) r[1]);
                            ps.setString(3, (String) r[2]);
                            ps.setString(4, (String) r[3]);
                            ps.setLong(5, (Long) r[4]);
                            ps.setBytes(6, (byte[]) r[5]);
                            ps.setString(7, (String) r[6]);
                            ps.setString(8, (String) r[7]);
                            ps.addBatch();
                        }
                        ps.executeBatch();
                        con.commit();
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        return rows.size() / ((System.nanoTime() - start) / 1e9);
    }

    private static void verifyInMemory(
            Map<String, List<Object[]>> bySession,
            Map<String, Map<Long, StandaloneRecorder.Checkpoint>> cps,
            Map<String, String> keys,
            int threads)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<ChainVerification>> results = new ArrayList<>();
        for (Map.Entry<String, List<Object[]>> e : bySession.entrySet()) {
            results.add(pool.submit(() -> {
                List<StandaloneRecorder.Row> rows = new ArrayList<>(e.getValue().size());
                for (Object[] r : e.getValue()) {
                    rows.add(new StandaloneRecorder.Row(
                            (Long) r[1],
                            (String) r[2],
                            (String) r[3],
                            (Long) r[4],
                            (byte[]) r[5],
                            (String) r[6],
                            (String) r[7]));
                }
                return StandaloneRecorder.verify(e.getKey(), cps.getOrDefault(e.getKey(), Map.of()), keys, rows);
            }));
        }
        for (Future<ChainVerification> f : results) {
            if (!f.get().ok()) {
                throw new IllegalStateException("does not verify: " + f.get());
            }
        }
        pool.shutdown();
    }

    private static List<Object[]> readRows(DataSource ds, int max) throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT session_id, seq, actor, event_type, ts, payload_utf8,"
                            + " prev_hash, hash FROM recorder_event ORDER BY session_id, seq")) {
                ps.setFetchSize(5000);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next() && rows.size() < max) {
                        rows.add(new Object[] {
                            rs.getString(1),
                            rs.getLong(2),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getLong(5),
                            rs.getBytes(6),
                            rs.getString(7),
                            rs.getString(8)
                        });
                    }
                }
            }
            c.commit();
        }
        return rows;
    }

    private static Map<String, Map<Long, StandaloneRecorder.Checkpoint>> readCheckpoints(DataSource ds)
            throws SQLException {
        Map<String, Map<Long, StandaloneRecorder.Checkpoint>> out = new HashMap<>();
        try (Connection c = ds.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT session_id, from_seq, to_seq, cp_hash, kid, signature FROM recorder_checkpoint")) {
            while (rs.next()) {
                out.computeIfAbsent(rs.getString(1), k -> new HashMap<>())
                        .put(
                                rs.getLong(3),
                                new StandaloneRecorder.Checkpoint(
                                        rs.getLong(2),
                                        rs.getLong(3),
                                        rs.getString(4),
                                        rs.getString(5),
                                        rs.getString(6)));
            }
        }
        return out;
    }

    private static void execute(DataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection();
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static DataSource freshDatabase() throws SQLException, IOException {
        String host = System.getenv().getOrDefault("AIVERSE_PG_HOST", "127.0.0.1");
        String port = System.getenv().getOrDefault("AIVERSE_PG_PORT", "5432");
        String name =
                "aiverse_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String admin = "jdbc:postgresql://" + host + ":" + port + "/postgres";
        try (Connection c = DriverManager.getConnection(admin, "postgres", "");
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try (Connection c = DriverManager.getConnection(admin, "postgres", "");
                    Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            } catch (SQLException e) {
                // best effort
            }
        }));
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl("jdbc:postgresql://" + host + ":" + port + "/" + name);
        ds.setUser("postgres");
        ds.setPassword("");
        // multi-row INSERTs for JDBC batches: the same setting for the recorder and for the plain INSERT limit
        ds.setReWriteBatchedInserts(!"false".equals(System.getProperty("rewrite")));
        StandaloneRecorder.createSchema(ds);
        return ds;
    }
}
