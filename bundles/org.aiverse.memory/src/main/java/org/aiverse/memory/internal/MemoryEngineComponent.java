package org.aiverse.memory.internal;

import java.util.List;
import java.util.Map;
import org.aiverse.contracts.memory.MemoryItem;
import org.aiverse.contracts.snapshot.PersonalitySnapshot;
import org.aiverse.memory.api.Embedder;
import org.aiverse.memory.api.MemoryEngine;
import org.aiverse.memory.api.MemoryQuery;
import org.aiverse.memory.api.ScoredMemory;
import org.aiverse.memory.api.ScoringWeights;
import org.aiverse.persistence.Database;
import org.aiverse.snapshot.api.MemorySeal;
import org.aiverse.snapshot.api.SnapshotStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link MemoryEngine} service: session memories in the platform database (module {@code memory}) sealed with
 * the snapshot bundle's {@link MemorySeal}; imported memories from the {@link SnapshotStore}; the best-ranked
 * {@link Embedder} service, or the built-in {@link HashedNgramEmbedder}.
 */
@Component(
        service = MemoryEngine.class,
        configurationPid = "org.aiverse.memory",
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = MemoryConfig.class)
public final class MemoryEngineComponent implements MemoryEngine {

    private static final Logger LOG = LoggerFactory.getLogger(MemoryEngineComponent.class);
    private static final Embedder BUILT_IN = new HashedNgramEmbedder();

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Embedder embedder;

    private final MemoryEngineImpl engine;

    @Activate
    public MemoryEngineComponent(
            @Reference Database database,
            @Reference SnapshotStore snapshots,
            @Reference MemorySeal seal,
            MemoryConfig config) {
        database.migrate("memory", MemoryEngineComponent.class.getClassLoader());
        ScoringWeights weights = new ScoringWeights(
                config.weightSimilarity(),
                config.weightRecency(),
                config.weightEmotion(),
                config.weightSalience(),
                config.weightTag(),
                config.weightPin(),
                config.lambda(),
                ScoringWeights.DEFAULTS.tagBoostPerMatch(),
                ScoringWeights.DEFAULTS.tagBoostCap(),
                ScoringWeights.DEFAULTS.pinBoost(),
                config.valenceWeight());
        this.engine = new MemoryEngineImpl(
                id -> imported(snapshots, id),
                new MemoryRepository(database.dataSource(), seal),
                () -> {
                    Embedder e = embedder;
                    return e == null ? BUILT_IN : e;
                },
                weights,
                config.indexCapacity());
        LOG.info("Memory Gradient Engine ready (weights {}, index capacity {})", weights, config.indexCapacity());
    }

    private static List<MemoryItem> imported(SnapshotStore snapshots, String snapshotId) {
        return snapshots
                .latest(snapshotId)
                .map(PersonalitySnapshot::version)
                .map(v -> snapshots.memories(snapshotId, v))
                .orElse(List.of());
    }

    @Override
    public List<ScoredMemory> retrieve(MemoryQuery query) {
        return engine.retrieve(query);
    }

    @Override
    public void remember(String snapshotId, String sessionId, MemoryItem memory) {
        engine.remember(snapshotId, sessionId, memory);
    }

    @Override
    public void rememberAll(String snapshotId, String sessionId, List<MemoryItem> memories) {
        engine.rememberAll(snapshotId, sessionId, memories);
    }

    @Override
    public List<MemoryItem> sessionMemories(String sessionId) {
        return engine.sessionMemories(sessionId);
    }

    @Override
    public void reload(String snapshotId) {
        engine.reload(snapshotId);
    }

    @Override
    public Map<String, Object> stats() {
        return engine.stats();
    }
}
