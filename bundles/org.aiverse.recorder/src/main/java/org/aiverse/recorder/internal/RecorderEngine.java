package org.aiverse.recorder.internal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.aiverse.contracts.Checks;
import org.aiverse.contracts.ValidationException;
import org.aiverse.contracts.api.ChainVerification;
import org.aiverse.contracts.api.Highlight;
import org.aiverse.contracts.api.MediaItem;
import org.aiverse.contracts.api.PageInfo;
import org.aiverse.contracts.api.PageRequest;
import org.aiverse.contracts.api.PlaybackFilters;
import org.aiverse.contracts.api.PlaybackRequest;
import org.aiverse.contracts.api.SeqRange;
import org.aiverse.contracts.recorder.Actor;
import org.aiverse.contracts.recorder.EventType;
import org.aiverse.contracts.recorder.SessionEvent;
import org.aiverse.json.Hashes;
import org.aiverse.json.Json;
import org.aiverse.recorder.api.AuditStub;
import org.aiverse.recorder.api.ExportResult;
import org.aiverse.recorder.api.MediaStore;
import org.aiverse.recorder.api.Playback;
import org.aiverse.recorder.api.Recorder;
import org.aiverse.recorder.api.RecordingAdmin;
import org.aiverse.recorder.api.RecordingInfo;
import org.aiverse.recorder.api.RecordingQuery;
import org.aiverse.recorder.api.RedactionRequest;
import org.aiverse.recorder.api.RetentionSettings;
import org.aiverse.recorder.api.SigningKey;
import org.aiverse.recorder.api.TranscriptEntry;

/**
 * The recorder, free of OSGi: per-session sequencing under a per-session lock (hashing in the caller's thread),
 * group commit through {@link GroupCommitWriter}s (a session always on the same one), recovery of each session's
 * last seq and hash from the database, signed checkpoints, verification, playback, retention, redaction and
 * export. Plain JDBC on the platform DataSource; the same SQL on Derby and PostgreSQL.
 */
final class RecorderEngine implements Recorder, RecordingQuery, RecordingAdmin, AutoCloseable {

    /**
     * Tunables.
     *
     * @param ingressCapacity appends queued per writer before percepts are held back (and the edge sheds them)
     * @param queueCapacity appends of work in flight (decisions, results, state changes) that may queue per writer
     *     beyond that
     */
    record Settings(int checkpointInterval, int writers, int maxBatch, int ingressCapacity, int queueCapacity) {
        static Settings defaults() {
            return new Settings(256, 2, 2000, 2_000, 50_000);
        }
    }

    /** Largest canonical payload stored inline (bytes of UTF-8); larger artifacts go to the media store. */
    static final int MAX_PAYLOAD = 32_672;

    private static final Pattern CURSOR = Pattern.compile("c_([1-9][0-9]{0,18})");
    private static final String SELECT_EVENTS =
            "SELECT seq, actor, event_type, ts, payload, prev_hash, hash, redacted, payload_utf8 FROM recorder_event";

    private final DataSource dataSource;
    private final MediaStore media;
    private final CheckpointSigner signer;
    private final Settings settings;
    private final Clock clock;
    private final GroupCommitWriter[] writers;
    private final Map<String, SessionChain> chains = new ConcurrentHashMap<>();
    private final Executor signatureExecutor = ForkJoinPool.commonPool();

    RecorderEngine(DataSource dataSource, MediaStore media, CheckpointSigner signer, Settings settings, Clock clock) {
        this.dataSource = dataSource;
        this.media = media;
        this.signer = signer;
        this.settings = settings;
        this.clock = clock;
        this.writers = new GroupCommitWriter[settings.writers()];
        for (int i = 0; i < writers.length; i++) {
            writers[i] = new GroupCommitWriter(
                    dataSource,
                    settings.maxBatch(),
                    settings.ingressCapacity(),
                    settings.queueCapacity(),
                    "aiverse-recorder-writer-" + i);
        }
        registerKey();
    }

    // ------------------------------------------------------------------ append

    @Override
    public SessionEvent append(String sessionId, Actor actor, EventType type, Map<String, Object> payload) {
        return append(sessionId, actor, type, payload, null);
    }

