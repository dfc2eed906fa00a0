package org.aiverse.memory.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.aiverse.contracts.api.EmotionFilter;
import org.aiverse.contracts.api.MemoryFilters;
import org.aiverse.contracts.api.TimeRange;
import org.aiverse.contracts.memory.Emotion;
import org.aiverse.contracts.memory.MemoryItem;
import org.aiverse.contracts.memory.MemorySource;
import org.aiverse.contracts.memory.Privacy;
import org.aiverse.contracts.memory.Retention;
import org.aiverse.memory.api.MemoryQuery;
import org.aiverse.memory.api.ScoredMemory;
import org.aiverse.memory.api.ScoringWeights;
import org.junit.jupiter.api.Test;

class MemoryEngineImplTest {

    static final long DAY = 86_400;
    static final long NOW = 1_712_345_000L + 10 * DAY;

    static MemoryItem memory(
            String id,
            String text,
            long ts,
            double salience,
            List<String> tags,
            boolean exportable,
            boolean pinned,
            Boolean redacted,
            Emotion emotion) {
        return new MemoryItem(
                id,
                ts,
                text,
                MemorySource.IMPORT,
                salience,
                emotion,
                null,
                tags,
                new Privacy(false, exportable),
                new Retention(pinned, null),
                List.of(),
                null,
                redacted);
    }

    final List<MemoryItem> imported = List.of(
            memory(
                    "m1",
                    "Visited the bioluminescent gallery and greeted the curator.",
                    NOW - 10 * DAY,
                    0.92,
                    List.of("gallery", "curator", "greeting"),
                    false,
                    false,
                    false,
                    new Emotion(0.7, 0.4, List.of("joy", "curiosity"))),
            memory(
                    "m2",
                    "Bought a tide poster in the shop.",
                    NOW - 2 * DAY,
                    0.5,
                    List.of("shop"),
                    true,
                    false,
                    false,
                    null),
            memory("m3", "A secret that was redacted", NOW, 1.0, List.of("gallery"), true, true, true, null),
            memory(
                    "m4",
                    "Pinned note about the gallery opening",
                    NOW - 100 * DAY,
                    0.3,
                    List.of("gallery"),
                    true,
                    true,
                    false,
                    new Emotion(-0.5, 1.0, List.of("sadness"))));

    MemoryEngineImpl engine(MemoryEngineImpl.Store store) {
        return new MemoryEngineImpl(
                id -> "ps".equals(id) ? imported : List.of(), store, HashedNgramEmbedder::new, ScoringWeights.DEFAULTS);
    }

    MemoryQuery query(String q, MemoryFilters f, boolean exportableOnly) {
        return new MemoryQuery("ps", q, List.of(), 10, f, exportableOnly, NOW);
    }

    @Test
    void scoresEveryTermExactlyAsSeed49() {
        List<ScoredMemory> hits =
                engine(new MemoryEngineImpl.InMemoryStore()).retrieve(query("bioluminescent gallery", null, false));
        ScoredMemory m1 = hits.stream()
                .filter(h -> h.memory().id().equals("m1"))
                .findFirst()
                .orElseThrow();
        var x = m1.explanation();
        assertThat(x.deltaDays()).isCloseTo(10.0, within(1e-9));
        assertThat(x.recency()).isCloseTo(Math.exp(-0.02 * 10), within(1e-12));
        assertThat(x.emo()).isCloseTo(0.7 * (0.5 + 0.5 * 0.4), within(1e-12));
        assertThat(x.salience()).isEqualTo(0.92);
        // "gallery" (query word) matches the tag gallery; "bioluminescent" matches none: +0.05
        assertThat(x.tagBoost()).isCloseTo(0.05, within(1e-12));
        assertThat(x.pinBoost()).isZero();
        assertThat(x.sim()).isGreaterThan(0.2);
        double expected = 0.45 * x.sim() + 0.15 * x.recency() + 0.10 * x.emo() + 0.20 * 0.92 + 0.07 * 0.05;
        assertThat(m1.score()).isCloseTo(expected, within(1e-12));
        assertThat(x.explain()).contains("0.45*sim(").contains("pin_boost(0.00)");
    }

