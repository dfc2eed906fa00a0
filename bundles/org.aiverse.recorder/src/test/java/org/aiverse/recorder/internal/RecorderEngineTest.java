package org.aiverse.recorder.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.aiverse.contracts.ValidationException;
import org.aiverse.contracts.api.ChainVerification;
import org.aiverse.contracts.api.PageRequest;
import org.aiverse.contracts.api.PlaybackFilters;
import org.aiverse.contracts.api.PlaybackRequest;
import org.aiverse.contracts.api.SeqRange;
import org.aiverse.contracts.recorder.Actor;
import org.aiverse.contracts.recorder.EventType;
import org.aiverse.contracts.recorder.SessionEvent;
import org.aiverse.json.Hashes;
import org.aiverse.recorder.api.AuditStub;
import org.aiverse.recorder.api.Playback;
import org.aiverse.recorder.api.RedactionRequest;
import org.aiverse.recorder.api.RetentionSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The recorder on a real (in-memory Derby) database: chains, durability bookkeeping, verification, playback. */
class RecorderEngineTest {

    @TempDir
    Path tmp;

    private DataSource ds;
    private CheckpointSigner signer;
    private RecorderEngine engine;
    private final MutableClock clock = new MutableClock(1_712_345_700L);

    /** The database the tests run on. */
    protected DataSource database() {
        return TestDatabases.derby();
    }

    @BeforeEach
    void start() {
        ds = database();
        signer = CheckpointSigner.ephemeral();
        engine = newEngine(8);
    }

    private RecorderEngine newEngine(int interval) {
        return new RecorderEngine(
                ds,
                FileMediaStore.open(tmp.resolve("media")),
                signer,
                new RecorderEngine.Settings(interval, 2, 500, 10_000, 10_000),
                clock);
    }

    @AfterEach
    void stop() {
        engine.close();
    }

    private SessionEvent speak(String session, String text) {
        return engine.append(
                session, Actor.AI, EventType.INTENT, Map.of("type", "speak", "params", Map.of("text", text)));
    }

    @Test
    void appendsBuildTheFrozenChain() {
        SessionEvent first = speak("s1", "hello");
        SessionEvent second = speak("s1", "again");
        assertThat(first.seq()).isEqualTo(1);
        assertThat(first.prevHash()).isEqualTo(SessionEvent.GENESIS);
        assertThat(first.hash()).isEqualTo(Hashes.eventHash(first));
        assertThat(second.seq()).isEqualTo(2);
        assertThat(second.prevHash()).isEqualTo(first.hash());
        assertThat(Hashes.verify(second)).isTrue();
        assertThat(speak("s2", "other").seq()).as("sessions are independent").isEqualTo(1);
        assertThat(engine.verify("s1")).isEqualTo(new ChainVerification(true, 2, null, null));
    }