    @Override
    public SessionEvent appendMedia(
            String sessionId,
            Actor actor,
            EventType type,
            byte[] bytes,
            String mediaType,
            Map<String, Object> payload) {
        requireSession(sessionId);
        Checks.requireNonNull(bytes, "media");
        Checks.requireNonBlank(mediaType, "media_type");
        String mediaId = "m_" + UUID.randomUUID().toString().replace("-", "");
        String ref = media.put(sessionId, mediaId, bytes);
        String contentHash = Hashes.contentHash(bytes);
        Map<String, Object> p = new LinkedHashMap<>(payload == null ? Map.of() : payload);
        p.put("media_id", mediaId);
        p.put("content_ref", ref);
        p.put("content_hash", contentHash);
        p.put("media_type", mediaType);
        p.put("bytes", bytes.length);
        return append(sessionId, actor, type, p, new Pending.Media(mediaId, ref, contentHash, mediaType));
    }

    private SessionEvent append(
            String sessionId, Actor actor, EventType type, Map<String, Object> payload, Pending.Media mediaRow) {
        Map<String, Object> frozen = Checks.freeForm(payload, "payload");
        Pending p = enqueue(sessionId, actor, type, frozen, mediaRow);
        awaitDurable(p);
        return event(sessionId, actor, type, frozen, p);
    }

    @Override
    public boolean congested(String sessionId) {
        return writers[writerOf(sessionId)].full();
    }

    @Override
    public CompletionStage<SessionEvent> appendAsync(
            String sessionId, Actor actor, EventType type, Map<String, Object> payload) {
        Map<String, Object> frozen = Checks.freeForm(payload, "payload");
        Pending p = enqueue(sessionId, actor, type, frozen, null);
        return p.done.thenApply(done -> event(sessionId, actor, type, frozen, p));
    }

    private static SessionEvent event(
            String sessionId, Actor actor, EventType type, Map<String, Object> frozen, Pending p) {
        return new SessionEvent(sessionId, p.seq, actor, type, frozen, p.ts, p.hash, p.prevHash, metaOf(frozen));
    }

    /** Takes the event's place in its session's chain (seq, hash) and hands it to its writer for group commit. */
    private Pending enqueue(
            String sessionId, Actor actor, EventType type, Map<String, Object> frozen, Pending.Media mediaRow) {
        requireSession(sessionId);
        Checks.requireNonNull(actor, "actor");
        Checks.requireNonNull(type, "type");
        String canonical;
        try {
            canonical = Jcs.write(frozen);
        } catch (IllegalArgumentException e) {
            throw new ValidationException("payload", e.getMessage());
        }
        byte[] utf8 = canonical.getBytes(StandardCharsets.UTF_8);
        if (utf8.length > MAX_PAYLOAD) {
            throw new ValidationException(
                    "payload",
                    "too large: at most " + MAX_PAYLOAD + " bytes as canonical JSON; store large artifacts as media");
        }
        SessionChain chain = chains.computeIfAbsent(sessionId, id -> new SessionChain(id, writerOf(id)));
        GroupCommitWriter writer = writers[chain.writer];
        // room first, outside the session's lock; a percept waits for it, work in flight does not (see reserve)
        boolean permit = writer.reserve(type == EventType.PERCEPT);
        boolean queued = false;
        Pending p;
        lock(chain.lock);
        try {
            long epoch = chain.epoch.get();
            if (chain.stale) {
                load(chain);
            }
            long seq = chain.lastSeq + 1;
            long ts = Math.max(clock.instant().getEpochSecond(), chain.lastTs);
            String prev = chain.lastHash;
            String hash = EventHashing.hash(sessionId, seq, actor.wire(), type.wire(), utf8, ts, prev);
            chain.addToWindow(hash);
            Pending.Checkpoint cp = null;
            if (seq % chain.interval == 0) {
                String digest = java.util.HexFormat.of().formatHex(chain.window.digest());
                cp = new Pending.Checkpoint(
                        chain.windowFrom,
                        seq,
                        digest,
                        signer.kid(),
                        signer.sign(sessionId, chain.windowFrom, seq, digest),
                        ts);
                chain.windowFrom = seq + 1;
            }
            p = new Pending(chain, epoch, seq, actor.wire(), type.wire(), ts, utf8, prev, hash, cp, mediaRow, permit);
            writer.offer(p);
            queued = true;
            chain.lastSeq = seq;
            chain.lastHash = hash;
            chain.lastTs = ts;
        } finally {
            chain.lock.unlock();
            if (!queued) {
                writer.unreserve(permit);
            }
        }
        return p;
    }