    @Test
    void pinAndTagBoostsAndTheirCaps() {
        MemoryQuery q = new MemoryQuery(
                "ps", null, List.of("gallery", "curator", "greeting", "a", "b", "c"), 10, null, false, NOW);
        var hits = engine(new MemoryEngineImpl.InMemoryStore()).retrieve(q);
        var m4 = hits.stream()
                .filter(h -> h.memory().id().equals("m4"))
                .findFirst()
                .orElseThrow();
        assertThat(m4.explanation().pinBoost()).isEqualTo(0.3);
        assertThat(m4.explanation().sim()).isZero();
        var m1 = hits.stream()
                .filter(h -> h.memory().id().equals("m1"))
                .findFirst()
                .orElseThrow();
        assertThat(m1.explanation().tagBoost()).isCloseTo(0.15, within(1e-12));
        MemoryItem many = memory("m9", "x", NOW, 0.1, List.of("a", "b", "c", "d", "e"), true, false, false, null);
        var store = new MemoryEngineImpl.InMemoryStore();
        var e = engine(store);
        e.remember("ps", "s1", many);
        var capped =
                e.retrieve(new MemoryQuery("ps", null, List.of("a", "b", "c", "d", "e"), 10, null, false, NOW)).stream()
                        .filter(h -> h.memory().id().equals("m9"))
                        .findFirst()
                        .orElseThrow();
        assertThat(capped.explanation().tagBoost()).isEqualTo(0.2);
    }

    @Test
    void redactedNeverRetrievedAndLimitedSeesExportableOnly() {
        var e = engine(new MemoryEngineImpl.InMemoryStore());
        assertThat(e.retrieve(query("secret redacted", null, false)))
                .extracting(h -> h.memory().id())
                .doesNotContain("m3")
                .contains("m1", "m2", "m4");
        assertThat(e.retrieve(query("gallery", null, true)))
                .extracting(h -> h.memory().id())
                .containsExactlyInAnyOrder("m2", "m4");
    }

    @Test
    void filtersOfSeed52() {
        var e = engine(new MemoryEngineImpl.InMemoryStore());
        assertThat(e.retrieve(query("x", new MemoryFilters(List.of("gallery"), null, null, null, null), false)))
                .extracting(h -> h.memory().id())
                .containsExactlyInAnyOrder("m1", "m4");
        assertThat(e.retrieve(query("x", new MemoryFilters(null, null, null, true, null), false)))
                .extracting(h -> h.memory().id())
                .containsExactly("m4");
        assertThat(e.retrieve(query(
                        "x", new MemoryFilters(null, null, new EmotionFilter(List.of("joy"), 0.4), null, null), false)))
                .extracting(h -> h.memory().id())
                .containsExactly("m1");
        assertThat(e.retrieve(query(
                        "x", new MemoryFilters(null, new TimeRange(NOW - 3 * DAY, NOW), null, null, null), false)))
                .extracting(h -> h.memory().id())
                .containsExactly("m2");
        assertThat(e.retrieve(query("x", new MemoryFilters(null, null, null, null, true), false)))
                .extracting(h -> h.memory().id())
                .containsExactlyInAnyOrder("m2", "m4");
    }

    @Test
    void rankingPrefersTheSimilarMemoryAndTopKCuts() {
        var e = engine(new MemoryEngineImpl.InMemoryStore());
        List<ScoredMemory> hits = e.retrieve(new MemoryQuery("ps", "tide poster shop", List.of(), 1, null, false, NOW));
        assertThat(hits).hasSize(1);
        assertThat(hits.get(0).memory().id()).isEqualTo("m2");
    }

