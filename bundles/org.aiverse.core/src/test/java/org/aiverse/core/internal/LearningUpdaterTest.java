package org.aiverse.core.internal;

import static org.aiverse.core.internal.Fixtures.ALL_CAPS;
import static org.aiverse.core.internal.Fixtures.TS;
import static org.aiverse.core.internal.Fixtures.await;
import static org.aiverse.core.internal.Fixtures.exhibit;
import static org.aiverse.core.internal.Fixtures.greeting;
import static org.aiverse.core.internal.Fixtures.snapshot;
import static org.aiverse.core.internal.Fixtures.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.aiverse.contracts.memory.MemoryItem;
import org.aiverse.contracts.memory.MemorySource;
import org.aiverse.contracts.memory.Privacy;
import org.aiverse.contracts.snapshot.MemoryIndexEntry;
import org.aiverse.contracts.snapshot.PersonalitySnapshot;
import org.aiverse.core.api.CoreSession;
import org.aiverse.core.api.learning.Proposal;
import org.aiverse.snapshot.api.SnapshotStore;
import org.junit.jupiter.api.Test;

class LearningUpdaterTest {

    /** A snapshot store in memory (versions kept). */
    static final class Store implements SnapshotStore {
        final Map<String, List<PersonalitySnapshot>> versions = new ConcurrentHashMap<>();
        final Map<String, List<MemoryItem>> memories = new ConcurrentHashMap<>();

        void put(PersonalitySnapshot s, List<MemoryItem> m) {
            versions.computeIfAbsent(s.id(), k -> new ArrayList<>()).add(s);
            memories.put(s.id() + "|" + s.version(), m);
        }

        @Override
        public Optional<PersonalitySnapshot> latest(String id) {
            List<PersonalitySnapshot> v = versions.get(id);
            return v == null ? Optional.empty() : Optional.of(v.get(v.size() - 1));
        }

        @Override
        public Optional<PersonalitySnapshot> version(String id, int version) {
            return versions.getOrDefault(id, List.of()).stream()
                    .filter(s -> s.version() == version)
                    .findFirst();
        }

        @Override
        public List<MemoryItem> memories(String id, int version) {
            return memories.getOrDefault(id + "|" + version, List.of());
        }

        @Override
        public PersonalitySnapshot publish(PersonalitySnapshot next, List<MemoryItem> m) {
            if (next.version() != latest(next.id()).orElseThrow().version() + 1) {
                throw new IllegalStateException("not next");
            }
            put(next, m);
            return next;
        }
    }

    @Test
    void proposesApprovesRejectsAndRollsBack() {
        PersonalitySnapshot base = snapshot("ps_l", Map.of());
        base = new PersonalitySnapshot(
                base.id(),
                1,
                base.ownerId(),
                base.profile(),
                base.policies(),
                List.of(new MemoryIndexEntry("m_old", 0.5, TS - 100)),
                Map.of(),
                base.createdAt(),
                base.updatedAt());
        MemoryItem old = new MemoryItem(
                "m_old",
                TS - 100,
                "Greeted npc_42 at the gallery",
                MemorySource.IMPORT,
                0.5,
                null,
                null,
                List.of("greeting", "npc_42"),
                new Privacy(false, true),
                null,
                List.of(),
                null,
                false);
        Store store = new Store();
        store.put(base, List.of(old));
        try (Fixtures.Harness h = new Fixtures.Harness()) {
            h.memory.remember("ps_l", "earlier", old); // the imported memory, as the engine would load it
            LearningUpdater updater = new LearningUpdater(new ProposalStore.InMemory(), store, h.memory, () -> TS + 10);
            Fixtures.Sink sink = new Fixtures.Sink();
            CoreSession s = h.core.open(spec("sess_l", base, 5L, ALL_CAPS), sink);
            sink.session = s;
            s.offer(greeting("p1"), null);
            s.offer(exhibit("p2"), null);
            await("two intents", () -> sink.emitted.size() == 2);
            s.close();
            await("the memory writes", () -> h.memory.sessionMemories("sess_l").size() == 2);
            DecisionLoop loop = h.closed.get(0);
            Proposal p = updater.propose(loop).orElseThrow();
            assertThat(p.status()).isEqualTo(Proposal.PENDING);
            // the loop's memory ids: m_<session>_<loop epoch>_<n>
            List<String> added =
                    p.added().stream().map(Proposal.AddedMemory::id).toList();
            assertThat(added).hasSize(2);
            assertThat(added.get(0)).matches("m_sess_l_[0-9a-z]+_1");
            assertThat(added.get(1)).isEqualTo(added.get(0).replaceAll("_1$", "_2"));
            assertThat(p.salience()).singleElement().satisfies(c -> {
                assertThat(c.id()).isEqualTo("m_old");
                assertThat(c.from()).isEqualTo(0.5);
                assertThat(c.to()).isEqualTo(0.55);
            });
            assertThat(updater.list("ps_l")).containsExactly(p);

            Proposal approved = updater.approve("ps_l", p.id());
            assertThat(approved.status()).isEqualTo(Proposal.APPROVED);
            assertThat(approved.resultVersion()).isEqualTo(2);
            PersonalitySnapshot v2 = store.latest("ps_l").orElseThrow();
            assertThat(v2.version()).isEqualTo(2);
            assertThat(v2.memoryIndex())
                    .extracting(MemoryIndexEntry::id)
                    .containsExactly("m_old", added.get(0), added.get(1));
            assertThat(store.memories("ps_l", 2))
                    .extracting(MemoryItem::id)
                    .containsExactly("m_old", added.get(0), added.get(1));
            assertThat(store.memories("ps_l", 2).get(0).salience()).isEqualTo(0.55);
            assertThatThrownBy(() -> updater.approve("ps_l", p.id())).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> updater.reject("ps_l", "nope"))
                    .isInstanceOf(java.util.NoSuchElementException.class);

            assertThat(updater.rollback("ps_l", 1)).isEqualTo(3);
            PersonalitySnapshot v3 = store.latest("ps_l").orElseThrow();
            assertThat(v3.memoryIndex()).extracting(MemoryIndexEntry::id).containsExactly("m_old");
            assertThat(store.memories("ps_l", 3)).containsExactly(old);
        }
    }

    @Test
    void rejectingKeepsTheSnapshot() {
        Store store = new Store();
        PersonalitySnapshot base = snapshot("ps_r", Map.of());
        store.put(base, List.of());
        ProposalStore proposals = new ProposalStore.InMemory();
        Proposal p = new Proposal(
                "pr_1",
                "ps_r",
                1,
                "s",
                "alice",
                TS,
                Proposal.PENDING,
                null,
                null,
                List.of(new Proposal.AddedMemory("m_s_1", TS, 0.5, List.of())),
                List.of());
        proposals.insert(p);
        try (Fixtures.Harness h = new Fixtures.Harness()) {
            LearningUpdater updater = new LearningUpdater(proposals, store, h.memory, () -> TS);
            assertThat(updater.reject("ps_r", "pr_1").status()).isEqualTo(Proposal.REJECTED);
            assertThat(store.latest("ps_r").orElseThrow().version()).isEqualTo(1);
            assertThatThrownBy(() -> updater.approve("ps_r", "pr_1")).isInstanceOf(IllegalStateException.class);
        }
    }
}
