package org.aiverse.memory.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import org.aiverse.contracts.api.MemoryFilters;
import org.aiverse.contracts.memory.MemoryItem;
import org.aiverse.memory.api.Embedder;
import org.aiverse.memory.api.MemoryEngine;
import org.aiverse.memory.api.MemoryQuery;
import org.aiverse.memory.api.ScoreExplanation;
import org.aiverse.memory.api.ScoredMemory;
import org.aiverse.memory.api.ScoringWeights;

/**
 * The engine without OSGi: an in-memory index per snapshot (memories with their vectors and lower-cased tags),
 * loaded lazily from the snapshot's latest version and the session memories of the store; retrieval is a linear
 * scan with the seed 4.9 score (personal memory sets are small: thousands, not millions).
 */
public final class MemoryEngineImpl implements MemoryEngine {

    /** Where session memories persist. */
    public interface Store {
        /** Stores one memory. */
        void save(String snapshotId, String sessionId, MemoryItem memory);

        /** Stores memories of one session, in order, in one write where the store can (the default: one by one). */
        default void saveAll(String snapshotId, String sessionId, List<MemoryItem> memories) {
            for (MemoryItem m : memories) {
                save(snapshotId, sessionId, m);
            }
        }

        /** The session memories of a snapshot. */
        List<MemoryItem> bySnapshot(String snapshotId);

        /** The memories one session wrote. */
        List<MemoryItem> bySession(String sessionId);
    }

    /** An in-memory store, for tests and benchmarks. */
    public static final class InMemoryStore implements Store {
        private final Map<String, List<MemoryItem>> bySnapshot = new ConcurrentHashMap<>();
        private final Map<String, List<MemoryItem>> bySession = new ConcurrentHashMap<>();

        @Override
        public void save(String snapshotId, String sessionId, MemoryItem memory) {
            bySnapshot
                    .computeIfAbsent(snapshotId, k -> new CopyOnWriteArrayList<>())
                    .add(memory);
            bySession
                    .computeIfAbsent(sessionId, k -> new CopyOnWriteArrayList<>())
                    .add(memory);
        }

        @Override
        public List<MemoryItem> bySnapshot(String snapshotId) {
            return List.copyOf(bySnapshot.getOrDefault(snapshotId, List.of()));
        }

        @Override
        public List<MemoryItem> bySession(String sessionId) {
            return List.copyOf(bySession.getOrDefault(sessionId, List.of()));
        }
    }

    /** What separates the words of a query (compiled once: a split with a regex compiles it on every call). */
    private static final java.util.regex.Pattern NOT_WORD = java.util.regex.Pattern.compile("[^\\p{L}\\p{N}_]+");

    private record Entry(MemoryItem memory, float[] vector, Set<String> tags, String sessionId) {}

    /**
     * A snapshot's memories, written from many sessions' decision loops and read by every retrieval: append-only
     * lock-free queues, so a write costs O(1) and a retrieval scans a weakly consistent view without locking.
     * {@code kept} holds the memories imported with the snapshot and every pinned one; {@code recent} the other
     * memories sessions wrote, in the order they were written, at most {@code capacity}: past it the oldest leaves
     * the index (it stays stored, in {@link #sessionMemories} and exports). Unbounded, the index grew by every
     * decided percept for as long as the platform ran (about 2 MB a second at 500 busy sessions) and every retrieval
     * scanned all of it.
     *
     * <p>{@code bySession} holds the same entries as {@code recent}, grouped by the session that wrote them
     * ({@link #NO_SESSION} for those loaded from the store), and is what a retrieval scans: a decision loop's query
     * leaves out its own session's memories, and a session writes one on nearly every decision, so most of a busy
     * snapshot's index was its live session's own memories, each visited only to be skipped (at 100 sessions × 10
     * percepts a second, 13% of the platform's CPU went into walking them). Grouped, the loop's own session is
     * skipped at once.
     */
    private record Index(
            String embedderId,
            Queue<Entry> kept,
            Queue<Entry> recent,
            Map<String, Queue<Entry>> bySession,
            AtomicInteger recentSize,
            int capacity) {

        /** The group of written memories whose session is not known: those loaded from the store. */
        static final String NO_SESSION = "";

        Index(String embedderId, int capacity) {
            this(
                    embedderId,
                    new ConcurrentLinkedQueue<>(),
                    new ConcurrentLinkedQueue<>(),
                    new ConcurrentHashMap<>(),
                    new AtomicInteger(),
                    capacity);
        }

        void add(Entry entry) {
            if (entry.memory().pinned()) {
                kept.add(entry);
                return;
            }
            // into its session's group before the eviction order: an entry evicted is always in its group
            bySession.compute(group(entry), (k, q) -> {
                Queue<Entry> queue = q == null ? new ConcurrentLinkedQueue<>() : q;
                queue.add(entry);
                return queue;
            });
            recent.add(entry);
            if (recentSize.incrementAndGet() > capacity) {
                Entry oldest = recent.poll();
                if (oldest != null) {
                    recentSize.decrementAndGet();
                    // the oldest of its group too, so the removal finds it at the head
                    bySession.computeIfPresent(group(oldest), (k, q) -> {
                        q.remove(oldest);
                        return q.isEmpty() ? null : q;
                    });
                }
            }
        }

        private static String group(Entry entry) {
            return entry.sessionId() == null ? NO_SESSION : entry.sessionId();
        }

        int size() {
            return kept.size() + recentSize.get();
        }
    }

