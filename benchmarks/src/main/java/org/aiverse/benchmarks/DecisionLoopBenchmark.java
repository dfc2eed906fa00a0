package org.aiverse.benchmarks;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.aiverse.contracts.adapter.ActionResult;
import org.aiverse.contracts.api.SessionMode;
import org.aiverse.contracts.intent.Intent;
import org.aiverse.contracts.intent.IntentTypes;
import org.aiverse.contracts.memory.MemoryItem;
import org.aiverse.contracts.memory.MemorySource;
import org.aiverse.contracts.memory.Privacy;
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
import org.aiverse.core.internal.BuiltInBehaviour;
import org.aiverse.core.internal.Candidate;
import org.aiverse.core.internal.CoreClock;
import org.aiverse.core.internal.CoreMetrics;
import org.aiverse.core.internal.LoopServices;
import org.aiverse.core.internal.LoopSettings;
import org.aiverse.core.internal.PerceptualAdapter;
import org.aiverse.core.internal.PersonalityCoreImpl;
import org.aiverse.core.internal.Situation;
import org.aiverse.core.internal.Stimulus;
import org.aiverse.memory.api.MemoryQuery;
import org.aiverse.memory.api.ScoredMemory;
import org.aiverse.memory.api.ScoringWeights;
import org.aiverse.memory.internal.HashedNgramEmbedder;
import org.aiverse.memory.internal.MemoryEngineImpl;
import org.aiverse.policy.api.PolicyContext;
import org.aiverse.policy.api.PolicyGate;
import org.aiverse.policy.internal.StandaloneGate;

/**
 * Load driver of the Personality Core's decision path ({@code perceive → emit_intent}, seed 8.1
 * {@code decision_latency_ms}) with the built-in behaviour, the real (standalone) Safety Gate and the real Memory
 * Gradient Engine (20 imported memories per personality, every salient percept written), at 1, 100 and 1,000
 * concurrent sessions on a pool of as many threads as processors. Percepts arrive open-loop at 2,000 per second in
 * total, alternating a greeting (a {@code speak}) and a world task (a {@code move}); the sink reports each result at
 * once, as a fast adapter would.
 *
 * <p>Printed per session count: the loop's own {@code perceive → emit_intent} p50/p90/p99 (what the seed measures;
 * the target is p99 ≤ 2 ms at 1,000 sessions), and offer → emit (including the wait on the decision queue).
 *
 * <p>Peer: the same pipeline (normalize, retrieve, decide, gate) called directly on one thread, with no queue, no
 * loop and no concurrency: the floor the loop is compared with ({@code ratio} = loop p99 / direct p99).
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar org.aiverse.benchmarks.DecisionLoopBenchmark [seconds]}.
 */
public final class DecisionLoopBenchmark {

    private static final long TS = 1_712_345_678L;
    private static final int RATE_PER_SECOND = 2_000;
    private static final Set<String> CAPS = Set.copyOf(IntentTypes.ALL);
    private static final String[] WAYPOINTS = {
        "home_dock", "gallery_entrance", "bioluminescent_gallery", "curator_desk", "shop"
    };

    private DecisionLoopBenchmark() {}