    @Test
    void rememberedMemoriesAreRetrievableAtOnceAndListedPerSession() {
        var store = new MemoryEngineImpl.InMemoryStore();
        var e = engine(store);
        e.retrieve(query("warm up the index", null, false));
        MemoryItem m = memory(
                "s_1",
                "The curator said hello near the glow fern",
                NOW,
                0.6,
                List.of("greeting"),
                false,
                false,
                false,
                null);
        e.remember("ps", "sess_1", m);
        assertThat(e.retrieve(query("glow fern", null, false)).get(0).memory().id())
                .isEqualTo("s_1");
        assertThat(e.sessionMemories("sess_1")).containsExactly(m);
        assertThat(e.stats()).containsEntry("embedder", HashedNgramEmbedder.ID);
        // a fresh engine over the same store sees it too (loaded from the store)
        assertThat(engine(store)
                        .retrieve(query("glow fern", null, false))
                        .get(0)
                        .memory()
                        .id())
                .isEqualTo("s_1");
        assertThat(Map.of()).isEmpty();
    }

    @Test
    void expiredUnpinnedMemoriesAreNotRetrieved() {
        var e = engine(new MemoryEngineImpl.InMemoryStore());
        MemoryItem expired = new MemoryItem(
                "old",
                NOW - DAY,
                "expired thing",
                MemorySource.CHAT,
                0.9,
                null,
                null,
                List.of(),
                null,
                new Retention(false, NOW - 1),
                List.of(),
                null,
                false);
        e.remember("ps", "s", expired);
        assertThat(e.retrieve(query("expired thing", null, false)))
                .extracting(h -> h.memory().id())
                .doesNotContain("old");
    }