    /** Memories written by sessions that a snapshot's index keeps for retrieval, besides imported and pinned ones. */
    public static final int DEFAULT_INDEX_CAPACITY = 10_000;

    private final Function<String, List<MemoryItem>> imported;
    private final Store store;
    private final Supplier<Embedder> embedder;
    private final Scorer scorer;
    private final int indexCapacity;
    private final Map<String, Index> indexes = new ConcurrentHashMap<>();
    private final AtomicLong retrievals = new AtomicLong();
    private final AtomicLong written = new AtomicLong();

    /**
     * Builds an engine.
     *
     * @param imported the memories imported with a snapshot's latest version (empty when unknown)
     * @param store where session memories persist
     * @param embedder the embedder in effect
     * @param weights the score's weights
     */
    public MemoryEngineImpl(
            Function<String, List<MemoryItem>> imported,
            Store store,
            Supplier<Embedder> embedder,
            ScoringWeights weights) {
        this(imported, store, embedder, weights, DEFAULT_INDEX_CAPACITY);
    }

    /**
     * Builds an engine.
     *
     * @param imported the memories imported with a snapshot's latest version (empty when unknown)
     * @param store where session memories persist
     * @param embedder the embedder in effect
     * @param weights the score's weights
     * @param indexCapacity how many of the memories sessions wrote (neither imported nor pinned) a snapshot's index
     *     keeps for retrieval, the newest
     */
    public MemoryEngineImpl(
            Function<String, List<MemoryItem>> imported,
            Store store,
            Supplier<Embedder> embedder,
            ScoringWeights weights,
            int indexCapacity) {
        if (indexCapacity < 1) {
            throw new IllegalArgumentException("indexCapacity must be at least 1: " + indexCapacity);
        }
        this.imported = imported;
        this.store = store;
        this.embedder = embedder;
        this.scorer = new Scorer(weights);
        this.indexCapacity = indexCapacity;
    }

    private Index index(String snapshotId) {
        Embedder e = embedder.get();
        Index index = indexes.get(snapshotId);
        if (index != null && index.embedderId().equals(e.id())) {
            return index;
        }
        return indexes.compute(snapshotId, (id, old) -> {
            if (old != null && old.embedderId().equals(e.id())) {
                return old;
            }
            return build(id, e);
        });
    }

    private Index build(String snapshotId, Embedder e) {
        Map<String, MemoryItem> importedById = new LinkedHashMap<>();
        for (MemoryItem m : imported.apply(snapshotId)) {
            importedById.put(m.id(), m);
        }
        Map<String, MemoryItem> written = new LinkedHashMap<>();
        for (MemoryItem m : store.bySnapshot(snapshotId)) {
            if (importedById.containsKey(m.id())) {
                importedById.put(m.id(), m); // a stored version (a redaction) replaces the imported one
            } else {
                written.put(m.id(), m);
            }
        }
        Index index = new Index(e.id(), indexCapacity);
        for (MemoryItem m : importedById.values()) {
            index.kept().add(entry(e, m, null));
        }
        // oldest first, so that the newest stay when there are more than the index keeps
        List<MemoryItem> byAge = new ArrayList<>(written.values());
        byAge.sort(Comparator.comparingLong(MemoryItem::ts));
        for (MemoryItem m : byAge) {
            index.add(entry(e, m, null));
        }
        return index;
    }

    private static Entry entry(Embedder e, MemoryItem m, String sessionId) {
        Set<String> tags = new HashSet<>();
        for (String t : m.tags()) {
            tags.add(t.toLowerCase(Locale.ROOT));
        }
        String text = m.text() == null ? "" : m.text();
        return new Entry(m, e.embed(text + " " + String.join(" ", m.tags())), tags, sessionId);
    }