    static PersonalitySnapshot snapshot(String id, String owner) {
        return new PersonalitySnapshot(
                id,
                1,
                owner,
                new Profile("Bench_Core", Map.of("curious", 0.8, "formal", 0.3), null),
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

    static List<MemoryItem> imported(String snapshotId) {
        String[] texts = {
            "Visited the bioluminescent gallery and greeted the curator.",
            "Bought a tide poster in the shop.",
            "The glow fern shines at dusk.",
            "Walked from the home dock to the gallery entrance.",
            "The curator npc_42 told a story about the memory tree."
        };
        List<MemoryItem> out = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            out.add(new MemoryItem(
                    snapshotId + "_m" + i,
                    TS - 86_400L * i,
                    texts[i % texts.length] + " (" + i + ")",
                    MemorySource.IMPORT,
                    0.3 + 0.03 * i,
                    null,
                    null,
                    List.of(i % 2 == 0 ? "gallery" : "shop", "npc_42"),
                    new Privacy(false, i % 3 == 0),
                    null,
                    List.of(),
                    null,
                    false));
        }
        return out;
    }

    static Percept percept(long k) {
        if (k % 2 == 0) {
            return new Percept(
                    "p" + k,
                    PerceptType.CHAT,
                    PerceptSource.NPC,
                    Map.of("text", "hello there #" + k, "speaker", "npc_42"),
                    TS);
        }
        return new Percept(
                "p" + k,
                PerceptType.WORLD_STATE,
                PerceptSource.ENGINE,
                Map.of("event", "task", "waypoint", WAYPOINTS[(int) (k / 2 % WAYPOINTS.length)], "n", k),
                TS);
    }

    static PolicyGate gate() {
        return StandaloneGate.create(Map.of("defaultRateLimits", new String[] {"*=100000000"}), System::nanoTime);
    }

    /** The figures of one run. */
    record Result(int sessions, long decisions, double p50, double p90, double p99, double e2e50, double e2e99) {}

    static Result run(int sessions, double seconds) throws InterruptedException {
        int threads = Runtime.getRuntime().availableProcessors();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
        ThreadPoolExecutor io = new ThreadPoolExecutor(
                1, 1, 1, TimeUnit.SECONDS, new java.util.concurrent.LinkedBlockingQueue<>(1_000_000));
        MemoryEngineImpl memory = new MemoryEngineImpl(
                DecisionLoopBenchmark::imported,
                new MemoryEngineImpl.InMemoryStore(),
                HashedNgramEmbedder::new,
                ScoringWeights.DEFAULTS);
        PolicyGate gate = gate();
        CoreMetrics metrics = new CoreMetrics(gate::metrics);
        LoopSettings settings = new LoopSettings(10_000, 500, 8_000, 5_000, 50, 0.4, 5, false, 0);
        PersonalityCoreImpl core = new PersonalityCoreImpl(new LoopServices(
                pool,
                timers,
                io,
                CoreClock.SYSTEM,
                gate,
                memory,
                new BuiltInBehaviour(),
                () -> null,
                () -> null,
                metrics,
                settings));
        AtomicLong emitted = new AtomicLong();
        boolean[] measuring = {false};
        List<Long> e2e = java.util.Collections.synchronizedList(new ArrayList<>());
        List<CoreSession> open = new ArrayList<>();
        List<ConcurrentLinkedQueue<Long>> offeredAt = new ArrayList<>();
        for (int i = 0; i < sessions; i++) {
            ConcurrentLinkedQueue<Long> times = new ConcurrentLinkedQueue<>();
            offeredAt.add(times);
            CoreSession[] self = new CoreSession[1];
            IntentSink sink = new IntentSink() {
                @Override
                public void emit(Intent intent, PolicyDecision decision, String traceparent) {
                    Long at = times.poll();
                    if (at != null && measuring[0]) {
                        e2e.add(System.nanoTime() - at);
                    }
                    emitted.incrementAndGet();
                    self[0].actionResult(intent.intentId(), ActionResult.success());
                }
            };
            String owner = "owner_" + i;
            self[0] = core.open(
                    new CoreSessionSpec(
                            "sess_" + i,
                            owner,
                            snapshot("ps_" + i, owner),
                            "sim",
                            SessionMode.CO_EXPERIENCE,
                            Set.of("persona.use"),
                            CAPS,
                            CoreSessionSpec.DEFAULT_QUEUE_DEPTH,
                            (long) i,
                            null),
                    sink);
            open.add(self[0]);
        }
        // open-loop arrivals: RATE_PER_SECOND percepts per second over all sessions, round robin, every millisecond
        long[] counter = {0};
        int perTick = Math.max(1, RATE_PER_SECOND / 1000);
        ScheduledExecutorService driver = Executors.newSingleThreadScheduledExecutor();
        driver.scheduleAtFixedRate(
                () -> {
                    for (int j = 0; j < perTick; j++) {
                        long k = counter[0]++;
                        int s = (int) (k % sessions);
                        offeredAt.get(s).add(System.nanoTime());
                        if (open.get(s).offer(percept(k / sessions), null).outcome() != CoreSession.Outcome.ACCEPTED) {
                            offeredAt.get(s).poll();
                        }
                    }
                },
                0,
                1,
                TimeUnit.MILLISECONDS);
        e2e.clear();
        measuring[0] = true;
        long startEmitted = emitted.get();
        Thread.sleep((long) (seconds * 1000));
        measuring[0] = false;
        long decisions = emitted.get() - startEmitted;
        driver.shutdownNow();
        Map<Double, Double> q = metrics.decisionLatencyQuantiles();
        core.closeAll();
        pool.shutdownNow();
        timers.shutdownNow();
        io.shutdownNow();
        long[] ends;
        synchronized (e2e) {
            ends = e2e.stream().mapToLong(Long::longValue).toArray();
        }
        Arrays.sort(ends);
        return new Result(
                sessions,
                decisions,
                q.getOrDefault(0.5, Double.NaN),
                q.getOrDefault(0.9, Double.NaN),
                q.getOrDefault(0.99, Double.NaN),
                pct(ends, 0.5) / 1e6,
                pct(ends, 0.99) / 1e6);
    }

    static double pct(long[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.max(0, Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1))];
    }