    /**
     * Takes a session's lock, trying a few times before parking: it is held for microseconds (hash, queue), and
     * the threads of one session are woken together by their commit, so a short spin saves most park/unpark pairs.
     */
    private static void lock(ReentrantLock lock) {
        for (int i = 0; i < SPINS; i++) {
            if (lock.tryLock()) {
                return;
            }
            Thread.onSpinWait();
        }
        lock.lock();
    }

    private static final int SPINS = 100;

    private static void awaitDurable(Pending p) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    p.done.get();
                    return;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    throw cause instanceof RuntimeException re ? re : new IllegalStateException(cause);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private int writerOf(String sessionId) {
        return Math.floorMod(sessionId.hashCode(), writers.length);
    }

    /** Loads a session's chain state from the database (its last seq, hash and open checkpoint window). */
    private void load(SessionChain chain) {
        try (Connection c = dataSource.getConnection()) {
            chain.interval = ensureSession(c, chain.sessionId);
            long last = 0;
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT MAX(seq) FROM recorder_event WHERE session_id = ?")) {
                ps.setString(1, chain.sessionId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        last = rs.getLong(1);
                    }
                }
            }
            chain.lastSeq = last;
            chain.lastHash = SessionEvent.GENESIS;
            chain.lastTs = 0;
            chain.window.reset();
            chain.windowFrom = (last / chain.interval) * chain.interval + 1;
            if (last > 0) {
                try (PreparedStatement ps = c.prepareStatement("SELECT seq, hash, ts FROM recorder_event"
                        + " WHERE session_id = ? AND seq >= ? ORDER BY seq")) {
                    ps.setString(1, chain.sessionId);
                    ps.setLong(2, Math.min(chain.windowFrom, last));
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            long seq = rs.getLong(1);
                            String hash = rs.getString(2);
                            if (seq >= chain.windowFrom) {
                                chain.addToWindow(hash);
                            }
                            chain.lastHash = hash;
                            chain.lastTs = rs.getLong(3);
                        }
                    }
                }
            }
            chain.stale = false;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot load the chain of " + chain.sessionId + ": " + e.getMessage(), e);
        }
    }

    /** Makes sure the session has its settings row; returns its checkpoint interval. */
    private int ensureSession(Connection c, String sessionId) throws SQLException {
        Integer interval = sessionInterval(c, sessionId);
        if (interval != null) {
            return interval;
        }
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(true);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO recorder_session"
                + " (session_id, retention_days, pinned, legal_hold, owner_sub, checkpoint_interval, created_at)"
                + " VALUES (?, ?, 0, 0, NULL, ?, ?)")) {
            ps.setString(1, sessionId);
            ps.setInt(2, RetentionSettings.DEFAULT_DAYS);
            ps.setInt(3, settings.checkpointInterval());
            ps.setLong(4, clock.instant().getEpochSecond());
            ps.executeUpdate();
        } catch (SQLException e) {
            // another node or thread created it first
            interval = sessionInterval(c, sessionId);
            if (interval == null) {
                throw e;
            }
            return interval;
        } finally {
            c.setAutoCommit(auto);
        }
        return settings.checkpointInterval();
    }

    private static Integer sessionInterval(Connection c, String sessionId) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT checkpoint_interval FROM recorder_session WHERE session_id = ?")) {
            ps.setString(1, sessionId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : null;
            }
        }
    }

    private static String requireSession(String sessionId) {
        Checks.requireNonBlank(sessionId, "session_id");
        if (sessionId.length() > 200) {
            throw new ValidationException("session_id", "must be at most 200 characters");
        }
        return sessionId;
    }

    private static Map<String, Object> metaOf(Map<String, Object> payload) {
        return payload.get("meta") instanceof Map<?, ?> m ? Highlights.asMap(m) : Map.of();
    }

    // ------------------------------------------------------------------ playback

    @Override
    public Playback playback(PlaybackRequest request, int topK) {
        String sessionId = requireSession(request.sessionId());
        if (topK < 0 || topK > 1000) {
            throw new ValidationException("top_k", "must be between 0 and 1000");
        }
        SeqRange range = request.range() == null ? new SeqRange(null, null) : request.range();
        PlaybackFilters filters = request.filters() == null ? new PlaybackFilters(null, null) : request.filters();
        PageRequest page = request.page() == null ? new PageRequest(null, null) : request.page();
        long from = range.fromSeq() == null ? 1 : range.fromSeq();
        long to = range.toSeq() == null ? Long.MAX_VALUE : range.toSeq();
        if (page.cursor() != null) {
            Matcher m = CURSOR.matcher(page.cursor());
            if (!m.matches()) {
                throw new ValidationException("page.cursor", "is not a cursor of this playback");
            }
            long at = Long.parseLong(m.group(1));
            if (at < from || at > to) {
                throw new ValidationException("page.cursor", "is outside the requested range");
            }
            from = at;
        }
        int size = page.size();
        StringBuilder sql = new StringBuilder(SELECT_EVENTS).append(" WHERE session_id = ? AND seq >= ? AND seq <= ?");
        List<Object> params = new ArrayList<>(List.of(sessionId, from, to));
        if (!filters.actor().isEmpty()) {
            sql.append(" AND actor IN (")
                    .append("?,".repeat(filters.actor().size() - 1))
                    .append("?)");
            filters.actor().forEach(a -> params.add(a.wire()));
        }
        if (!filters.types().isEmpty()) {
            sql.append(" AND event_type IN (")
                    .append("?,".repeat(filters.types().size() - 1))
                    .append("?)");
            filters.types().forEach(t -> params.add(t.wire()));
        }
        sql.append(" ORDER BY seq FETCH FIRST ").append(size + 1).append(" ROWS ONLY");
        List<SessionEvent> events = new ArrayList<>(size);
        String next = null;
        List<MediaItem> mediaItems = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                for (int i = 0; i < params.size(); i++) {
                    ps.setObject(i + 1, params.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (events.size() == size) {
                            next = "c_" + rs.getLong(1);
                            break;
                        }
                        events.add(toEvent(sessionId, rs));
                    }
                }
            }
            if (request.includeMedia() && !events.isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement("SELECT media_id, content_ref, content_hash, ts, seq"
                        + " FROM recorder_media WHERE session_id = ? AND seq >= ? AND seq <= ? ORDER BY seq")) {
                    ps.setString(1, sessionId);
                    ps.setLong(2, events.get(0).seq());
                    ps.setLong(3, events.get(events.size() - 1).seq());
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            mediaItems.add(
                                    new MediaItem(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4)));
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("playback failed: " + e.getMessage(), e);
        }
        List<Highlight> highlights = topK == 0 ? List.of() : Highlights.extract(events, topK);
        List<TranscriptEntry> transcript = Transcripts.of(events);
        return new Playback(events, mediaItems, highlights, new PageInfo(next), transcript);
    }

    private static SessionEvent toEvent(String sessionId, ResultSet rs) throws SQLException {
        Map<String, Object> payload = Highlights.asMap(Json.read(StoredPayload.bytes(rs, 9, 5), Map.class));
        Map<String, Object> meta = metaOf(payload);
        if (rs.getInt(8) != 0) {
            meta = Map.of("redacted", true);
        }
        return new SessionEvent(
                sessionId,
                rs.getLong(1),
                Actor.fromWire(rs.getString(2)),
                EventType.fromWire(rs.getString(3)),
                payload,
                rs.getLong(4),
                rs.getString(7),
                rs.getString(6),
                meta);
    }

    // ------------------------------------------------------------------ verification

    @Override
    public ChainVerification verify(String sessionId) {
        requireSession(sessionId);
        try (Connection c = dataSource.getConnection()) {
            Integer interval = sessionInterval(c, sessionId);
            if (interval == null) {
                throw new NoSuchElementException("no recording of session " + sessionId);
            }
            ChainCheck check =
                    new ChainCheck(sessionId, checkpoints(c, sessionId), keyMap(c), interval, signatureExecutor);
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(SELECT_EVENTS + " WHERE session_id = ? ORDER BY seq")) {
                ps.setFetchSize(2000);
                ps.setString(1, sessionId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (!check.row(
                                rs.getLong(1),
                                rs.getString(2),
                                rs.getString(3),
                                rs.getLong(4),
                                StoredPayload.bytes(rs, 9, 5),
                                rs.getString(6),
                                rs.getString(7),
                                rs.getInt(8) != 0)) {
                            break;
                        }
                    }
                }
            } finally {
                c.commit();
                c.setAutoCommit(auto);
            }
            return check.finish();
        } catch (SQLException e) {
            throw new IllegalStateException("verification failed: " + e.getMessage(), e);
        }
    }

    private static Map<Long, ChainCheck.CheckpointRow> checkpoints(Connection c, String sessionId) throws SQLException {
        Map<Long, ChainCheck.CheckpointRow> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT from_seq, to_seq, cp_hash, kid, signature FROM recorder_checkpoint WHERE session_id = ?")) {
            ps.setString(1, sessionId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(
                            rs.getLong(2),
                            new ChainCheck.CheckpointRow(
                                    rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5)));
                }
            }
        }
        return out;
    }

    private static Map<String, String> keyMap(Connection c) throws SQLException {
        Map<String, String> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT kid, public_key FROM recorder_key");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getString(2));
            }
        }
        return out;
    }

    private void registerKey() {
        try (Connection c = dataSource.getConnection()) {
            if (!keyMap(c).containsKey(signer.kid())) {
                try (PreparedStatement ps =
                        c.prepareStatement("INSERT INTO recorder_key (kid, public_key, created_at) VALUES (?, ?, ?)")) {
                    ps.setString(1, signer.kid());
                    ps.setString(2, signer.publicKeyX());
                    ps.setLong(3, clock.instant().getEpochSecond());
                    ps.executeUpdate();
                }
                if (!c.getAutoCommit()) {
                    c.commit();
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot register the checkpoint key: " + e.getMessage(), e);
        }
    }

    @Override
    public List<SigningKey> keys() {
        List<SigningKey> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("SELECT kid, public_key, created_at FROM recorder_key ORDER BY created_at");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new SigningKey(rs.getString(1), "OKP", "Ed25519", rs.getString(2), rs.getLong(3)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read keys: " + e.getMessage(), e);
        }
        return out;
    }

    String kid() {
        return signer.kid();
    }

    CheckpointSigner signer() {
        return signer;
    }

    // ------------------------------------------------------------------ recordings

    private static final String SELECT_RECORDINGS = "SELECT s.session_id, s.retention_days, s.pinned, s.legal_hold,"
            + " s.owner_sub, s.created_at, (SELECT MAX(e.seq) FROM recorder_event e WHERE e.session_id = s.session_id),"
            + " (SELECT MIN(e.ts) FROM recorder_event e WHERE e.session_id = s.session_id),"
            + " (SELECT MAX(e.ts) FROM recorder_event e WHERE e.session_id = s.session_id),"
            + " (SELECT COUNT(*) FROM recorder_checkpoint k WHERE k.session_id = s.session_id)"
            + " FROM recorder_session s";

    @Override
    public List<RecordingInfo> recordings() {
        return queryRecordings(SELECT_RECORDINGS + " ORDER BY s.session_id", null);
    }

    @Override
    public Optional<RecordingInfo> recording(String sessionId) {
        requireSession(sessionId);
        return queryRecordings(SELECT_RECORDINGS + " WHERE s.session_id = ?", sessionId).stream()
                .findFirst();
    }

    private List<RecordingInfo> queryRecordings(String sql, String sessionId) {
        List<RecordingInfo> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            if (sessionId != null) {
                ps.setString(1, sessionId);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String id = rs.getString(1);
                    long last = rs.getLong(7);
                    String lastHash = SessionEvent.GENESIS;
                    if (last > 0) {
                        lastHash = lastHash(c, id, last);
                    }
                    int days = rs.getInt(2);
                    boolean pinned = rs.getInt(3) != 0;
                    boolean hold = rs.getInt(4) != 0;
                    long lastTs = last > 0 ? rs.getLong(9) : rs.getLong(6);
                    Long expires = pinned || hold ? null : lastTs + days * 86_400L;
                    out.add(new RecordingInfo(
                            id,
                            last,
                            lastHash,
                            last > 0 ? rs.getLong(8) : 0,
                            last > 0 ? rs.getLong(9) : 0,
                            rs.getLong(10),
                            days,
                            pinned,
                            hold,
                            rs.getString(5),
                            expires));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot list recordings: " + e.getMessage(), e);
        }
        return out;
    }

    private static String lastHash(Connection c, String sessionId, long seq) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT hash FROM recorder_event WHERE session_id = ? AND seq = ?")) {
            ps.setString(1, sessionId);
            ps.setLong(2, seq);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : SessionEvent.GENESIS;
            }
        }
    }

    private RecordingInfo requireRecording(String sessionId) {
        return recording(sessionId)
                .orElseThrow(() -> new NoSuchElementException("no recording of session " + sessionId));
    }

    // ------------------------------------------------------------------ retention, redaction, deletion

    @Override
    public void assignOwner(String sessionId, String subject) {
        requireSession(sessionId);
        Checks.requireNonBlank(subject, "owner");
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            ensureSession(c, sessionId);
            update(c, "UPDATE recorder_session SET owner_sub = ? WHERE session_id = ?", subject, sessionId);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot assign the owner: " + e.getMessage(), e);
        }
    }

    @Override
    public RecordingInfo retention(String sessionId, RetentionSettings s) {
        RecordingInfo before = requireRecording(sessionId);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            if (s.retentionDays() != null) {
                update(
                        c,
                        "UPDATE recorder_session SET retention_days = ? WHERE session_id = ?",
                        s.retentionDays(),
                        sessionId);
            }
            if (s.pinned() != null) {
                update(c, "UPDATE recorder_session SET pinned = ? WHERE session_id = ?", s.pinned() ? 1 : 0, sessionId);
            }
            if (s.legalHold() != null && s.legalHold() != before.legalHold()) {
                update(
                        c,
                        "UPDATE recorder_session SET legal_hold = ? WHERE session_id = ?",
                        s.legalHold() ? 1 : 0,
                        sessionId);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot change retention: " + e.getMessage(), e);
        }
        if (s.legalHold() != null && s.legalHold() != before.legalHold()) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("audit", "legal_hold");
            p.put("legal_hold", s.legalHold());
            p.put("immutable", s.legalHold());
            if (s.reason() != null) {
                p.put("reason", s.reason());
            }
            append(sessionId, Actor.SYSTEM, EventType.STATE_CHANGE, p);
        }
        return requireRecording(sessionId);
    }

    @Override
    public List<AuditStub> redact(String sessionId, RedactionRequest request) {
        RecordingInfo info = requireRecording(sessionId);
        if (info.legalHold()) {
            throw new LegalHoldException("session " + sessionId + " is under legal hold: nothing may be redacted");
        }
        long now = clock.instant().getEpochSecond();
        List<AuditStub> stubs = new ArrayList<>();
        List<Map<String, Object>> listed = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                for (long seq : request.seqs().stream().distinct().sorted().toList()) {
                    String payload;
                    long ts;
                    String type;
                    boolean already;
                    try (PreparedStatement ps = c.prepareStatement("SELECT payload, ts, event_type, redacted,"
                            + " payload_utf8 FROM recorder_event WHERE session_id = ? AND seq = ?")) {
                        ps.setString(1, sessionId);
                        ps.setLong(2, seq);
                        try (ResultSet rs = ps.executeQuery()) {
                            if (!rs.next()) {
                                throw new ValidationException("seqs", "session has no event " + seq);
                            }
                            payload = StoredPayload.text(rs, 5, 1);
                            ts = rs.getLong(2);
                            type = rs.getString(3);
                            already = rs.getInt(4) != 0;
                        }
                    }
                    if (already) {
                        continue;
                    }
                    if ("state_change".equals(type) && payload.contains("\"audit\":")) {
                        throw new ValidationException("seqs", "event " + seq + " is an audit record");
                    }
                    String checksum = Hashes.CONTENT_HASH_PREFIX + EventHashing.sha256Hex(payload);
                    Map<String, Object> stub = new LinkedHashMap<>();
                    stub.put("redacted", true);
                    stub.put("checksum", checksum);
                    stub.put("redacted_at", now);
                    try (PreparedStatement ps = c.prepareStatement("UPDATE recorder_event SET payload_utf8 = ?,"
                            + " payload = '', redacted = 1 WHERE session_id = ? AND seq = ?")) {
                        ps.setBytes(1, Jcs.write(stub).getBytes(StandardCharsets.UTF_8));
                        ps.setString(2, sessionId);
                        ps.setLong(3, seq);
                        ps.executeUpdate();
                    }
                    insertAudit(c, sessionId, seq, ts, checksum, "redaction", now, request.reason());
                    stubs.add(new AuditStub(sessionId, seq, ts, checksum, "redaction", now, request.reason()));
                    listed.add(Map.of("seq", seq, "ts", ts, "checksum", checksum));
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("redaction failed: " + e.getMessage(), e);
        }
        if (!listed.isEmpty()) {
            Map<String, Object> audit = new LinkedHashMap<>();
            audit.put("audit", "redaction");
            audit.put("redacted", listed);
            if (request.reason() != null) {
                audit.put("reason", request.reason());
            }
            append(sessionId, Actor.SYSTEM, EventType.STATE_CHANGE, audit);
        }
        return stubs;
    }

    @Override
    public AuditStub delete(String sessionId, String reason) {
        RecordingInfo info = requireRecording(sessionId);
        if (info.legalHold()) {
            throw new LegalHoldException("session " + sessionId + " is under legal hold: it may not be deleted");
        }
        SessionChain chain = chains.computeIfAbsent(sessionId, id -> new SessionChain(id, writerOf(id)));
        long now = clock.instant().getEpochSecond();
        AuditStub stub;
        chain.lock.lock();
        try {
            RecordingInfo current = requireRecording(sessionId);
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false);
                try {
                    for (String table : List.of("recorder_event", "recorder_checkpoint", "recorder_media")) {
                        update(c, "DELETE FROM " + table + " WHERE session_id = ?", sessionId);
                    }
                    update(c, "DELETE FROM recorder_session WHERE session_id = ?", sessionId);
                    stub = new AuditStub(
                            sessionId,
                            0,
                            current.lastTs(),
                            Hashes.CONTENT_HASH_PREFIX + current.lastHash(),
                            "deletion",
                            now,
                            reason);
                    insertAudit(c, sessionId, 0, current.lastTs(), stub.checksum(), "deletion", now, reason);
                    c.commit();
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    throw e;
                }
            } catch (SQLException e) {
                throw new IllegalStateException("deletion failed: " + e.getMessage(), e);
            }
            media.deleteSession(sessionId);
            chain.stale = true;
            chain.epoch.incrementAndGet();
        } finally {
            chain.lock.unlock();
        }
        return stub;
    }

    @Override
    public List<AuditStub> purgeExpired() {
        long now = clock.instant().getEpochSecond();
        Map<String, Integer> expired = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection()) {
            Map<String, Long> lastSeq = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement(SELECT_LAST_SEQS);
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    lastSeq.put(rs.getString(1), rs.getLong(2));
                }
            }
            try (PreparedStatement ps = c.prepareStatement(SELECT_DELETABLE);
                    PreparedStatement at = c.prepareStatement(SELECT_EVENT_TS);
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String id = rs.getString(1);
                    int days = rs.getInt(2);
                    Long seq = lastSeq.get(id);
                    long lastTs = seq == null ? rs.getLong(3) : eventTs(at, id, seq, rs.getLong(3));
                    if (lastTs + days * 86_400L <= now) {
                        expired.put(id, days);
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot find expired recordings: " + e.getMessage(), e);
        }
        List<AuditStub> out = new ArrayList<>();
        for (Map.Entry<String, Integer> r : expired.entrySet()) {
            try {
                out.add(delete(r.getKey(), "retention expired (" + r.getValue() + " days)"));
            } catch (NoSuchElementException | IllegalStateException e) {
                // deleted or held meanwhile
            }
        }
        return out;
    }

    /*
     * The sweep finds each deletable session's last event by its key: the last seq of every session from the primary
     * key's index alone, then one key lookup per session for that event's time (a chain's times never decrease). It
     * once used the full listing ({@link #recordings}), whose MIN/MAX of ts read every event row, a tenth of the
     * platform's CPU under load while it ran; a correlated MAX(seq) subquery was worse still on Derby.
     */
    private static final String SELECT_LAST_SEQS =
            "SELECT session_id, MAX(seq) FROM recorder_event GROUP BY session_id";
    private static final String SELECT_DELETABLE = "SELECT session_id, retention_days, created_at FROM recorder_session"
            + " WHERE pinned = 0 AND legal_hold = 0";
    private static final String SELECT_EVENT_TS = "SELECT ts FROM recorder_event WHERE session_id = ? AND seq = ?";

    private static long eventTs(PreparedStatement at, String sessionId, long seq, long otherwise) throws SQLException {
        at.setString(1, sessionId);
        at.setLong(2, seq);
        try (ResultSet rs = at.executeQuery()) {
            return rs.next() ? rs.getLong(1) : otherwise;
        }
    }

    @Override
    public List<AuditStub> auditStubs(String sessionId) {
        requireSession(sessionId);
        List<AuditStub> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT seq, ts, checksum, kind, removed_at, reason"
                        + " FROM recorder_audit WHERE session_id = ? ORDER BY id")) {
            ps.setString(1, sessionId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new AuditStub(
                            sessionId,
                            rs.getLong(1),
                            rs.getLong(2),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getLong(5),
                            rs.getString(6)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read audit stubs: " + e.getMessage(), e);
        }
        return out;
    }

    private static void insertAudit(
            Connection c, String sessionId, long seq, long ts, String checksum, String kind, long at, String reason)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO recorder_audit"
                + " (session_id, seq, ts, checksum, kind, removed_at, reason) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, sessionId);
            ps.setLong(2, seq);
            ps.setLong(3, ts);
            ps.setString(4, checksum);
            ps.setString(5, kind);
            ps.setLong(6, at);
            ps.setString(7, reason);
            ps.executeUpdate();
        }
    }

    private static int update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            return ps.executeUpdate();
        }
    }

    // ------------------------------------------------------------------ export

    @Override
    public ExportResult export(String sessionId, Path directory) {
        RecordingInfo info = requireRecording(sessionId);
        return new Exporter(dataSource, media, signer, clock).export(info, directory, sessionIntervalOf(sessionId));
    }

    private int sessionIntervalOf(String sessionId) {
        try (Connection c = dataSource.getConnection()) {
            Integer i = sessionInterval(c, sessionId);
            return i == null ? settings.checkpointInterval() : i;
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------ lifecycle and stats

    /** Rows committed, batches committed, failed batches, appends waiting. */
    Map<String, Object> stats() {
        long rows = 0;
        long batches = 0;
        long failures = 0;
        int queued = 0;
        for (GroupCommitWriter w : writers) {
            rows += w.rows();
            batches += w.batches();
            failures += w.failures();
            queued += w.queued();
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("events_committed", rows);
        m.put("batches_committed", batches);
        m.put("avg_batch", batches == 0 ? 0 : Math.round(rows * 10.0 / batches) / 10.0);
        m.put("failed_batches", failures);
        m.put("queued", queued);
        m.put("kid", signer.kid());
        return m;
    }

    @Override
    public void close() {
        for (GroupCommitWriter w : writers) {
            w.close();
        }
    }
}