    @Override
    public List<ScoredMemory> retrieve(MemoryQuery query) {
        retrievals.incrementAndGet();
        Index index = index(query.snapshotId());
        Embedder e = embedder.get();
        float[] q = e.embed(query.q() == null ? "" : query.q());
        boolean emptyQuery = query.q() == null || query.q().isBlank();
        MemoryFilters f = query.filters();
        Set<String> queryTags = new LinkedHashSet<>();
        for (String t : query.queryTags()) {
            queryTags.add(t.toLowerCase(Locale.ROOT));
        }
        if (f != null) {
            for (String t : f.tags()) {
                queryTags.add(t.toLowerCase(Locale.ROOT));
            }
        }
        if (!emptyQuery) {
            for (String w : NOT_WORD.split(query.q().toLowerCase(Locale.ROOT))) {
                if (!w.isEmpty()) {
                    queryTags.add(w);
                }
            }
        }
        List<ScoredMemory> hits = new ArrayList<>();
        String excluded = query.excludeSession();
        List<Queue<Entry>> groups = new ArrayList<>();
        groups.add(index.kept());
        for (Map.Entry<String, Queue<Entry>> group : index.bySession().entrySet()) {
            if (!group.getKey().equals(excluded)) {
                groups.add(group.getValue());
            }
        }
        for (Queue<Entry> entries : groups) {
            for (Entry entry : entries) {
                if (excluded != null && excluded.equals(entry.sessionId())) {
                    continue; // a pinned memory of the excluded session (kept)
                }
                MemoryItem m = entry.memory();
                if (!eligible(m, entry.tags(), query, f)) {
                    continue;
                }
                double sim = emptyQuery ? 0.0 : HashedNgramEmbedder.cosine(entry.vector(), q);
                ScoreExplanation x = scorer.score(m, entry.tags(), sim, queryTags, query.now());
                hits.add(new ScoredMemory(m, x.score(), x));
            }
        }
        hits.sort(Comparator.comparingDouble(ScoredMemory::score).reversed().thenComparing(h -> h.memory()
                .id()));
        return hits.size() > query.topK() ? List.copyOf(hits.subList(0, query.topK())) : List.copyOf(hits);
    }

    private static boolean eligible(MemoryItem m, Set<String> tags, MemoryQuery query, MemoryFilters f) {
        if (Boolean.TRUE.equals(m.redacted())) {
            return false; // seed 4.9: redacted memories are excluded from retrieval
        }
        if (!m.pinned()
                && m.retention() != null
                && m.retention().expiresAt() != null
                && m.retention().expiresAt() <= query.now()) {
            return false;
        }
        boolean exportable = m.effectivePrivacy().exportable();
        if (query.exportableOnly() && !exportable) {
            return false;
        }
        if (f == null) {
            return true;
        }
        if (Boolean.TRUE.equals(f.exportableOnly()) && !exportable) {
            return false;
        }
        if (Boolean.TRUE.equals(f.pinnedOnly()) && !m.pinned()) {
            return false;
        }
        for (String t : f.tags()) {
            if (!tags.contains(t.toLowerCase(Locale.ROOT))) {
                return false;
            }
        }
        if (f.timeRange() != null && !f.timeRange().contains(m.ts())) {
            return false;
        }
        if (f.emotion() != null) {
            if (m.emotion() == null) {
                return false;
            }
            if (f.emotion().minValence() != null
                    && m.emotion().valence() < f.emotion().minValence()) {
                return false;
            }
            if (!f.emotion().labels().isEmpty()
                    && m.emotion().labels().stream().noneMatch(f.emotion().labels()::contains)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void remember(String snapshotId, String sessionId, MemoryItem memory) {
        store.save(snapshotId, sessionId, memory);
        written.incrementAndGet();
        Index index = indexes.get(snapshotId);
        if (index != null) {
            index.add(entry(embedder.get(), memory, sessionId));
        }
    }

    @Override
    public void rememberAll(String snapshotId, String sessionId, List<MemoryItem> memories) {
        if (memories.isEmpty()) {
            return;
        }
        store.saveAll(snapshotId, sessionId, memories);
        written.addAndGet(memories.size());
        Index index = indexes.get(snapshotId);
        if (index != null) {
            Embedder e = embedder.get();
            for (MemoryItem m : memories) {
                index.add(entry(e, m, sessionId));
            }
        }
    }

    @Override
    public List<MemoryItem> sessionMemories(String sessionId) {
        return store.bySession(sessionId);
    }

    @Override
    public void reload(String snapshotId) {
        // built on the caller's thread, then swapped in: retrieval never waits for it, and a redaction or a new
        // version registered since the last load takes effect
        indexes.put(snapshotId, build(snapshotId, embedder.get()));
    }

    @Override
    public Map<String, Object> stats() {
        int memories = 0;
        for (Index i : indexes.values()) {
            memories += i.size();
        }
        return Map.of(
                "snapshots", indexes.size(),
                "memories", memories,
                "retrievals", retrievals.get(),
                "written", written.get(),
                "embedder", embedder.get().id());
    }
}