    /** The peer: normalize, retrieve, decide and gate on the calling thread. */
    static double[] direct(int iterations) {
        MemoryEngineImpl memory = new MemoryEngineImpl(
                DecisionLoopBenchmark::imported,
                new MemoryEngineImpl.InMemoryStore(),
                HashedNgramEmbedder::new,
                ScoringWeights.DEFAULTS);
        PolicyGate gate = gate();
        PersonalitySnapshot snapshot = snapshot("ps_direct", "owner_direct");
        PolicyContext context = gate.context(snapshot, Set.of("persona.use"), null, "sim", SessionMode.CO_EXPERIENCE);
        BuiltInBehaviour behaviour = new BuiltInBehaviour();
        long[] times = new long[iterations];
        for (int warm = 0; warm < 2; warm++) {
            for (int i = 0; i < iterations; i++) {
                long t0 = System.nanoTime();
                Stimulus s = PerceptualAdapter.normalize(percept(i));
                List<ScoredMemory> hits = memory.retrieve(new MemoryQuery(
                        snapshot.id(),
                        s.text() + " " + (s.name() == null ? "" : s.name()),
                        s.tags(),
                        5,
                        null,
                        false,
                        TS));
                Candidate c = behaviour.decide(
                        new Situation(s, "Bench_Core", snapshot.profile().tone(), hits, List.of(), CAPS, Set.of()));
                Intent intent = new Intent("i" + i, c.type(), c.target(), c.confidence(), c.params(), TS);
                gate.evaluate(intent, context);
                times[i] = System.nanoTime() - t0;
            }
        }
        Arrays.sort(times);
        return new double[] {pct(times, 0.5) / 1e6, pct(times, 0.99) / 1e6};
    }

    public static void main(String[] args) throws InterruptedException {
        // the benchmark's report is its output (as JMH prints its own)
        java.io.PrintStream out = System.out;
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 10;
        out.printf(
                Locale.ROOT,
                "Decision path perceive -> emit_intent, built-in behaviour, %d decision threads, %d percepts/s%n",
                Runtime.getRuntime().availableProcessors(),
                RATE_PER_SECOND);
        double[] peer = direct(20_000);
        run(1_000, Math.min(5, seconds)); // warm-up of the JIT, discarded
        out.printf(Locale.ROOT, "peer (direct pipeline, one thread): p50 %.3f ms  p99 %.3f ms%n", peer[0], peer[1]);
        out.println("| sessions | decisions | loop p50 ms | loop p90 ms | loop p99 ms | offer->emit p50 ms |"
                + " offer->emit p99 ms | p99 / peer p99 |");
        out.println("|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (int sessions : new int[] {1, 100, 1_000}) {
            Result r = run(sessions, seconds);
            out.printf(
                    Locale.ROOT,
                    "| %d | %d | %.3f | %.3f | %.3f | %.3f | %.3f | %.1f |%n",
                    r.sessions(),
                    r.decisions(),
                    r.p50(),
                    r.p90(),
                    r.p99(),
                    r.e2e50(),
                    r.e2e99(),
                    r.p99() / peer[1]);
        }
    }
}
