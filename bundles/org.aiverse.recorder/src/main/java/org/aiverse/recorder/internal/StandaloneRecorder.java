package org.aiverse.recorder.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import javax.sql.DataSource;
import org.aiverse.contracts.api.ChainVerification;
import org.aiverse.contracts.recorder.Actor;
import org.aiverse.contracts.recorder.EventType;
import org.aiverse.contracts.recorder.SessionEvent;
import org.aiverse.persistence.MigrationPlaceholders;

/**
 * The recorder of this bundle outside OSGi, for the benchmarks module: the same engine the component runs (group
 * commit, per-session chains, signed checkpoints with an in-memory key, media on the filesystem) over a DataSource
 * whose {@code recorder} schema exists, plus the verifier and the frozen hash on their own. Public only for that
 * module; this package is not exported.
 */
public final class StandaloneRecorder implements AutoCloseable {

    /** A stored checkpoint, as {@code recorder_checkpoint} holds it. */
    public record Checkpoint(long fromSeq, long toSeq, String hash, String kid, String signature) {}

    /** A stored event row, as {@code recorder_event} holds it (payload: the UTF-8 bytes of its canonical text). */
    public record Row(long seq, String actor, String type, long ts, byte[] payload, String prevHash, String hash) {}

    private final RecorderEngine engine;

    private StandaloneRecorder(RecorderEngine engine) {
        this.engine = engine;
    }

    /**
     * Opens a recorder.
     *
     * @param writers group-commit writer threads (each with its connection)
     * @param maxBatch most appends per commit
     * @param queueCapacity appends queued per writer before percepts wait, and as many again of other events
     */
    public static StandaloneRecorder open(
            DataSource dataSource, Path mediaDirectory, int writers, int maxBatch, int queueCapacity) {
        return new StandaloneRecorder(new RecorderEngine(
                dataSource,
                FileMediaStore.open(mediaDirectory),
                CheckpointSigner.ephemeral(),
                new RecorderEngine.Settings(CHECKPOINT_INTERVAL, writers, maxBatch, queueCapacity, queueCapacity),
                Clock.systemUTC()));
    }

    /** Events per signed checkpoint. */
    public static final int CHECKPOINT_INTERVAL = 256;

    /** Appends durably: returns once committed. */
    public SessionEvent append(String sessionId, Actor actor, EventType type, Map<String, Object> payload) {
        return engine.append(sessionId, actor, type, payload);
    }

    /** Appends without waiting: the stage completes once the event is committed (as the platform's callers use it). */
    public CompletionStage<SessionEvent> appendAsync(
            String sessionId, Actor actor, EventType type, Map<String, Object> payload) {
        return engine.appendAsync(sessionId, actor, type, payload);
    }

    /** Verifies a session's chain from the database. */
    public ChainVerification verify(String sessionId) {
        return engine.verify(sessionId);
    }

    /** The group-commit figures (batches and events committed, ...). */
    public Map<String, Object> stats() {
        return engine.stats();
    }

    /** The checkpoint signing key: kid to JWK {@code x}. */
    public Map<String, String> keys() {
        return Map.of(engine.kid(), engine.signer().publicKeyX());
    }

    /** The recorder's migrations, in order. */
    private static final List<String> MIGRATIONS = List.of("V1__recorder.sql", "V2__recorder_payload_bytes.sql");

    /**
     * Creates the recorder's schema on a fresh database (Derby or PostgreSQL) from the migrations the platform runs
     * with Flyway, their {@link MigrationPlaceholders} filled in as the platform fills them. For benchmarks and unit tests, which
     * run without the platform's persistence bundle.
     */
    public static void createSchema(DataSource dataSource) {
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement()) {
            Map<String, String> placeholders = MigrationPlaceholders.of(c);
            for (String file : MIGRATIONS) {
                try (InputStream in = StandaloneRecorder.class.getResourceAsStream("/db/migration/recorder/" + file)) {
                    String sql = new String(in.readAllBytes(), StandardCharsets.UTF_8).replaceAll("(?m)^--.*$", "");
                    for (Map.Entry<String, String> p : placeholders.entrySet()) {
                        sql = sql.replace("${" + p.getKey() + "}", p.getValue());
                    }
                    for (String stmt : sql.split(";")) {
                        if (!stmt.isBlank()) {
                            s.execute(stmt.trim());
                        }
                    }
                }
            }
        } catch (IOException | SQLException e) {
            throw new IllegalStateException("cannot create the recorder's schema: " + e.getMessage(), e);
        }
    }

    /** Verifies stored rows of one session (in seq order) as the recorder's verifier does, without the database. */
    public static ChainVerification verify(
            String sessionId, Map<Long, Checkpoint> checkpoints, Map<String, String> keys, Iterable<Row> rows) {
        Map<Long, ChainCheck.CheckpointRow> byToSeq = new java.util.HashMap<>();
        checkpoints.forEach((to, c) -> byToSeq.put(
                to, new ChainCheck.CheckpointRow(c.fromSeq(), c.toSeq(), c.hash(), c.kid(), c.signature())));
        ChainCheck check = new ChainCheck(sessionId, byToSeq, keys, CHECKPOINT_INTERVAL, Runnable::run);
        for (Row r : rows) {
            if (!check.row(r.seq(), r.actor(), r.type(), r.ts(), r.payload(), r.prevHash(), r.hash(), false)) {
                break;
            }
        }
        return check.finish();
    }

    /** The frozen event hash from a stored canonical payload text (what the verifier computes per row). */
    public static String eventHash(
            String sessionId, long seq, String actor, String type, String canonicalPayload, long ts, String prevHash) {
        return EventHashing.hash(sessionId, seq, actor, type, canonicalPayload, ts, prevHash);
    }

    /** The recorder's RFC 8785 writer. */
    public static String canonical(Object value) {
        return Jcs.write(value);
    }

    @Override
    public void close() {
        engine.close();
    }
}
