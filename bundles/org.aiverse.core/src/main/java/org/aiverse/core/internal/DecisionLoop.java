package org.aiverse.core.internal;

import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.aiverse.contracts.ValidationException;
import org.aiverse.contracts.adapter.ActionResult;
import org.aiverse.contracts.adapter.AdapterErrorCode;
import org.aiverse.contracts.api.BackpressurePayload;
import org.aiverse.contracts.intent.Intent;
import org.aiverse.contracts.intent.IntentTypes;
import org.aiverse.contracts.memory.Emotion;
import org.aiverse.contracts.memory.MemoryItem;
import org.aiverse.contracts.memory.MemorySource;
import org.aiverse.contracts.memory.Privacy;
import org.aiverse.contracts.percept.PerceptSource;
import org.aiverse.contracts.policy.PolicyDecision;
import org.aiverse.contracts.policy.ReasonCode;
import org.aiverse.contracts.recorder.Actor;
import org.aiverse.contracts.recorder.EventType;
import org.aiverse.core.api.CoreSession;
import org.aiverse.core.api.CoreSessionSpec;
import org.aiverse.core.api.IntentSink;
import org.aiverse.core.api.LoopState;
import org.aiverse.memory.api.MemoryQuery;
import org.aiverse.memory.api.ScoredMemory;
import org.aiverse.policy.api.PolicyContext;
import org.aiverse.recorder.api.Recorder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The decision loop of one session, exactly the frozen state machine of seed 3.2:
 * {@code idle → perceive → reflect → retrieve_memory → decide → policy_gate → emit_intent → await_env →
 * integrate_feedback → perceive}, with {@code blocked} (the gate said no), {@code backoff} (rate limit, cooldown or a
 * busy engine: no percept is taken until the backoff ends), {@code revoked} (halt) and {@code timeout} (no result
 * within the soft timeout).
 *
 * <p>Concurrency: every state change happens on the session's decision queue, a serial mailbox that runs on the
 * shared pool (no thread per session). Callers only enqueue: {@link #offer}, {@link #actionResult} and the timers
 * return at once. {@code await_env} holds no thread: the loop simply takes no percept until
 * {@link #actionResult} (or the timeout) posts the next step. Blocking writes (memories, span records) go to the
 * I/O executor.
 *
 * <p>Determinism: with {@link CoreSessionSpec#seed()} set, ids and span ids come from a seeded generator and times
 * from the injected clock, so a scripted percept sequence yields the same intents every run.
 */
final class DecisionLoop implements CoreSession {

    private static final Logger LOG = LoggerFactory.getLogger(DecisionLoop.class);
    private static final int TASKS_PER_DRAIN = 256;
    private static final int PERCEPTS_PER_DRAIN = 16;
    private static final int LATENCY_WINDOW = 1024;
    private static final String SPAN_NAME = "core.decision";
    private static final Set<LoopState> STEPPING = Set.of(
            LoopState.IDLE, LoopState.PERCEIVE, LoopState.INTEGRATE_FEEDBACK, LoopState.BLOCKED, LoopState.TIMEOUT);

    private final CoreSessionSpec spec;
    private final IntentSink sink;
    private final PolicyContext policy;
    private final LoopServices services;
    private final Consumer<DecisionLoop> onClose;
    private final SplittableRandom random;
    private final Traceparent sessionTrace;
    private final PerceptQueue queue;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Object emitLock = new Object();
    private final long openedNanos;

    private volatile LoopState state = LoopState.IDLE;
    private volatile boolean paused;
    private volatile boolean halted;
    private volatile boolean revoked;
    private volatile String haltReason;
    private volatile Set<String> capabilities;

    // decision-queue-only state (volatile where the re-check after a drain reads it)
    private volatile String pendingIntent;
    private volatile boolean deciding;
    private volatile boolean backingOff;
    private ScheduledFuture<?> pendingTimeout;
    private int consecutiveBackoffs;
    private int memorySeq;
    /**
     * This loop's part of its memories' ids: a session's loop is opened again after a stop and on the node that takes
     * it over (issue 11), and its new memories must not reuse the ids of the earlier loop's.
     */
    private final String memoryEpoch = Long.toString(System.currentTimeMillis(), 36);

    private final List<MemoryItem> written = new ArrayList<>();
    /** Written but not handed to the memory engine yet, and whether a task storing them is queued (under written). */
    private final List<MemoryItem> unsaved = new ArrayList<>();

    private boolean saving;
    private final Map<String, Integer> usedMemories = new LinkedHashMap<>();
    private final Map<String, Double> usedSalience = new LinkedHashMap<>();
    private final Set<String> suggested = new HashSet<>();

    // metrics
    private final AtomicLong emittedCount = new AtomicLong();
    private final AtomicLong blockedCount = new AtomicLong();
    private final AtomicLong timeoutCount = new AtomicLong();
    private final AtomicLong overBudgetSteps = new AtomicLong();
    private final ArrayDeque<Long> emittedAt = new ArrayDeque<>();
    private final double[] latencies = new double[LATENCY_WINDOW];
    private long latencyCount;

    DecisionLoop(
            CoreSessionSpec spec,
            IntentSink sink,
            PolicyContext policy,
            LoopServices services,
            Consumer<DecisionLoop> onClose) {
        this.spec = spec;
        this.sink = sink;
        this.policy = policy;
        this.services = services;
        this.onClose = onClose;
        this.random = new SplittableRandom(spec.seed() != null ? spec.seed() : new SecureRandom().nextLong());
        Traceparent started = Traceparent.parse(spec.traceparent());
        this.sessionTrace = started != null ? started : Traceparent.root(random);
        this.queue = new PerceptQueue(
                spec.queueDepth(),
                TimeUnit.MILLISECONDS.toNanos(services.settings().perceptMaxAgeMillis()),
                services.clock()::nanos);
        this.capabilities = Set.copyOf(spec.capabilities());
        this.openedNanos = services.clock().nanos();
    }

    CoreSessionSpec spec() {
        return spec;
    }

    // ------------------------------------------------------------------ the API (any thread)

    @Override
    public String sessionId() {
        return spec.sessionId();
    }

    @Override
    public Offer offer(org.aiverse.contracts.percept.Percept percept, String traceparent) {
        if (halted || closed.get()) {
            return new Offer(Outcome.DROPPED, queue.backpressure());
        }
        Outcome outcome = queue.offer(percept, traceparent);
        if (outcome == Outcome.ACCEPTED) {
            signal();
        }
        return new Offer(outcome, queue.backpressure());
    }

    @Override
    public BackpressurePayload backpressure() {
        return queue.backpressure();
    }

    @Override
    public void actionResult(String intentId, ActionResult result) {
        post(() -> integrate(intentId, result));
    }

    @Override
    public void capabilities(Set<String> updated) {
        this.capabilities = updated == null ? Set.of() : Set.copyOf(updated);
    }

    @Override
    public void pause() {
        paused = true;
    }

    @Override
    public void resume() {
        paused = false;
        signal();
    }

    @Override
    public void halt(String reason) {
        synchronized (emitLock) {
            if (halted) {
                return;
            }
            halted = true;
            revoked = true;
            haltReason = reason;
            state = LoopState.REVOKED;
        }
        queue.clear();
        services.metrics().takeover();
        post(this::cancelPending);
        LOG.info("decision loop of {} halted: {}", spec.sessionId(), reason);
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        synchronized (emitLock) {
            halted = true;
            if (haltReason == null) {
                haltReason = "closed";
            }
        }
        queue.clear();
        post(this::cancelPending);
        services.metrics().sessionLength((services.clock().nanos() - openedNanos) / 1e9);
        onClose.accept(this);
    }

    @Override
    public LoopState state() {
        // once halted the loop is revoked, whatever step was finishing on the decision thread
        return revoked ? LoopState.REVOKED : state;
    }

    @Override
    public Map<String, Number> metrics() {
        Map<String, Number> m = new LinkedHashMap<>();
        m.put("intent_rate_per_min", intentsLastMinute());
        m.put("intents_emitted", emittedCount.get());
        m.put("intents_blocked", blockedCount.get());
        m.put("await_env_timeouts", timeoutCount.get());
        m.put("steps_over_budget", overBudgetSteps.get());
        double[] sorted;
        synchronized (latencies) {
            int n = (int) Math.min(latencyCount, LATENCY_WINDOW);
            sorted = Arrays.copyOf(latencies, n);
        }
        Arrays.sort(sorted);
        m.put("decision_latency_ms_p50", quantile(sorted, 0.5));
        m.put("decision_latency_ms_p90", quantile(sorted, 0.9));
        m.put("decision_latency_ms_p99", quantile(sorted, 0.99));
        BackpressurePayload bp = queue.backpressure();
        m.put("backpressure_level", bp.level().gauge());
        m.put("queue_depth", bp.queueDepth());
        m.put("percepts_merged", queue.mergedCount());
        m.put("percepts_dropped", queue.droppedCount());
        m.put("percepts_stale", queue.expiredCount());
        return m;
    }

    private static double quantile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return 0.0;
        }
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    long intentsLastMinute() {
        long horizon = services.clock().nanos() - TimeUnit.MINUTES.toNanos(1);
        synchronized (emittedAt) {
            while (!emittedAt.isEmpty() && emittedAt.peekFirst() < horizon) {
                emittedAt.pollFirst();
            }
            return emittedAt.size();
        }
    }

    long mergedPercepts() {
        return queue.mergedCount();
    }

    long droppedPercepts() {
        return queue.droppedCount();
    }

    /** The memories this session wrote; read after close (the learning updater). */
    List<MemoryItem> written() {
        synchronized (written) {
            return List.copyOf(written);
        }
    }

    /** Memories the session's decisions relied on, with how often and their salience then. */
    Map<String, Double> usedSalience() {
        synchronized (written) {
            Map<String, Double> out = new LinkedHashMap<>();
            usedMemories.forEach((id, uses) -> out.put(id, usedSalience.get(id)));
            return out;
        }
    }

    Map<String, Integer> usedCounts() {
        synchronized (written) {
            return Map.copyOf(usedMemories);
        }
    }

    // ------------------------------------------------------------------ the decision queue

    private void post(Runnable task) {
        tasks.add(task);
        signal();
    }

    private void signal() {
        if (scheduled.compareAndSet(false, true)) {
            try {
                services.pool().execute(this::drain);
            } catch (RuntimeException e) {
                scheduled.set(false);
                LOG.warn("decision pool rejected session {}: {}", spec.sessionId(), e.toString());
            }
        }
    }

    private boolean canStep() {
        return !halted && !paused && pendingIntent == null && !deciding && !backingOff;
    }

    private void drain() {
        try {
            for (int i = 0; i < TASKS_PER_DRAIN; i++) {
                Runnable t = tasks.poll();
                if (t == null) {
                    break;
                }
                run(t);
            }
            for (int i = 0; i < PERCEPTS_PER_DRAIN && canStep(); i++) {
                queue.hold(false);
                PerceptQueue.Entry e = queue.poll();
                if (e == null) {
                    if (STEPPING.contains(state)) {
                        state = LoopState.IDLE;
                    }
                    break;
                }
                run(() -> perceive(e));
            }
        } finally {
            // every change of these flags happens in a drain: the queue's percepts do not age while the loop waits
            // for the world (its intent performed, a reply generated, a backoff), only while they wait for the loop
            queue.hold(pendingIntent != null || deciding || backingOff);
            scheduled.set(false);
            if (!tasks.isEmpty() || (canStep() && !queue.isEmpty())) {
                signal();
            }
        }
    }

    private void run(Runnable t) {
        try {
            t.run();
        } catch (RuntimeException e) {
            LOG.error("decision loop of {} failed a step", spec.sessionId(), e);
            deciding = false;
            if (!halted) {
                state = LoopState.IDLE;
            }
        }
    }

    // ------------------------------------------------------------------ the steps

    /** One loop iteration's span and step timings (seed 8.2: a span per step). */
    private final class Iteration {
        final PerceptQueue.Entry entry;
        final long start;
        final Traceparent parent;
        final Traceparent span;
        final List<Map<String, Object>> steps = new ArrayList<>(8);
        long mark;
        Stimulus stimulus;
        List<ScoredMemory> memories = List.of();

        Iteration(PerceptQueue.Entry entry) {
            this.entry = entry;
            this.start = services.clock().nanos();
            this.mark = start;
            Traceparent in = Traceparent.parse(entry.traceparent());
            this.parent = in != null ? in : sessionTrace;
            this.span = parent.child(random);
        }

        void step(LoopState done) {
            long now = services.clock().nanos();
            long micros = (now - mark) / 1000;
            if (micros > services.settings().stepBudgetMicros()) {
                overBudgetSteps.incrementAndGet();
                LOG.debug("{}: step {} took {} µs", spec.sessionId(), done.wire(), micros);
            }
            if (services.settings().recordSpans()) {
                Map<String, Object> s = new LinkedHashMap<>();
                s.put("name", done.wire());
                s.put("span_id", Traceparent.hex(random, 1));
                s.put("duration_us", micros);
                steps.add(s);
            }
            mark = now;
        }
    }

    private void perceive(PerceptQueue.Entry entry) {
        Iteration it = new Iteration(entry);
        state = LoopState.PERCEIVE;
        Stimulus s = PerceptualAdapter.normalize(entry.percept());
        it.stimulus = s;
        it.step(LoopState.PERCEIVE);

        state = LoopState.REFLECT;
        reflect(s);
        it.step(LoopState.REFLECT);
        if (s.kind() == Stimulus.Kind.ACTION_RESULT) {
            Object raw = s.percept().payload().get("action_result");
            if (raw instanceof Map<?, ?> r && r.get("intent_id") instanceof String id && id.equals(pendingIntent)) {
                integrate(id, Boolean.TRUE.equals(r.get("ok")) ? ActionResult.success() : failure(r.get("error")));
            }
            finish(it, "feedback", null, null);
            return;
        }

        state = LoopState.RETRIEVE_MEMORY;
        List<ScoredMemory> memories = retrieve(s);
        it.memories = memories;
        it.step(LoopState.RETRIEVE_MEMORY);

        state = LoopState.DECIDE;
        Situation situation = situation(s, memories);
        Candidate candidate = services.behaviour().decide(situation);
        DialogueGenerator dialogue = services.dialogue().get();
        if (candidate != null
                && dialogue != null
                && IntentTypes.SPEAK.equals(candidate.type())
                && (s.kind() == Stimulus.Kind.GREETING || s.kind() == Stimulus.Kind.CHAT)) {
            deciding = true;
            String fallback = String.valueOf(candidate.params().get("text"));
            dialogue.reply(situation, fallback)
                    .whenComplete((text, error) -> post(() -> {
                        deciding = false;
                        if (halted) {
                            finish(it, "halted", null, null);
                            return;
                        }
                        gate(it, text == null ? candidate : candidate.withText(text));
                    }));
            return;
        }
        gate(it, candidate);
    }

    private static ActionResult failure(Object error) {
        AdapterErrorCode code;
        try {
            code = error instanceof String e ? AdapterErrorCode.fromWire(e) : AdapterErrorCode.ENGINE_ERROR;
        } catch (ValidationException e) {
            code = AdapterErrorCode.ENGINE_ERROR;
        }
        return ActionResult.failure(code);
    }

    private Situation situation(Stimulus s, List<ScoredMemory> memories) {
        List<MemoryItem> sessionMemories;
        synchronized (written) {
            sessionMemories = List.copyOf(written);
        }
        String name = spec.snapshot().profile() == null
                ? spec.snapshot().id()
                : spec.snapshot().profile().name();
        Map<String, Double> tone = spec.snapshot().profile() == null
                ? Map.of()
                : spec.snapshot().profile().tone();
        return new Situation(s, name, tone, memories, sessionMemories, capabilities, Set.copyOf(suggested));
    }

    /** {@code reflect}: a salient percept becomes a memory (written off the decision path). */
    private void reflect(Stimulus s) {
        if (s.salience() < services.settings().memoryThreshold() || services.memory() == null) {
            return;
        }
        String text = memoryText(s);
        if (text == null) {
            return;
        }
        // what the world showed is exportable; what the user said is personal (least exposure, seed 7.1)
        boolean exportable = s.percept().source() != PerceptSource.USER;
        Emotion emotion = s.kind() == Stimulus.Kind.GREETING
                ? new Emotion(0.6, 0.3, List.of("joy"))
                : s.kind() == Stimulus.Kind.PURCHASED ? new Emotion(0.5, 0.5, List.of("joy")) : null;
        MemoryItem m = new MemoryItem(
                "m_" + spec.sessionId() + "_" + memoryEpoch + "_" + (++memorySeq),
                s.percept().ts(),
                text,
                s.kind() == Stimulus.Kind.GREETING || s.kind() == Stimulus.Kind.CHAT
                        ? MemorySource.CHAT
                        : MemorySource.SENSOR,
                Math.min(1.0, s.salience()),
                emotion,
                null,
                s.tags(),
                new Privacy(false, exportable),
                null,
                List.of(),
                null,
                false);
        boolean start;
        synchronized (written) {
            written.add(m);
            unsaved.add(m);
            start = !saving;
            saving = true;
        }
        if (start) {
            try {
                services.io().execute(this::saveMemories);
            } catch (RuntimeException e) {
                synchronized (written) {
                    saving = false; // the next memory tries again, with these
                }
                LOG.warn("memory writer rejected {} of {}", m.id(), spec.sessionId());
            }
        }
    }

    /**
     * Stores the session's memories not stored yet, in order: whatever was written while the previous batch was
     * being stored goes in the next one, in one transaction. At most one such task per session is queued on the I/O
     * executor (a session that writes faster than one memory per commit no longer queues a task per memory).
     */
    private void saveMemories() {
        String snapshotId = spec.snapshot().id();
        while (true) {
            List<MemoryItem> batch;
            synchronized (written) {
                if (unsaved.isEmpty()) {
                    saving = false;
                    return;
                }
                batch = List.copyOf(unsaved);
                unsaved.clear();
            }
            try {
                services.memory().rememberAll(snapshotId, spec.sessionId(), batch);
            } catch (RuntimeException e) {
                LOG.warn(
                        "cannot store {} memories of {} ({} to {}): {}",
                        batch.size(),
                        spec.sessionId(),
                        batch.get(0).id(),
                        batch.get(batch.size() - 1).id(),
                        e.toString());
            }
        }
    }

    private static String memoryText(Stimulus s) {
        switch (s.kind()) {
            case GREETING:
            case CHAT:
                return s.actor() + " said: " + s.text();
            case EXHIBIT_NEARBY:
                return "Came close to the " + (s.name() == null ? s.entity() : s.name());
            case TASK_GO_TO:
                return "Was asked to go to " + s.entity();
            case OFFER:
                return "Was offered " + s.name() + " for " + s.price().toPlainString();
            case ARRIVED:
                return "Arrived at " + s.entity();
            case PURCHASED:
                return "Bought " + s.entity()
                        + (s.price() == null ? "" : " for " + s.price().toPlainString());
            default:
                return null;
        }
    }

    private List<ScoredMemory> retrieve(Stimulus s) {
        if (services.memory() == null) {
            return List.of();
        }
        String q = s.name() == null ? s.text() : s.text() + " " + s.name();
        int topK = services.settings().retrieveTopK();
        try {
            // long-term memory only: what this session wrote is its working memory (Situation.sessionMemories),
            // and leaving it out keeps retrieval independent of when the asynchronous writes land (determinism)
            List<ScoredMemory> hits = services.memory()
                    .retrieve(new MemoryQuery(
                            spec.snapshot().id(),
                            q,
                            s.tags(),
                            topK,
                            null,
                            false,
                            services.clock().epochSeconds(),
                            spec.sessionId()));
            String own = "m_" + spec.sessionId() + "_";
            List<ScoredMemory> out = new ArrayList<>(topK);
            for (ScoredMemory h : hits) {
                if (!h.memory().id().startsWith(own) && out.size() < topK) {
                    out.add(h);
                }
            }
            return out;
        } catch (RuntimeException e) {
            LOG.warn("memory retrieval failed for {}: {}", spec.sessionId(), e.toString());
            return List.of();
        }
    }

    /** {@code decide} ends; {@code policy_gate}, then {@code emit_intent} or {@code blocked}. */
    private void gate(Iteration it, Candidate candidate) {
        it.step(LoopState.DECIDE);
        if (candidate == null) {
            state = LoopState.IDLE;
            finish(it, "none", null, null);
            return;
        }
        if (!capabilities.contains(candidate.type())) {
            state = LoopState.IDLE;
            finish(it, "not_capable", null, null);
            return;
        }
        Intent intent = new Intent(
                "i_" + Traceparent.hex(random, 1),
                candidate.type(),
                candidate.target(),
                candidate.confidence(),
                candidate.params(),
                services.clock().epochSeconds());
        state = LoopState.POLICY_GATE;
        PolicyDecision decision;
        try {
            decision = services.gate().evaluate(intent, policy, traceMeta(it, intent.intentId(), spans()));
        } catch (ValidationException e) {
            LOG.warn("{}: the gate rejected candidate {}: {}", spec.sessionId(), intent.type(), e.getMessage());
            state = LoopState.IDLE;
            finish(it, "invalid", intent, null);
            return;
        }
        it.step(LoopState.POLICY_GATE);
        if (!decision.allowed()) {
            state = LoopState.BLOCKED;
            blockedCount.incrementAndGet();
            services.metrics().blocked();
            try {
                sink.blocked(intent, decision);
            } catch (RuntimeException e) {
                LOG.warn("intent sink failed on a block: {}", e.toString());
            }
            finish(it, "blocked", intent, decision);
            ReasonCode r = decision.reasonCode();
            if (r == ReasonCode.RATE_LIMITED || r == ReasonCode.COOLDOWN) {
                backoff();
            }
            return;
        }
        synchronized (emitLock) {
            if (halted) {
                finish(it, "halted", intent, decision);
                return;
            }
            state = LoopState.EMIT_INTENT;
            sink.emit(intent, decision, it.span.toString());
        }
        long now = services.clock().nanos();
        double millis = (now - it.start) / 1e6;
        recordEmission(now, millis);
        it.step(LoopState.EMIT_INTENT);
        if (candidate.usedMemory() != null) {
            synchronized (written) {
                usedMemories.merge(candidate.usedMemory(), 1, Integer::sum);
                for (ScoredMemory m : it.memories) {
                    if (m.memory().id().equals(candidate.usedMemory())) {
                        usedSalience.putIfAbsent(m.memory().id(), m.memory().salience());
                    }
                }
            }
        }
        if (it.stimulus.kind() == Stimulus.Kind.EXHIBIT_NEARBY) {
            suggested.add(it.stimulus.entity());
        }
        consecutiveBackoffs = 0;
        String id = intent.intentId();
        pendingIntent = id;
        queue.hold(true);
        state = LoopState.AWAIT_ENV;
        pendingTimeout =
                schedule(() -> post(() -> timeout(id)), services.settings().awaitTimeoutMillis());
        finish(it, "emitted", intent, decision);
    }

    private boolean spans() {
        return services.settings().recordSpans();
    }

    /**
     * The iteration's trace ids for the gate's event of its intent (seed 8.2 {@code payload.meta}); with spans
     * recorded, also the iteration's span so far ({@code span}, {@code percept_id}, {@code stimulus} and the
     * {@code steps} up to {@code decide}). The gate records an event for every intent it decides, so that event
     * carries the span: the iteration needs no chain event of its own (one durable event less per percept).
     */
    private static Map<String, Object> traceMeta(Iteration it, String intentId, boolean span) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("trace_id", it.span.traceId());
        meta.put("span_id", it.span.spanId());
        meta.put("parent_span_id", it.parent.spanId());
        meta.put("corr_id", intentId);
        if (span) {
            meta.put("span", SPAN_NAME);
            meta.put("percept_id", it.entry.percept().id());
            if (it.stimulus != null) {
                meta.put("stimulus", it.stimulus.kind().name().toLowerCase(java.util.Locale.ROOT));
            }
            meta.put("steps", List.copyOf(it.steps));
        }
        return meta;
    }

    private void recordEmission(long now, double millis) {
        emittedCount.incrementAndGet();
        services.metrics().emitted();
        services.metrics().decision(millis);
        synchronized (emittedAt) {
            emittedAt.addLast(now);
        }
        synchronized (latencies) {
            latencies[(int) (latencyCount++ % LATENCY_WINDOW)] = millis;
        }
    }

    /** {@code await_env → integrate_feedback → perceive}. */
    private void integrate(String intentId, ActionResult result) {
        if (pendingIntent == null || !pendingIntent.equals(intentId)) {
            return; // late (after a timeout) or unknown: nothing waits for it
        }
        cancelTimer();
        pendingIntent = null;
        if (halted) {
            return;
        }
        state = LoopState.INTEGRATE_FEEDBACK;
        if (!result.ok()
                && (result.error() == AdapterErrorCode.RATE_LIMITED || result.error() == AdapterErrorCode.BUSY)) {
            backoff();
            return;
        }
        state = LoopState.PERCEIVE;
    }

    private void timeout(String intentId) {
        if (pendingIntent == null || !pendingIntent.equals(intentId)) {
            return;
        }
        pendingTimeout = null;
        pendingIntent = null;
        timeoutCount.incrementAndGet();
        services.metrics().timeout();
        if (!halted) {
            state = LoopState.TIMEOUT;
        }
    }

    private void backoff() {
        if (halted) {
            return;
        }
        long delay = Math.min(
                services.settings().maxBackoffMillis(),
                services.settings().backoffMillis() << Math.min(10, consecutiveBackoffs++));
        backingOff = true;
        state = LoopState.BACKOFF;
        schedule(
                () -> post(() -> {
                    backingOff = false;
                    if (!halted) {
                        state = LoopState.PERCEIVE;
                    }
                }),
                delay);
    }

    /** Schedules a timer; none when the Core is shutting down (the loop is being closed anyway). */
    private ScheduledFuture<?> schedule(Runnable task, long millis) {
        try {
            return services.timers().schedule(task, millis, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("timer of {} not scheduled: the Core is shutting down", spec.sessionId());
            return null;
        }
    }

    private void cancelTimer() {
        ScheduledFuture<?> t = pendingTimeout;
        pendingTimeout = null;
        if (t != null) {
            t.cancel(false);
        }
    }

    private void cancelPending() {
        cancelTimer();
        pendingIntent = null;
        if (halted && !closed.get()) {
            state = LoopState.REVOKED;
        }
    }

    /**
     * Ends an iteration: its span goes to the session's chain (seed 8.2: trace ids in {@code payload.meta}), unless
     * the intent the gate decided was emitted or blocked: then the gate's event carries the span in its meta
     * ({@link #traceMeta}), and the event tells the outcome (an intent event, or a policy block).
     */
    private void finish(Iteration it, String outcome, Intent intent, PolicyDecision decision) {
        if (!services.settings().recordSpans()
                || (decision != null && (outcome.equals("emitted") || outcome.equals("blocked")))) {
            return;
        }
        Recorder recorder = services.recorder().get();
        if (recorder == null) {
            return;
        }
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("trace_id", it.span.traceId());
        meta.put("span_id", it.span.spanId());
        meta.put("parent_span_id", it.parent.spanId());
        meta.put(
                "corr_id",
                intent != null ? intent.intentId() : it.entry.percept().id());
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("span", SPAN_NAME);
        payload.put("percept_id", it.entry.percept().id());
        if (it.stimulus != null) {
            payload.put("stimulus", it.stimulus.kind().name().toLowerCase(java.util.Locale.ROOT));
        }
        payload.put("outcome", outcome);
        if (intent != null) {
            payload.put("intent_id", intent.intentId());
            payload.put("intent_type", intent.type());
        }
        if (decision != null) {
            payload.put("reason_code", decision.reasonCode().wire());
        }
        payload.put("duration_us", (services.clock().nanos() - it.start) / 1000);
        payload.put("steps", it.steps);
        payload.put("meta", meta);
        String session = spec.sessionId();
        // queued on the recorder's own pipeline (hash now, group commit later): waiting for durability on the I/O
        // executor held one of its two threads per span and queued the session's memory writes behind them
        try {
            recorder.appendAsync(session, Actor.AI, EventType.METRIC, payload).whenComplete((e, error) -> {
                if (error != null) {
                    LOG.debug("cannot record the span of {}: {}", session, error.toString());
                }
            });
        } catch (RuntimeException e) {
            LOG.debug("cannot record the span of {}: {}", session, e.toString());
        }
    }
}