    @Test
    void concurrentAppendsOfManySessionsHaveNoGapsAndVerify() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        Map<String, List<Long>> seqs = new ConcurrentHashMap<>();
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                for (int i = 0; i < 60; i++) {
                    String s = "sess_" + ((thread + i) % 5);
                    SessionEvent e = engine.append(s, Actor.USER, EventType.PERCEPT, Map.of("i", i, "t", thread));
                    seqs.computeIfAbsent(s, k -> java.util.Collections.synchronizedList(new ArrayList<>()))
                            .add(e.seq());
                }
            }));
        }
        for (Future<?> f : futures) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        for (int s = 0; s < 5; s++) {
            List<Long> got = new ArrayList<>(seqs.get("sess_" + s));
            got.sort(null);
            for (int i = 0; i < got.size(); i++) {
                assertThat(got.get(i)).isEqualTo(i + 1L);
            }
            ChainVerification v = engine.verify("sess_" + s);
            assertThat(v.ok()).as("sess_%s: %s", s, v).isTrue();
            assertThat(v.verified()).isEqualTo(got.size());
        }
        assertThat(engine.stats().get("events_committed")).isEqualTo(960L);
    }

    @Test
    void pipelinedAppendsGoInBatchesOfEverySizeAndEveryChainVerifies() throws Exception {
        // appends queued faster than the writer commits: batches of up to 500 rows, written as 128-row statements
        // and the rest in statements of 64, 32, ..., 1 rows
        List<java.util.concurrent.CompletableFuture<SessionEvent>> pending = new ArrayList<>();
        for (int i = 0; i < 3_001; i++) {
            pending.add(engine.appendAsync("pipe_" + (i % 7), Actor.USER, EventType.PERCEPT, Map.of("i", i))
                    .toCompletableFuture());
        }
        for (java.util.concurrent.CompletableFuture<SessionEvent> f : pending) {
            f.get(60, TimeUnit.SECONDS);
        }
        long total = 0;
        for (int s = 0; s < 7; s++) {
            ChainVerification v = engine.verify("pipe_" + s);
            assertThat(v.ok()).as("pipe_%s: %s", s, v).isTrue();
            total += v.verified();
        }
        assertThat(total).isEqualTo(3_001);
        assertThat(engine.stats().get("events_committed")).isEqualTo(3_001L);
    }

    @Test
    void aRestartContinuesEachChainFromTheDatabase() {
        for (int i = 0; i < 11; i++) {
            speak("s1", "n" + i);
        }
        engine.close();
        engine = newEngine(8);
        SessionEvent next = speak("s1", "after restart");
        assertThat(next.seq()).isEqualTo(12);
        for (int i = 0; i < 10; i++) {
            speak("s1", "more" + i);
        }
        ChainVerification v = engine.verify("s1");
        assertThat(v.ok()).as("%s", v).isTrue();
        assertThat(v.verified()).isEqualTo(22);
        assertThat(engine.recording("s1").orElseThrow().checkpoints()).isEqualTo(2);
    }

    @Test
    void theLimitIsOnTheStoredBytesSoEveryAcceptedPayloadFitsItsColumn() {
        // 10,000 euro signs are 30,000 bytes of UTF-8: stored; 11,000 are 33,000 bytes in fewer than 32,672 characters
        SessionEvent fits = engine.append("s1", Actor.AI, EventType.METRIC, Map.of("x", "\u20ac".repeat(10_000)));
        assertThat(engine.playback(new PlaybackRequest("s1", new SeqRange(1L, 1L), null, null, null), 0)
                        .events()
                        .get(0)
                        .payload())
                .isEqualTo(fits.payload());
        assertThatThrownBy(() -> engine.append("s1", Actor.AI, EventType.METRIC, Map.of("x", "\u20ac".repeat(11_000))))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("payload")
                .hasMessageContaining("32672 bytes");
        assertThat(engine.verify("s1").ok()).isTrue();
    }

    @Test
    void eventsRecordedBeforeTheBytesColumnAreReadVerifiedAndRedactedFromTheirText() {
        List<SessionEvent> written = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            written.add(speak("s1", "text \u00e9 " + i));
        }
        // rows as migration V1 stored them: the canonical text in payload, no payload_utf8
        for (long seq = 1; seq <= 10; seq += 2) {
            TestDatabases.execute(
                    ds,
                    "UPDATE recorder_event SET payload = ?, payload_utf8 = NULL WHERE session_id = 's1' AND seq = ?",
                    Jcs.write(written.get((int) seq - 1).payload()),
                    seq);
        }
        assertThat(engine.verify("s1")).isEqualTo(new ChainVerification(true, 10, null, null));
        List<SessionEvent> read = engine.playback(new PlaybackRequest("s1", new SeqRange(1L, 10L), null, null, null), 0)
                .events();
        assertThat(read)
                .extracting(SessionEvent::payload)
                .isEqualTo(written.stream().map(SessionEvent::payload).toList());
        assertThat(read)
                .extracting(SessionEvent::hash)
                .isEqualTo(written.stream().map(SessionEvent::hash).toList());
        engine.redact("s1", new RedactionRequest(List.of(3L), "test"));
        assertThat(engine.verify("s1").ok()).isTrue();
        TestDatabases.execute(
                ds,
                "UPDATE recorder_event SET payload = ? WHERE session_id = 's1' AND seq = 5",
                "{\"params\":{\"text\":\"forged\"},\"type\":\"speak\"}");
        assertThat(engine.verify("s1").firstBadSeq()).isEqualTo(5L);
    }

    @Test
    void verificationFindsAChangedByte() {
        for (int i = 0; i < 20; i++) {
            speak("s1", "text " + i);
        }
        TestDatabases.execute(
                ds,
                "UPDATE recorder_event SET payload_utf8 = ? WHERE session_id = 's1' AND seq = 13",
                utf8("{\"params\":{\"text\":\"text 13!\"},\"type\":\"speak\"}"));
        assertThat(engine.verify("s1")).isEqualTo(new ChainVerification(false, 12, 13L, "hash mismatch"));
    }

    @Test
    void verificationFindsAChangedTimestampActorOrType() {
        for (int i = 0; i < 5; i++) {
            speak("s1", "t" + i);
        }
        TestDatabases.execute(ds, "UPDATE recorder_event SET ts = ts + 1 WHERE session_id = 's1' AND seq = 4");
        assertThat(engine.verify("s1").firstBadSeq()).isEqualTo(4L);
        TestDatabases.execute(ds, "UPDATE recorder_event SET ts = ts - 1 WHERE session_id = 's1' AND seq = 4");
        TestDatabases.execute(ds, "UPDATE recorder_event SET actor = 'user' WHERE session_id = 's1' AND seq = 2");
        assertThat(engine.verify("s1").firstBadSeq()).isEqualTo(2L);
    }

    @Test
    void verificationFindsAGap() {
        for (int i = 0; i < 6; i++) {
            speak("s1", "t" + i);
        }
        TestDatabases.execute(ds, "DELETE FROM recorder_event WHERE session_id = 's1' AND seq = 4");
        ChainVerification v = engine.verify("s1");
        assertThat(v.ok()).isFalse();
        assertThat(v.firstBadSeq()).isEqualTo(4L);
        assertThat(v.reason()).startsWith("gap");
        assertThat(v.verified()).isEqualTo(3);
    }

    @Test
    void verificationFindsABrokenLinkEvenWhenTheHashWasRecomputed() {
        for (int i = 0; i < 6; i++) {
            speak("s1", "t" + i);
        }
        // A forger rewrites event 3 and recomputes its hash: event 3 verifies alone, event 4's link breaks.
        String forged = "{\"params\":{\"text\":\"forged\"},\"type\":\"speak\"}";
        String prev = engine.playback(new PlaybackRequest("s1", new SeqRange(2L, 2L), null, null, null), 0)
                .events()
                .get(0)
                .hash();
        long ts = clock.now;
        String hash = EventHashing.hash("s1", 3, "ai", "intent", forged, ts, prev);
        TestDatabases.execute(
                ds,
                "UPDATE recorder_event SET payload_utf8 = ?, hash = ?, ts = ? WHERE session_id = 's1' AND seq = 3",
                utf8(forged),
                hash,
                ts);
        ChainVerification v = engine.verify("s1");
        assertThat(v.firstBadSeq()).isEqualTo(4L);
        assertThat(v.reason()).startsWith("broken link");
    }

    @Test
    void verificationChecksTheSignedCheckpoints() {
        for (int i = 0; i < 17; i++) {
            speak("s1", "t" + i);
        }
        assertThat(engine.verify("s1").ok()).isTrue();
        TestDatabases.execute(
                ds,
                "UPDATE recorder_checkpoint SET cp_hash = ? WHERE session_id = 's1' AND to_seq = 16",
                "0".repeat(64));
        ChainVerification v = engine.verify("s1");
        assertThat(v.firstBadSeq()).isEqualTo(16L);
        assertThat(v.reason()).startsWith("checkpoint mismatch");
    }

    @Test
    void aForgedCheckpointSignatureIsFound() {
        for (int i = 0; i < 8; i++) {
            speak("s1", "t" + i);
        }
        CheckpointSigner other = CheckpointSigner.ephemeral();
        String cp;
        try (var c = ds.getConnection();
                var rs = c.createStatement().executeQuery("SELECT cp_hash FROM recorder_checkpoint")) {
            rs.next();
            cp = rs.getString(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        String forged = other.sign(CheckpointSigner.message("s1", 1, 8, cp, signer.kid()));
        TestDatabases.execute(ds, "UPDATE recorder_checkpoint SET signature = ?", forged);
        ChainVerification v = engine.verify("s1");
        assertThat(v.firstBadSeq()).isEqualTo(8L);
        assertThat(v.reason()).startsWith("bad checkpoint signature");
    }

    @Test
    void aDeletedCheckpointOrTruncatedTailIsFound() {
        for (int i = 0; i < 16; i++) {
            speak("s1", "t" + i);
        }
        TestDatabases.execute(ds, "DELETE FROM recorder_event WHERE session_id = 's1' AND seq > 12");
        ChainVerification v = engine.verify("s1");
        assertThat(v.ok()).isFalse();
        assertThat(v.firstBadSeq()).isEqualTo(16L);
        TestDatabases.execute(ds, "DELETE FROM recorder_checkpoint WHERE to_seq = 8");
        assertThat(engine.verify("s1").firstBadSeq()).isEqualTo(8L);
    }

    @Test
    void redactionIsIrreversibleKeepsAnAuditStubAndTheChainStillVerifies() {
        for (int i = 0; i < 10; i++) {
            speak("s1", "secret " + i);
        }
        List<AuditStub> stubs = engine.redact("s1", new RedactionRequest(List.of(3L, 5L), "user request"));
        assertThat(stubs).extracting(AuditStub::seq).containsExactly(3L, 5L);
        assertThat(stubs.get(0).checksum()).startsWith("sha256:");
        ChainVerification v = engine.verify("s1");
        assertThat(v.ok()).as("%s", v).isTrue();
        assertThat(v.verified()).isEqualTo(11);
        Playback p = engine.playback(new PlaybackRequest("s1", new SeqRange(3L, 3L), null, null, null), 20);
        SessionEvent redacted = p.events().get(0);
        assertThat(redacted.payload()).containsEntry("redacted", true).doesNotContainKey("params");
        assertThat(redacted.meta()).containsEntry("redacted", true);
        assertThat(engine.auditStubs("s1")).hasSize(2);
        SessionEvent audit = engine.playback(new PlaybackRequest("s1", new SeqRange(11L, 11L), null, null, null), 0)
                .events()
                .get(0);
        assertThat(audit.type()).isEqualTo(EventType.STATE_CHANGE);
        assertThat(audit.payload()).containsEntry("audit", "redaction");
        // A payload silently replaced by a fake stub (no audit event lists it) is found.
        TestDatabases.execute(
                ds,
                "UPDATE recorder_event SET redacted = 1, payload_utf8 = ? WHERE session_id = 's1' AND seq = 7",
                utf8("{\"checksum\":\"sha256:00\",\"redacted\":true}"));
        ChainVerification forged = engine.verify("s1");
        assertThat(forged.firstBadSeq()).isEqualTo(7L);
        assertThat(forged.reason()).contains("redaction audit");
    }

    @Test
    void legalHoldBlocksRedactionAndDeletionAndIsRecordedInTheChain() {
        speak("s1", "x");
        engine.retention("s1", new RetentionSettings(null, null, true, "case 42"));
        assertThatThrownBy(() -> engine.redact("s1", new RedactionRequest(List.of(1L), null)))
                .isInstanceOf(LegalHoldException.class);
        assertThatThrownBy(() -> engine.delete("s1", "x")).isInstanceOf(LegalHoldException.class);
        SessionEvent hold = engine.playback(new PlaybackRequest("s1", null, null, null, null), 0)
                .events()
                .get(1);
        assertThat(hold.payload()).containsEntry("legal_hold", true).containsEntry("immutable", true);
        assertThat(engine.verify("s1").ok()).isTrue();
    }

    @Test
    void retentionDeletesExpiredRecordingsExceptPinnedAndHeldOnesAndKeepsAStub() {
        speak("old", "a");
        speak("pinned", "b");
        speak("held", "c");
        speak("young", "d");
        engine.retention("old", new RetentionSettings(0, null, null, null));
        engine.retention("pinned", new RetentionSettings(0, true, null, null));
        engine.retention("held", new RetentionSettings(0, null, true, null));
        assertThatThrownBy(() -> new RetentionSettings(366, null, null, null)).isInstanceOf(ValidationException.class);
        clock.now += 86_400;
        List<AuditStub> deleted = engine.purgeExpired();
        assertThat(deleted).extracting(AuditStub::sessionId).containsExactly("old");
        assertThat(deleted.get(0).action()).isEqualTo("deletion");
        assertThat(engine.recording("old")).isEmpty();
        assertThat(engine.auditStubs("old")).hasSize(1);
        assertThat(engine.recording("pinned")).isPresent();
        assertThat(engine.recording("held")).isPresent();
        assertThat(engine.recording("young").orElseThrow().retentionDays()).isEqualTo(30);
        clock.now += 31 * 86_400L;
        assertThat(engine.purgeExpired()).extracting(AuditStub::sessionId).containsExactly("young");
        assertThat(speak("old", "new life").seq())
                .as("a deleted session starts a new chain")
                .isEqualTo(1);
    }

    @Test
    void pagingWithACursorReturnsEveryEventOnceAndFiltersApply() {
        for (int i = 0; i < 25; i++) {
            engine.append("s1", i % 2 == 0 ? Actor.AI : Actor.USER, EventType.INTENT, Map.of("i", i));
        }
        List<Long> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Playback p = engine.playback(new PlaybackRequest("s1", null, null, false, new PageRequest(10, cursor)), 20);
            p.events().forEach(e -> seen.add(e.seq()));
            cursor = p.page().nextCursor();
            pages++;
        } while (cursor != null);
        assertThat(pages).isEqualTo(3);
        assertThat(seen).hasSize(25).doesNotHaveDuplicates().isSorted();
        Playback users = engine.playback(
                new PlaybackRequest(
                        "s1",
                        new SeqRange(5L, 20L),
                        new PlaybackFilters(List.of(Actor.USER), null),
                        false,
                        new PageRequest(5, null)),
                20);
        assertThat(users.events()).extracting(SessionEvent::seq).containsExactly(6L, 8L, 10L, 12L, 14L);
        assertThat(users.page().nextCursor()).isEqualTo("c_16");
        Playback rest = engine.playback(
                new PlaybackRequest(
                        "s1",
                        new SeqRange(5L, 20L),
                        new PlaybackFilters(List.of(Actor.USER), null),
                        false,
                        new PageRequest(5, "c_16")),
                20);
        assertThat(rest.events()).extracting(SessionEvent::seq).containsExactly(16L, 18L, 20L);
        assertThat(rest.page().nextCursor()).isNull();
        assertThatThrownBy(() -> engine.playback(
                        new PlaybackRequest("s1", new SeqRange(5L, 20L), null, false, new PageRequest(5, "c_99")), 5))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("page.cursor");
        assertThatThrownBy(() ->
                        engine.playback(new PlaybackRequest("s1", null, null, false, new PageRequest(5, "zzz")), 5))
                .isInstanceOf(ValidationException.class);
    }

    @Test
    void playbackCarriesTranscriptMediaAndHighlights() {
        engine.append(
                "s1",
                Actor.USER,
                EventType.PERCEPT,
                Map.of(
                        "id",
                        "p_1",
                        "type",
                        "chat",
                        "source",
                        "user",
                        "payload",
                        Map.of("text", "hello there!", "speaker", "alice"),
                        "ts",
                        1));
        clock.now += 1;
        speak("s1", "Hello Alice, welcome back!");
        clock.now += 30;
        engine.append("s1", Actor.AI, EventType.POLICY_BLOCK, Map.of("reason_code", "blocked_budget"));
        SessionEvent withMedia = engine.appendMedia(
                "s1",
                Actor.USER,
                EventType.PERCEPT,
                "voice".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                "audio/ogg",
                Map.of("type", "audio"));
        assertThat(withMedia.payload())
                .containsKeys("content_ref", "content_hash")
                .doesNotContainKey("bytes_raw");
        assertThat(withMedia.payload().get("content_hash"))
                .isEqualTo(Hashes.contentHash("voice".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        Playback p = engine.playback(new PlaybackRequest("s1", null, null, true, null), 20);
        assertThat(p.transcript()).hasSize(2);
        assertThat(p.transcript().get(0).speaker()).isEqualTo("alice");
        assertThat(p.transcript().get(0).text()).isEqualTo("hello there!");
        assertThat(p.transcript().get(1).speaker()).isEqualTo("ai");
        assertThat(p.media()).hasSize(1);
        assertThat(p.media().get(0).contentRef()).isEqualTo(withMedia.payload().get("content_ref"));
        assertThat(p.highlights()).isNotEmpty();
        assertThat(p.highlights()).anySatisfy(h -> {
            assertThat(h.label()).isEqualTo("policy_block");
            assertThat(h.features()).contains("policy_salience");
        });
        assertThat(engine.playback(new PlaybackRequest("s1", null, null, false, null), 20)
                        .media())
                .isEmpty();
        assertThat(engine.verify("s1").ok()).isTrue();
    }

    @Test
    void oversizedPayloadsAndBadSessionsAreValidationErrors() {
        assertThatThrownBy(() -> engine.append("s1", Actor.AI, EventType.METRIC, Map.of("x", "y".repeat(40_000))))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("payload");
        assertThatThrownBy(() -> engine.append(" ", Actor.AI, EventType.METRIC, Map.of()))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("session_id");
        assertThatThrownBy(() -> engine.append("s", Actor.AI, EventType.METRIC, Map.of("n", Double.NaN)))
                .isInstanceOf(ValidationException.class);
    }

    /** A clock the test moves. */
    static final class MutableClock extends Clock {
        volatile long now;

        MutableClock(long now) {
            this.now = now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochSecond(now);
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
