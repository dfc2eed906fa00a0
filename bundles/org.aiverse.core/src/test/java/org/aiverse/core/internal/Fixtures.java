package org.aiverse.core.internal;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.aiverse.contracts.adapter.ActionResult;
import org.aiverse.contracts.api.SessionMode;
import org.aiverse.contracts.intent.Intent;
import org.aiverse.contracts.intent.IntentTypes;
import org.aiverse.contracts.percept.Percept;
import org.aiverse.contracts.percept.PerceptSource;
import org.aiverse.contracts.percept.PerceptType;
import org.aiverse.contracts.policy.Autonomy;
import org.aiverse.contracts.policy.Policy;
import org.aiverse.contracts.policy.PolicyDecision;
import org.aiverse.contracts.policy.SpendingCaps;
import org.aiverse.contracts.snapshot.PersonalitySnapshot;
import org.aiverse.contracts.snapshot.Profile;
import org.aiverse.core.api.CoreSession;
import org.aiverse.core.api.CoreSessionSpec;
import org.aiverse.core.api.IntentSink;
import org.aiverse.memory.api.ScoringWeights;
import org.aiverse.memory.internal.HashedNgramEmbedder;
import org.aiverse.memory.internal.MemoryEngineImpl;
import org.aiverse.policy.internal.StandaloneGate;

/** Shared test fixtures: a Core on real (standalone) gate and memory engine, a recording sink, the seed's percepts. */
final class Fixtures {

    static final long TS = 1_712_345_678L;

    static PersonalitySnapshot snapshot(String id, Map<String, Double> tone) {
        return new PersonalitySnapshot(
                id,
                1,
                "alice",
                new Profile("Alice_Core", tone, null),
                new Policy(
                        Autonomy.MEDIUM,
                        new SpendingCaps(new BigDecimal("50"), new BigDecimal("10")),
                        Map.of(),
                        List.of("transfer_asset", "publish_external"),
                        List.of(),
                        null),
                List.of(),
                Map.of(),
                TS - 1000,
                TS - 1000);
    }

    static CoreSessionSpec spec(String session, PersonalitySnapshot snapshot, Long seed, Set<String> caps) {
        return new CoreSessionSpec(
                session,
                "alice",
                snapshot,
                "sim",
                SessionMode.CO_EXPERIENCE,
                Set.of("persona.use"),
                caps,
                CoreSessionSpec.DEFAULT_QUEUE_DEPTH,
                seed,
                null);
    }

    static final Set<String> ALL_CAPS = Set.copyOf(IntentTypes.ALL);

    static Percept percept(String id, PerceptType type, PerceptSource source, Map<String, Object> payload) {
        return new Percept(id, type, source, payload, TS);
    }

    static Percept greeting(String id) {
        return percept(id, PerceptType.CHAT, PerceptSource.NPC, Map.of("text", "hello", "speaker", "npc_42"));
    }

    static Percept exhibit(String id) {
        return percept(
                id,
                PerceptType.PROXIMITY,
                PerceptSource.ENGINE,
                Map.of(
                        "entity",
                        "exhibit_glow_fern",
                        "name",
                        "Glow fern",
                        "distance_m",
                        1,
                        "description",
                        "A fern that glows softly at dusk."));
    }

    static Percept task(String id, String waypoint) {
        return percept(
                id, PerceptType.WORLD_STATE, PerceptSource.ENGINE, Map.of("event", "task", "waypoint", waypoint));
    }

    static Percept offer(String id, String item, String price) {
        return percept(
                id,
                PerceptType.WORLD_STATE,
                PerceptSource.NPC,
                Map.of("event", "offer", "item_id", item, "price", new BigDecimal(price), "speaker", "npc_7"));
    }

    static Percept summarize(String id) {
        return percept(id, PerceptType.CHAT, PerceptSource.USER, Map.of("text", "Can you summarize our visit?"));
    }

    /** A deterministic clock: fixed wall time, nanos advancing a microsecond per read. */
    static CoreClock fixedClock() {
        AtomicLong nanos = new AtomicLong();
        return new CoreClock() {
            @Override
            public long nanos() {
                return nanos.addAndGet(1000);
            }

            @Override
            public long epochSeconds() {
                return TS;
            }
        };
    }

    /** A clock that stands still until the test moves it: wall time follows the monotonic time. */
    static final class ManualClock implements CoreClock {
        private final AtomicLong nanos = new AtomicLong();

        void advanceMillis(long millis) {
            nanos.addAndGet(millis * 1_000_000L);
        }

        @Override
        public long nanos() {
            return nanos.get();
        }

        @Override
        public long epochSeconds() {
            return TS + nanos.get() / 1_000_000_000L;
        }
    }

    /** A sink that records everything and, when auto-completing, reports success at once. */
    static final class Sink implements IntentSink {
        final List<Intent> emitted = Collections.synchronizedList(new ArrayList<>());
        final List<PolicyDecision> blocked = Collections.synchronizedList(new ArrayList<>());
        final List<String> traceparents = Collections.synchronizedList(new ArrayList<>());
        volatile CoreSession session;
        volatile boolean autoComplete = true;

        @Override
        public void emit(Intent intent, PolicyDecision decision, String traceparent) {
            emitted.add(intent);
            traceparents.add(traceparent);
            if (autoComplete && session != null) {
                session.actionResult(intent.intentId(), ActionResult.success());
            }
        }

        @Override
        public void blocked(Intent intent, PolicyDecision decision) {
            blocked.add(decision);
        }
    }

    /** A Core with its executors. */
    static final class Harness implements AutoCloseable {
        final ExecutorService pool = Executors.newFixedThreadPool(2);
        final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
        final ExecutorService io = Executors.newSingleThreadExecutor();
        final MemoryEngineImpl memory = new MemoryEngineImpl(
                id -> List.of(),
                new MemoryEngineImpl.InMemoryStore(),
                HashedNgramEmbedder::new,
                ScoringWeights.DEFAULTS);
        final CoreMetrics metrics;
        final PersonalityCoreImpl core;
        final List<DecisionLoop> closed = Collections.synchronizedList(new ArrayList<>());

        Harness(CoreClock clock, LoopSettings settings, DialogueGenerator dialogue) {
            var gate = StandaloneGate.create(Map.of(), () -> clock.epochSeconds() * 1_000_000_000L);
            metrics = new CoreMetrics(gate::metrics);
            core = new PersonalityCoreImpl(
                    new LoopServices(
                            pool,
                            timers,
                            io,
                            clock,
                            gate,
                            memory,
                            new BuiltInBehaviour(),
                            () -> dialogue,
                            () -> null,
                            metrics,
                            settings),
                    closed::add);
        }

        Harness() {
            this(fixedClock(), LoopSettings.DEFAULTS, null);
        }

        @Override
        public void close() {
            core.closeAll();
            pool.shutdownNow();
            timers.shutdownNow();
            io.shutdownNow();
        }
    }

    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    private Fixtures() {}
}