    @Test
    void theIndexKeepsTheNewestWrittenMemoriesWithinItsCapacityAndEveryImportedOrPinnedOne() {
        MemoryEngineImpl.InMemoryStore store = new MemoryEngineImpl.InMemoryStore();
        MemoryEngineImpl e = new MemoryEngineImpl(
                id -> "ps".equals(id) ? imported : List.of(),
                store,
                HashedNgramEmbedder::new,
                ScoringWeights.DEFAULTS,
                3);
        MemoryQuery all = new MemoryQuery("ps", null, List.of(), 100, null, false, NOW);
        assertThat(e.retrieve(all)).hasSize(3); // the index is built: m1, m2, m4 (m3 is redacted)
        e.remember("ps", "s", memory("w0", "pinned early", NOW - 9, 0.1, List.of(), true, true, false, null));
        for (int i = 1; i <= 5; i++) {
            e.remember(
                    "ps", "s", memory("w" + i, "written " + i, NOW - 9 + i, 0.1, List.of(), true, false, false, null));
        }
        List<String> expected = List.of("m1", "m2", "m4", "w0", "w3", "w4", "w5");
        assertThat(e.retrieve(all)).extracting(h -> h.memory().id()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(e.stats()).containsEntry("memories", 8); // m3 is indexed, only never retrieved
        assertThat(e.sessionMemories("s")).hasSize(6); // the two that left the index stay stored

        // rebuilt from the store, the index keeps the same: the newest written ones
        e.reload("ps");
        assertThat(e.retrieve(all)).extracting(h -> h.memory().id()).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void aQueryLeavesOutItsOwnSessionsMemoriesAndEvictionKeepsEachSessionsNewest() {
        MemoryEngineImpl e = new MemoryEngineImpl(
                id -> "ps".equals(id) ? imported : List.of(),
                new MemoryEngineImpl.InMemoryStore(),
                HashedNgramEmbedder::new,
                ScoringWeights.DEFAULTS,
                4);
        assertThat(ids(e, null)).hasSize(3); // built: m1, m2, m4
        e.remember(
                "ps", "live", memory("p", "pinned in the live session", NOW, 0.1, List.of(), true, true, false, null));
        for (int i = 1; i <= 3; i++) {
            write(e, "live", "l" + i, i);
            write(e, "other", "o" + i, i);
        }
        // written in order l1 o1 l2 o2 l3 o3; the index keeps the newest four: l2 o2 l3 o3
        assertThat(ids(e, null)).containsExactlyInAnyOrder("m1", "m2", "m4", "p", "l2", "o2", "l3", "o3");
        assertThat(ids(e, "live")).containsExactlyInAnyOrder("m1", "m2", "m4", "o2", "o3");
        assertThat(ids(e, "other")).containsExactlyInAnyOrder("m1", "m2", "m4", "p", "l2", "l3");
        for (int i = 4; i <= 7; i++) {
            write(e, "other", "o" + i, i);
        }
        // the live session's written memories have all left the index: its group is gone, the pinned one stays
        assertThat(ids(e, null)).containsExactlyInAnyOrder("m1", "m2", "m4", "p", "o4", "o5", "o6", "o7");
        assertThat(ids(e, "live")).containsExactlyInAnyOrder("m1", "m2", "m4", "o4", "o5", "o6", "o7");
        assertThat(e.stats()).containsEntry("memories", 4 + 1 + 4); // m1..m4, p, the four newest written
    }

    private static void write(MemoryEngineImpl e, String session, String id, int age) {
        e.remember("ps", session, memory(id, id, NOW - 10 + age, 0.1, List.of(), true, false, false, null));
    }

    /** The ids a query of everything retrieves, leaving out the memories of {@code excluded} (or none). */
    private static List<String> ids(MemoryEngineImpl e, String excluded) {
        return e.retrieve(new MemoryQuery("ps", null, List.of(), 100, null, false, NOW, excluded)).stream()
                .map(h -> h.memory().id())
                .toList();
    }

    @Test
    void reloadPicksUpARedactionMadeAfterTheFirstLoad() {
        java.util.concurrent.atomic.AtomicReference<List<MemoryItem>> current =
                new java.util.concurrent.atomic.AtomicReference<>(imported);
        MemoryEngineImpl e = new MemoryEngineImpl(
                id -> current.get(),
                new MemoryEngineImpl.InMemoryStore(),
                HashedNgramEmbedder::new,
                ScoringWeights.DEFAULTS);
        assertThat(e.retrieve(query("tide poster", null, false)))
                .extracting(h -> h.memory().id())
                .contains("m2");
        current.set(List.of(memory("m2", null, NOW - 2 * DAY, 0.5, List.of("shop"), true, false, true, null)));
        e.reload("ps");
        assertThat(e.retrieve(query("tide poster", null, false))).isEmpty();
    }

    @Test
    void rememberAllStoresInOrderInOneWriteAndIndexesAtOnce() {
        List<List<String>> writes = new java.util.ArrayList<>();
        MemoryEngineImpl.InMemoryStore inner = new MemoryEngineImpl.InMemoryStore();
        MemoryEngineImpl.Store store = new MemoryEngineImpl.Store() {
            @Override
            public void save(String snapshotId, String sessionId, MemoryItem memory) {
                writes.add(List.of(memory.id()));
                inner.save(snapshotId, sessionId, memory);
            }

            @Override
            public void saveAll(String snapshotId, String sessionId, List<MemoryItem> memories) {
                writes.add(memories.stream().map(MemoryItem::id).toList());
                memories.forEach(m -> inner.save(snapshotId, sessionId, m));
            }

            @Override
            public List<MemoryItem> bySnapshot(String snapshotId) {
                return inner.bySnapshot(snapshotId);
            }

            @Override
            public List<MemoryItem> bySession(String sessionId) {
                return inner.bySession(sessionId);
            }
        };
        MemoryEngineImpl e = engine(store);
        e.retrieve(query("gallery", null, false)); // the index is loaded
        e.rememberAll(
                "ps",
                "sess_b",
                List.of(
                        memory(
                                "s1",
                                "The narwhal exhibit glows",
                                NOW,
                                0.9,
                                List.of("narwhal"),
                                true,
                                false,
                                false,
                                null),
                        memory(
                                "s2",
                                "Asked about the narwhal",
                                NOW,
                                0.8,
                                List.of("narwhal"),
                                true,
                                false,
                                false,
                                null)));
        e.rememberAll("ps", "sess_b", List.of());
        assertThat(writes).containsExactly(List.of("s1", "s2"));
        assertThat(e.sessionMemories("sess_b")).extracting(MemoryItem::id).containsExactly("s1", "s2");
        assertThat(e.retrieve(query("narwhal", null, false)))
                .extracting(h -> h.memory().id())
                .contains("s1", "s2");
        assertThat(e.stats()).containsEntry("written", 2L);
    }
}
