package org.aiverse.core.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import org.aiverse.contracts.memory.MemoryItem;
import org.aiverse.contracts.snapshot.MemoryIndexEntry;
import org.aiverse.contracts.snapshot.PersonalitySnapshot;
import org.aiverse.core.api.learning.Proposal;
import org.aiverse.core.api.learning.SnapshotProposals;
import org.aiverse.memory.api.MemoryEngine;
import org.aiverse.snapshot.api.SnapshotStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The learning updater: at the end of a session it proposes a snapshot update as a diff (the memories the session
 * wrote, and a salience gain of {@value #SALIENCE_GAIN} per use, capped at 1, for memories its decisions relied
 * on); the owner approves (the diff applied to the latest version becomes a new version), rejects, or rolls back.
 */
final class LearningUpdater implements SnapshotProposals {

    private static final Logger LOG = LoggerFactory.getLogger(LearningUpdater.class);
    static final double SALIENCE_GAIN = 0.05;

    private final ProposalStore store;
    private final SnapshotStore snapshots;
    private final MemoryEngine memory;
    private final LongSupplier epochSeconds;

    LearningUpdater(ProposalStore store, SnapshotStore snapshots, MemoryEngine memory, LongSupplier epochSeconds) {
        this.store = store;
        this.snapshots = snapshots;
        this.memory = memory;
        this.epochSeconds = epochSeconds;
    }

    /** Proposes the update of a closed loop; empty when it learned nothing. */
    Optional<Proposal> propose(DecisionLoop loop) {
        List<Proposal.AddedMemory> added = new ArrayList<>();
        for (MemoryItem m : loop.written()) {
            added.add(new Proposal.AddedMemory(m.id(), m.ts(), m.salience(), m.tags()));
        }
        List<Proposal.SalienceChange> salience = new ArrayList<>();
        Map<String, Integer> uses = loop.usedCounts();
        loop.usedSalience().forEach((id, from) -> {
            if (from != null && !id.startsWith("m_" + loop.sessionId() + "_")) {
                double to = Math.min(1.0, round(from + SALIENCE_GAIN * uses.getOrDefault(id, 1)));
                if (to != from) {
                    salience.add(new Proposal.SalienceChange(id, from, to));
                }
            }
        });
        if (added.isEmpty() && salience.isEmpty()) {
            return Optional.empty();
        }
        PersonalitySnapshot s = loop.spec().snapshot();
        Proposal p = new Proposal(
                "pr_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16),
                s.id(),
                s.version(),
                loop.sessionId(),
                s.ownerId(),
                epochSeconds.getAsLong(),
                Proposal.PENDING,
                null,
                null,
                added,
                salience);
        store.insert(p);
        LOG.info(
                "proposed {} for snapshot {}: {} new memories, {} salience changes",
                p.id(),
                s.id(),
                added.size(),
                salience.size());
        return Optional.of(p);
    }

    private static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
    }

    @Override
    public List<Proposal> list(String snapshotId) {
        return store.bySnapshot(snapshotId);
    }

    @Override
    public Optional<Proposal> get(String proposalId) {
        return store.get(proposalId);
    }

    private Proposal pending(String snapshotId, String proposalId) {
        Proposal p = store.get(proposalId)
                .filter(x -> x.snapshotId().equals(snapshotId))
                .orElseThrow(() -> new NoSuchElementException("no proposal " + proposalId + " for " + snapshotId));
        if (!Proposal.PENDING.equals(p.status())) {
            throw new IllegalStateException("proposal " + proposalId + " is " + p.status());
        }
        return p;
    }

    @Override
    public synchronized Proposal approve(String snapshotId, String proposalId) {
        Proposal p = pending(snapshotId, proposalId);
        PersonalitySnapshot latest =
                snapshots.latest(snapshotId).orElseThrow(() -> new NoSuchElementException("no snapshot " + snapshotId));
        Map<String, Double> changes = new LinkedHashMap<>();
        p.salience().forEach(c -> changes.put(c.id(), c.to()));
        Set<String> addedIds = p.added().stream().map(Proposal.AddedMemory::id).collect(Collectors.toSet());

        List<MemoryItem> memories = new ArrayList<>();
        for (MemoryItem m : snapshots.memories(snapshotId, latest.version())) {
            memories.add(changes.containsKey(m.id()) ? withSalience(m, changes.get(m.id())) : m);
        }
        Set<String> present = memories.stream().map(MemoryItem::id).collect(Collectors.toSet());
        for (MemoryItem m : memory.sessionMemories(p.sessionId())) {
            if (addedIds.contains(m.id()) && present.add(m.id())) {
                memories.add(m);
            }
        }
        List<MemoryIndexEntry> index = new ArrayList<>();
        Set<String> indexed = new java.util.HashSet<>();
        for (MemoryIndexEntry e : latest.memoryIndex()) {
            index.add(changes.containsKey(e.id()) ? new MemoryIndexEntry(e.id(), changes.get(e.id()), e.ts()) : e);
            indexed.add(e.id());
        }
        for (Proposal.AddedMemory a : p.added()) {
            if (indexed.add(a.id())) {
                index.add(new MemoryIndexEntry(a.id(), a.salience(), a.ts()));
            }
        }
        long now = epochSeconds.getAsLong();
        PersonalitySnapshot next = new PersonalitySnapshot(
                latest.id(),
                latest.version() + 1,
                latest.ownerId(),
                latest.profile(),
                latest.policies(),
                index,
                latest.artifactRefs(),
                latest.createdAt(),
                Math.max(now, latest.updatedAt()));
        snapshots.publish(next, memories);
        Proposal approved = new Proposal(
                p.id(),
                p.snapshotId(),
                p.baseVersion(),
                p.sessionId(),
                p.ownerId(),
                p.createdAt(),
                Proposal.APPROVED,
                now,
                next.version(),
                p.added(),
                p.salience());
        if (!store.decide(approved)) {
            throw new IllegalStateException("proposal " + proposalId + " was decided meanwhile");
        }
        memory.reload(snapshotId);
        return approved;
    }

    private static MemoryItem withSalience(MemoryItem m, double salience) {
        return new MemoryItem(
                m.id(),
                m.ts(),
                m.text(),
                m.source(),
                salience,
                m.emotion(),
                m.embeddingRef(),
                m.tags(),
                m.privacy(),
                m.retention(),
                m.links(),
                m.checksum(),
                m.redacted());
    }

    @Override
    public synchronized Proposal reject(String snapshotId, String proposalId) {
        Proposal p = pending(snapshotId, proposalId);
        Proposal rejected = new Proposal(
                p.id(),
                p.snapshotId(),
                p.baseVersion(),
                p.sessionId(),
                p.ownerId(),
                p.createdAt(),
                Proposal.REJECTED,
                epochSeconds.getAsLong(),
                null,
                p.added(),
                p.salience());
        if (!store.decide(rejected)) {
            throw new IllegalStateException("proposal " + proposalId + " was decided meanwhile");
        }
        return rejected;
    }

    @Override
    public synchronized int rollback(String snapshotId, int version) {
        PersonalitySnapshot latest =
                snapshots.latest(snapshotId).orElseThrow(() -> new NoSuchElementException("no snapshot " + snapshotId));
        PersonalitySnapshot old = snapshots
                .version(snapshotId, version)
                .orElseThrow(() -> new NoSuchElementException("no version " + version + " of " + snapshotId));
        long now = epochSeconds.getAsLong();
        PersonalitySnapshot next = new PersonalitySnapshot(
                old.id(),
                latest.version() + 1,
                old.ownerId(),
                old.profile(),
                old.policies(),
                old.memoryIndex(),
                old.artifactRefs(),
                old.createdAt(),
                Math.max(Math.max(now, latest.updatedAt()), old.createdAt()));
        snapshots.publish(next, snapshots.memories(snapshotId, version));
        memory.reload(snapshotId);
        LOG.info("rolled snapshot {} back to version {} as version {}", snapshotId, version, next.version());
        return next.version();
    }
}
