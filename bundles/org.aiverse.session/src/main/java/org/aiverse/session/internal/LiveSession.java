package org.aiverse.session.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.aiverse.auth.api.Consent;
import org.aiverse.contracts.ValidationException;
import org.aiverse.contracts.adapter.ActionResult;
import org.aiverse.contracts.adapter.AdapterErrorCode;
import org.aiverse.contracts.adapter.AdapterEvent;
import org.aiverse.contracts.adapter.AdapterEventSink;
import org.aiverse.contracts.adapter.AdapterEventType;
import org.aiverse.contracts.adapter.AdapterHandle;
import org.aiverse.contracts.adapter.AdapterHealth;
import org.aiverse.contracts.adapter.AdapterManifest;
import org.aiverse.contracts.adapter.AdapterState;
import org.aiverse.contracts.api.BackpressureLevel;
import org.aiverse.contracts.api.BackpressurePayload;
import org.aiverse.contracts.api.DropHint;
import org.aiverse.contracts.api.FrameType;
import org.aiverse.contracts.api.SessionState;
import org.aiverse.contracts.api.TerminationReason;
import org.aiverse.contracts.intent.Intent;
import org.aiverse.contracts.percept.Percept;
import org.aiverse.contracts.percept.PerceptSource;
import org.aiverse.contracts.percept.PerceptType;
import org.aiverse.contracts.policy.PolicyDecision;
import org.aiverse.contracts.recorder.Actor;
import org.aiverse.contracts.recorder.EventType;
import org.aiverse.contracts.snapshot.PersonalitySnapshot;
import org.aiverse.contracts.version.ContractVersion;
import org.aiverse.core.api.CoreSession;
import org.aiverse.core.api.CoreSessionSpec;
import org.aiverse.core.api.IntentSink;
import org.aiverse.json.Json;
import org.aiverse.registry.api.LiveAdapter;
import org.aiverse.session.api.EngineProtocol;
import org.aiverse.session.api.SessionConflictException;
import org.aiverse.session.api.SessionInfo;
import org.aiverse.session.api.SessionTopics;
import org.aiverse.session.api.StartOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One session: its lifecycle with the orchestrator hooks of seed 3.4, the closed loop of seed 6.2 between the
 * Core and the bound adapter, and its stream participants (seed 5.4). Lifecycle transitions are serialized on the
 * session; frames and percepts flow without that lock.
 */
final class LiveSession implements IntentSink, AdapterEventSink {

    /** Until when (System.nanoTime) another node observes the session's intents and events on the bus. */
    private volatile long observedUntilNanos = System.nanoTime();

    private static final Logger LOG = LoggerFactory.getLogger(LiveSession.class);
    private static final String EMERGENCY_STOP = TerminationReason.EMERGENCY_STOP.wire();
    private static final long DISPOSE_WAIT_MS = 5000;
    /** Shed percept ids recorded together at most (see {@link #shed}). */
    private static final int SHED_BATCH = 256;
    /** How long a shed percept's id waits at most before it is recorded (see {@link #shed}). */
    private static final long SHED_WAIT_NANOS = 5_000_000_000L;

    private final SessionService svc;
    private final String id;
    private final String ownerId;
    private final StartOptions options;
    private final PersonalitySnapshot snapshot;
    private final String adapterId;
    private final List<String> requested;
    private volatile LiveAdapter adapter;
    private volatile List<String> capabilities;
    private volatile boolean engineDriven;
    private final int queueDepth;
    private final Map<String, Participant> participants = new ConcurrentHashMap<>();
    private final Map<String, Intent> inFlight = new ConcurrentHashMap<>();
    /** The handle each executing intent was given to: a swap re-executes only what a retired handle never ran. */
    private final Map<String, AdapterHandle> sentOn = new ConcurrentHashMap<>();
    /** Handles left behind by a swap: their {@code stopped} results mean "never ran", so the intent moves on. */
    private final Set<AdapterHandle> retired = ConcurrentHashMap.newKeySet();
    /**
     * Retired handles of an engine-driven adapter that still wait for the engine's answers to commands it already
     * has: they finish there (never sent twice) and the handle is disposed after the last answer.
     */
    private final Set<AdapterHandle> finishing = ConcurrentHashMap.newKeySet();
    /** Intents held at the gate while a swap is under way; released to the new handle (or refused) at its end. */
    private final List<Intent> gated = new ArrayList<>();

    private final Object swapGate = new Object();
    private final Object swapMutex = new Object();
    private final AtomicLong swaps = new AtomicLong();
    private final AtomicLong reexecuted = new AtomicLong();
    private volatile boolean swapping;
    private volatile boolean unbound;
    private volatile String lastSwap;
    private volatile long lastBeatNanos = System.nanoTime();
    private final ArrayDeque<Long> intentTimes = new ArrayDeque<>();
    /** Percepts the world sent while the session was being created, before the loop was open. */
    private final List<Percept> early = new ArrayList<>();

    private final AtomicLong percepts = new AtomicLong();
    private final AtomicLong intents = new AtomicLong();
    private final AtomicLong actionsOk = new AtomicLong();
    private final AtomicLong actionsFailed = new AtomicLong();
    private final AtomicLong framesIn = new AtomicLong();
    private final AtomicLong framesStale = new AtomicLong();
    private final AtomicLong perceptsDropped = new AtomicLong();
    /** Ids of percepts shed (a full Core queue, a congested recorder), not recorded yet (see {@link #shed}). */
    private final List<String> shed = new ArrayList<>();
    /** When the oldest id in {@link #shed} was shed (System.nanoTime). */
    private long shedSince;

    private final long startedAt = System.currentTimeMillis();
    private final Object lifecycle = new Object();

    private volatile String consentSessionId;
    private volatile String kid;
    private volatile long consentExp;
    private volatile Set<String> scopes;
    private volatile SessionState state = SessionState.CREATING;
    private volatile String reason;
    private volatile long ts = now();
    private volatile boolean stopped;
    private volatile boolean halted;
    private volatile CoreSession core;
    private volatile AdapterHandle handle;
    private volatile BackpressureLevel lastLevel = BackpressureLevel.NONE;
    private volatile boolean degraded;
    private volatile long lastDropNoticeNanos;
    /** The session's most recent append; the ones before it commit first. */
    private volatile CompletableFuture<?> lastRecord;

    LiveSession(
            SessionService svc,
            String id,
            StartOptions options,
            Consent consent,
            PersonalitySnapshot snapshot,
            LiveAdapter adapter,
            List<String> capabilities) {
        this.svc = svc;
        this.id = id;
        this.options = options;
        this.ownerId = consent.sub();
        this.consentSessionId = consent.sessionId();
        this.kid = consent.kid();
        this.consentExp = consent.exp();
        this.scopes = Set.copyOf(consent.scopes());
        this.snapshot = snapshot;
        this.adapter = adapter;
        this.adapterId = adapter.id();
        this.requested = options.capabilities() == null ? null : List.copyOf(options.capabilities());
        this.capabilities = List.copyOf(capabilities);
        this.engineDriven = adapter.adapter() instanceof EngineProtocol.EngineDriven;
        this.queueDepth = options.queueDepth() == null ? svc.config().queueDepth() : options.queueDepth();
    }

    static long now() {
        return System.currentTimeMillis() / 1000;
    }

    String id() {
        return id;
    }

    String ownerId() {
        return ownerId;
    }

    String consentSessionId() {
        return consentSessionId;
    }

    String kid() {
        return kid;
    }

    SessionState state() {
        return state;
    }

    /** The consent the session runs under now (a resume after a stop brings a fresh one). */
    Consent consent() {
        return new Consent(ownerId, consentSessionId, List.copyOf(scopes), kid, consentExp);
    }

    List<String> capabilities() {
        return capabilities;
    }

    /** The version of the Personality Snapshot the session runs (a takeover keeps it). */
    int snapshotVersion() {
        return snapshot.version();
    }

    StartOptions options() {
        return options;
    }

    boolean stopped() {
        return stopped;
    }

    int queueDepth() {
        return queueDepth;
    }

    String adapterId() {
        return adapterId;
    }

    /** The adapter version the session is bound to, or {@code null} while it has none (degraded). */
    LiveAdapter bound() {
        return unbound ? null : adapter;
    }

    boolean live() {
        SessionState s = state;
        return s == SessionState.RUNNING || s == SessionState.PAUSED || s == SessionState.CREATING;
    }

    AdapterHandle handle() {
        return handle;
    }

    /** Heartbeats (every 5 s, seed 3.3) the bound handle has missed. */
    long missedHeartbeats() {
        return Math.max(0, (System.nanoTime() - lastBeatNanos) / 5_000_000_000L - 1);
    }

    List<String> rtcParticipants() {
        return options.rtcParticipants();
    }

    // ------------------------------------------------------------------ lifecycle (seed 3.4, 5.3, 7.3)

    /** {@code onStart}: spawn the agent, bind channels, open the loop, emit {@code state:running}. */
    void start(String traceparent) {
        synchronized (lifecycle) {
            transition(SessionState.CREATING, null, Actor.SYSTEM);
            svc.assignOwner(id, ownerId);
            run("onStart", traceparent, loop -> {}, () -> transition(SessionState.RUNNING, null, Actor.SYSTEM));
        }
    }

    /**
     * Spawns the adapter with the manifest, opens the Core's loop ({@code prepare} sets it up before anything
     * reaches it), takes commands from the bus, enters the running state ({@code enter}) and hands the loop the
     * percepts that arrived meanwhile; a failure leaves the session in {@code error} with the hook's name.
     */
    private void run(
            String hook, String traceparent, java.util.function.Consumer<CoreSession> prepare, Runnable enter) {
        try {
            AdapterManifest manifest = svc.manifest(this, options, snapshot, capabilities);
            handle = adapter.adapter().onSpawn(manifest, this);
            CoreSession loop = svc.core().open(spec(traceparent), this);
            prepare.accept(loop);
            svc.subscribeControl(this);
            List<Percept> waiting;
            synchronized (early) {
                core = loop;
                waiting = new ArrayList<>(early);
                early.clear();
            }
            enter.run();
            for (Percept p : waiting) {
                loop.offer(p, null);
            }
        } catch (RuntimeException e) {
            failed(hook, e);
        }
    }

    /**
     * Runs a session that a dead (or departed) node owned (issue 11): spawns the adapter and opens the loop again
     * here, in the state the directory last held; the recorder continues the session's chain from its last durable
     * event, and the clients reconnect (to any node) and resume.
     *
     * @param fromNode the node that owned it
     * @param was the state it was in there ({@code running} or {@code paused}; {@code creating} becomes running)
     * @param wasStopped whether an emergency stop had halted it (it stays halted until resumed with a fresh token)
     */
    void takeOver(String fromNode, SessionState was, boolean wasStopped) {
        synchronized (lifecycle) {
            SessionState to = was == SessionState.PAUSED ? SessionState.PAUSED : SessionState.RUNNING;
            // read before the loop reopens: only the dead owner's intents, none of the new loop's
            Map<String, String> leftInFlight = svc.unsettled(id);
            run(
                    "failover",
                    null,
                    loop -> {
                        if (wasStopped) {
                            stopped = true;
                            halted = true;
                            loop.halt(EMERGENCY_STOP);
                        } else if (was == SessionState.PAUSED) {
                            loop.pause();
                        }
                    },
                    () -> transition(
                            to,
                            "failover",
                            Actor.SYSTEM,
                            Map.of("from_node", fromNode, "node", svc.node(), "snapshot_version", snapshot.version())));
            // the actions the dead node had in flight died with it (its adapter and world went too): each gets its
            // one ActionResult, stopped, as an emergency stop gives them (DESIGN §6: exactly one per gated intent)
            leftInFlight.forEach((intentId, type) ->
                    announce(intentId, type, ActionResult.failure(AdapterErrorCode.STOPPED), null, "failover"));
        }
    }

    /**
     * Another node has taken this session over (this node lost its lease): stop running it here without
     * recording anything more, and send the clients to reconnect ({@code 1012}, they resume on the new owner).
     */
    void fence() {
        synchronized (lifecycle) {
            if (state.terminal()) {
                return;
            }
            halted = true;
            state = SessionState.TERMINATED;
            reason = "taken over by another node";
            try {
                closeLoopAndAdapter();
            } catch (RuntimeException e) {
                LOG.debug("cleanup of fenced session {} failed", id, e);
            }
            closeLinks(1012, "session moved to another node");
        }
    }

    private CoreSessionSpec spec(String traceparent) {
        return new CoreSessionSpec(
                id,
                ownerId,
                snapshot,
                options.worldId(),
                options.mode(),
                scopes,
                Set.copyOf(capabilities),
                queueDepth,
                options.seed(),
                traceparent);
    }

    /** {@code onPause}: suspend the loop (percepts still queue), throttle the stream, emit {@code state:paused}. */
    void pause(String why) {
        synchronized (lifecycle) {
            require(SessionState.RUNNING, "pause");
            try {
                CoreSession c = core;
                if (c != null) {
                    c.pause();
                }
                transition(SessionState.PAUSED, why, Actor.USER);
            } catch (RuntimeException e) {
                failed("onPause", e);
            }
        }
    }

    /** {@code onResume}: restore the loop, emit {@code state:running}; after a stop only with a fresh token. */
    void resume(Consent fresh) {
        synchronized (lifecycle) {
            require(SessionState.PAUSED, "resume");
            if (stopped) {
                if (fresh == null) {
                    throw new SessionConflictException(
                            state, "session " + id + " was stopped: resume needs the owner's fresh consent token");
                }
                consentSessionId = fresh.sessionId();
                kid = fresh.kid();
                consentExp = fresh.exp();
                scopes = Set.copyOf(fresh.scopes());
            }
            try {
                if (stopped) {
                    CoreSession old = core;
                    if (old != null) {
                        old.close();
                    }
                    core = svc.core().open(spec(null), this);
                    stopped = false;
                    halted = false;
                } else if (core != null) {
                    core.resume();
                }
                transition(SessionState.RUNNING, null, Actor.USER);
            } catch (RuntimeException e) {
                failed("onResume", e);
            }
        }
    }

    /** {@code onTerminate}: dispose the adapter, close the loop, flush the recorder, emit {@code state:terminated}. */
    void terminate(TerminationReason why) {
        synchronized (lifecycle) {
            if (state != SessionState.RUNNING && state != SessionState.PAUSED) {
                throw new SessionConflictException(state, "session " + id + " is " + state.wire() + ", not live");
            }
            transition(SessionState.TERMINATING, why.wire(), Actor.USER);
            finish(why.wire());
        }
    }

    /**
     * Emergency stop (seed 7.3): suppress new intents now, {@code terminating} with {@code emergency_stop},
     * cancel in-flight actions ({@code stopped}), revoke the consent token, then terminate or pause.
     */
    void stop(String source, boolean pause) {
        synchronized (lifecycle) {
            if (state != SessionState.RUNNING && state != SessionState.PAUSED) {
                throw new SessionConflictException(state, "session " + id + " is " + state.wire() + ", not live");
            }
            halted = true;
            CoreSession c = core;
            if (c != null) {
                try {
                    c.halt(EMERGENCY_STOP);
                } catch (RuntimeException e) {
                    LOG.warn("halt of session {} failed", id, e);
                }
            }
            stopped = true;
            if (pause) {
                cancelInFlight();
                transition(SessionState.PAUSED, EMERGENCY_STOP, Actor.USER, Map.of("source", source));
            } else {
                transition(SessionState.TERMINATING, EMERGENCY_STOP, Actor.USER, Map.of("source", source));
                cancelInFlight();
            }
            svc.revoke(consentSessionId);
            if (!pause) {
                finish(EMERGENCY_STOP);
            }
            closeLinks(4403, "revoked");
        }
    }

    private void cancelInFlight() {
        List<Intent> pending = new ArrayList<>(inFlight.values());
        for (Intent i : pending) {
            // where it runs: a retired engine-driven handle may still be finishing it
            AdapterHandle h = sentOn.getOrDefault(i.intentId(), handle);
            if (h != null) {
                try {
                    h.cancel(i.intentId()).toCompletableFuture().get(1, TimeUnit.SECONDS);
                } catch (Exception e) {
                    LOG.debug("cancel of {} did not complete", i.intentId(), e);
                }
            }
            // the adapter could not abort it: cease and mark it failed (seed 7.3)
            completed(i, ActionResult.failure(AdapterErrorCode.STOPPED));
        }
    }

    /** The end of {@code onTerminate}, after {@code terminating}. */
    private void finish(String why) {
        try {
            CoreSession c = core;
            if (c != null) {
                c.close();
            }
            AdapterHandle h = handle;
            if (h != null) {
                h.dispose().toCompletableFuture().get(DISPOSE_WAIT_MS, TimeUnit.MILLISECONDS);
            }
            for (Intent i : new ArrayList<>(inFlight.values())) {
                completed(i, ActionResult.failure(AdapterErrorCode.STOPPED));
            }
            for (AdapterHandle f : new ArrayList<>(finishing)) {
                if (finishing.remove(f)) {
                    disposeRetired(f);
                }
            }
            recordShed(shed(null, true));
            transition(SessionState.TERMINATED, why, Actor.SYSTEM);
            svc.ended(this);
            closeLinks(1000, "terminated");
        } catch (Exception e) {
            failed("onTerminate", e);
        }
    }

    /** Closes the Core's loop and disposes the adapter's handle, without waiting for the disposal. */
    private void closeLoopAndAdapter() {
        CoreSession c = core;
        if (c != null) {
            c.close();
        }
        AdapterHandle h = handle;
        if (h != null) {
            h.dispose();
        }
    }

    /** A hook failed: {@code state:error} with the reason, persisted to the recorder (seed 3.4). */
    private void failed(String hook, Exception e) {
        LOG.warn("{} of session {} failed", hook, id, e);
        String why = hook + " failed: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        try {
            closeLoopAndAdapter();
        } catch (RuntimeException cleanup) {
            LOG.warn("cleanup of session {} after {} failed", id, hook, cleanup);
        }
        transition(SessionState.ERROR, why, Actor.SYSTEM);
        svc.ended(this);
        closeLinks(1011, "error");
    }

    private void require(SessionState expected, String what) {
        if (state != expected) {
            throw new SessionConflictException(state, "cannot " + what + " session " + id + ": it is " + state.wire());
        }
    }

    private void transition(SessionState to, String why, Actor actor) {
        transition(to, why, actor, Map.of());
    }

    /** Moves to a state: records the state change (durably), broadcasts the {@code state} frame, publishes it. */
    private void transition(SessionState to, String why, Actor actor, Map<String, Object> extra) {
        SessionState from = state;
        state = to;
        reason = why;
        ts = now();
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("from", from == to ? null : from.wire());
        payload.put("to", to.wire());
        if (why != null) {
            payload.put("reason", why);
        }
        payload.putAll(extra);
        payload.values().removeIf(v -> v == null);
        try {
            svc.recorder().append(id, actor, EventType.STATE_CHANGE, payload);
        } catch (RuntimeException e) {
            LOG.error("state change {} of session {} could not be recorded", to.wire(), id, e);
        }
        svc.transitioned(this);
        Map<String, Object> frame = statePayload();
        broadcast(FrameType.STATE, frame, false, null);
        svc.publish(SessionTopics.state(id), FrameType.STATE, frame, id);
    }

    private Map<String, Object> statePayload() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("state", state.wire());
        if (reason != null) {
            p.put("reason", reason);
        }
        return p;
    }

    SessionInfo info() {
        return new SessionInfo(
                id,
                state,
                reason,
                ts,
                ownerId,
                consentSessionId,
                options.snapshotId(),
                options.worldId(),
                adapter.id(),
                adapter.version().toString(),
                options.mode(),
                capabilities,
                options.rtcParticipants(),
                stopped,
                metrics());
    }

    Map<String, Object> metrics() {
        Map<String, Object> m = new LinkedHashMap<>();
        CoreSession c = core;
        if (c != null) {
            try {
                m.putAll(c.metrics());
            } catch (RuntimeException e) {
                LOG.debug("metrics of session {}", id, e);
            }
        }
        m.put("intent_rate_per_min", intentRate());
        m.put("percepts", percepts.get());
        m.put("percepts_dropped", perceptsDropped.get());
        m.put("intents", intents.get());
        m.put("actions_ok", actionsOk.get());
        m.put("actions_failed", actionsFailed.get());
        m.put("in_flight", inFlight.size());
        m.put("adapter_bound", !unbound);
        m.put("adapter_version", unbound ? "none" : adapter.version().toString());
        m.put("adapter_swaps", swaps.get());
        m.put("adapter_reexecuted", reexecuted.get());
        if (lastSwap != null) {
            m.put("adapter_last_swap", lastSwap);
        }
        m.put("frames_in", framesIn.get());
        m.put("frames_stale", framesStale.get());
        long out = 0;
        long dropped = 0;
        int connected = 0;
        double rtt = -1; // the slowest connection's
        for (Participant p : participants.values()) {
            out += p.outSeq();
            dropped += p.dropped();
            connected += p.connected() ? 1 : 0;
            rtt = Math.max(rtt, p.rttMillis());
        }
        m.put("frames_out", out);
        if (rtt >= 0) {
            m.put("ws_rtt_ms", rtt);
        }
        m.put("frames_dropped", dropped);
        m.put("connections", connected);
        m.put("backpressure_level", lastLevel.gauge());
        m.put("uptime_s", (System.currentTimeMillis() - startedAt) / 1000);
        return m;
    }

    private synchronized long intentRate() {
        long cutoff = System.nanoTime() - TimeUnit.MINUTES.toNanos(1);
        while (!intentTimes.isEmpty() && intentTimes.peekFirst() < cutoff) {
            intentTimes.removeFirst();
        }
        return intentTimes.size();
    }

    private synchronized void countIntent() {
        intentTimes.addLast(System.nanoTime());
        if (intentTimes.size() > 100_000) {
            intentTimes.removeFirst();
        }
    }

    // ------------------------------------------------------------------ the closed loop (seed 6.2)

    /** The Core emitted an intent the gate allowed: execute it through the adapter, result back to the Core. */
    @Override
    public void emit(Intent intent, PolicyDecision decision, String traceparent) {
        AdapterHandle h = handle;
        SessionState now = state;
        if (halted || (now != SessionState.RUNNING && now != SessionState.CREATING)) {
            // suppressed (seed 7.3): the loop hears it failed; the gate already recorded it as allowed, so its one
            // ActionResult goes into the chain too (DESIGN §6: every intent that passed the gate gets exactly one)
            if (decision == null || decision.allowed()) {
                Map<String, Object> ar = new LinkedHashMap<>();
                ar.put("intent_id", intent.intentId());
                ar.put("ok", false);
                ar.put("error", AdapterErrorCode.STOPPED.wire());
                ar.put("type", intent.type());
                ar.put("meta", meta(traceparent, intent.intentId()));
                record(Actor.ADAPTER, EventType.ACTION, ar);
            }
            CoreSession c = core;
            if (c != null) {
                c.actionResult(intent.intentId(), ActionResult.failure(AdapterErrorCode.STOPPED));
            }
            return;
        }
        intents.incrementAndGet();
        countIntent();
        inFlight.put(intent.intentId(), intent);
        Map<String, Object> intentMap = Json.toMap(intent);
        if (decision == null) {
            // the gate records every decision it makes, with its checks and the trace ids (DESIGN §4): only an
            // intent that did not come through it is recorded here, so that a chain holds one event per intent
            Map<String, Object> recorded = new LinkedHashMap<>();
            recorded.put("intent", intentMap);
            recorded.put("allowed", true);
            recorded.put("meta", meta(traceparent, intent.intentId()));
            record(Actor.AI, EventType.INTENT, recorded);
        }
        if (!engineDriven) {
            Map<String, Object> frame = new LinkedHashMap<>(intentMap);
            frame.put("meta", meta(traceparent, intent.intentId()));
            broadcast(FrameType.INTENT, frame, false, null);
            publishObserved(SessionTopics.intents(id), FrameType.INTENT, frame);
        }
        dispatch(intent);
    }

    /**
     * Gives a gated intent to the bound handle; holds it while a swap is under way; answers {@code not_supported}
     * while no compatible adapter is bound (DESIGN §6).
     */
    private void dispatch(Intent intent) {
        if (!inFlight.containsKey(intent.intentId())) {
            return; // answered meanwhile (a stop or the end of the session)
        }
        AdapterHandle h;
        synchronized (swapGate) {
            if (swapping) {
                gated.add(intent);
                return;
            }
            h = handle;
            if (h != null) {
                sentOn.put(intent.intentId(), h);
            }
        }
        if (h == null || unbound) {
            completed(intent, ActionResult.failure(AdapterErrorCode.NOT_SUPPORTED));
            return;
        }
        try {
            h.execute(intent).whenComplete((r, err) -> fromHandle(h, intent, r, err));
        } catch (RuntimeException e) {
            LOG.warn("execute of {} failed in session {}", intent.intentId(), id, e);
            fromHandle(h, intent, null, e);
        }
    }

    /** A handle's outcome: a retired handle that never ran the intent ({@code stopped}) hands it to the new one. */
    private void fromHandle(AdapterHandle h, Intent intent, ActionResult r, Throwable err) {
        ActionResult result = err == null && r != null ? r : ActionResult.failure(AdapterErrorCode.ENGINE_ERROR);
        if (!sentOn.remove(intent.intentId(), h)) {
            return; // another handle owns it now, or it is done
        }
        boolean neverRan = result.error() == AdapterErrorCode.STOPPED || err != null;
        if (neverRan && retired.contains(h) && !halted && inFlight.containsKey(intent.intentId())) {
            reexecuted.incrementAndGet();
            dispatch(intent);
            return;
        }
        completed(intent, result);
        if (finishing.contains(h) && !sentOn.containsValue(h) && finishing.remove(h)) {
            disposeRetired(h);
        }
    }

    /**
     * The bound adapter service is going away (called on the unregistering thread, before the adapter tears its
     * handles down): close the gate now so that what the dying handle gives back as {@code stopped} moves on.
     */
    void retireNow() {
        synchronized (swapGate) {
            AdapterHandle h = handle;
            if (h != null) {
                retired.add(h);
            }
            swapping = true;
        }
    }

    /**
     * Moves the session to {@code next} (or to no adapter: degraded) at a safe point: new intents wait at the gate;
     * in-flight intents on the old handle may finish for at most {@code drainMillis} (none when the old one is going
     * away), what is left is cancelled there and re-executed on the new handle; then the gate opens. An engine-driven
     * adapter's in-flight intents are not moved while the old version stays installed: the engine already has their
     * commands, so they finish on the old handle (the engine's answers are routed to it) and run exactly once. One swap at a
     * time; recorded in the session's chain as a {@code metric} event.
     */
    void move(LiveAdapter next, String why, long drainMillis) {
        synchronized (swapMutex) {
            LiveAdapter from = unbound ? null : adapter;
            AdapterHandle old = handle;
            if (next != null
                    && from != null
                    && next.adapter() == from.adapter()
                    && old != null
                    && !retired.contains(old)
                    && !swapping) {
                return;
            }
            if (next == null && from == null && !swapping) {
                return;
            }
            long t0 = System.nanoTime();
            synchronized (swapGate) {
                swapping = true;
            }
            boolean oldGoing = old != null && retired.contains(old);
            // an engine already has the commands of an engine-driven adapter: they finish where they were sent
            boolean letFinish =
                    old != null && !oldGoing && from != null && from.adapter() instanceof EngineProtocol.EngineDriven;
            if (old != null && !oldGoing && !letFinish && drainMillis > 0) {
                long deadline = t0 + TimeUnit.MILLISECONDS.toNanos(drainMillis);
                while (sentOn.containsValue(old) && System.nanoTime() < deadline) {
                    java.util.concurrent.locks.LockSupport.parkNanos(2_000_000L);
                }
            }
            AdapterHandle fresh = null;
            List<String> caps = capabilities;
            String failure = null;
            if (next != null && live()) {
                try {
                    caps = effective(next);
                    fresh = next.adapter().onSpawn(svc.manifest(this, options, snapshot, caps), this);
                } catch (RuntimeException e) {
                    failure = e.getMessage() == null ? e.toString() : e.getMessage();
                    LOG.warn("session {} could not spawn adapter {} {}", id, next.id(), next.version(), e);
                }
            }
            if (fresh == null && next != null && old != null && !oldGoing) {
                // the new version would not spawn: stay where we are
                List<Intent> release;
                synchronized (swapGate) {
                    swapping = false;
                    release = new ArrayList<>(gated);
                    gated.clear();
                }
                release.forEach(this::dispatch);
                recordSwap(from, next, "spawn_failed: " + failure, 0, t0);
                return;
            }
            List<Intent> release;
            synchronized (swapGate) {
                if (old != null) {
                    retired.add(old);
                }
                handle = fresh;
                lastBeatNanos = System.nanoTime();
                unbound = fresh == null;
                if (fresh != null) {
                    adapter = next;
                    capabilities = caps;
                    engineDriven = next.adapter() instanceof EngineProtocol.EngineDriven;
                    // the Core decides only what the bound adapter can do (DESIGN §6)
                    CoreSession c = core;
                    if (c != null) {
                        c.capabilities(Set.copyOf(caps));
                    }
                }
                swapping = false;
                release = new ArrayList<>(gated);
                gated.clear();
            }
            int moved = 0;
            if (old != null && !letFinish) {
                for (Map.Entry<String, AdapterHandle> e : sentOn.entrySet()) {
                    if (e.getValue() == old) {
                        moved++;
                        try {
                            old.cancel(e.getKey());
                        } catch (RuntimeException ex) {
                            LOG.debug("cancel of {} on the retired handle failed", e.getKey(), ex);
                        }
                    }
                }
            }
            // the held intents go first: recording, logging and announcing the swap are not their wait
            release.forEach(this::dispatch);
            recordSwap(from, fresh == null ? null : next, failure == null ? why : why + "; " + failure, moved, t0);
            if (old != null && letFinish) {
                finishing.add(old);
                if (!sentOn.containsValue(old) && finishing.remove(old)) {
                    disposeRetired(old);
                }
            } else if (old != null) {
                disposeRetired(old);
            }
        }
    }

    /**
     * Disposes a retired handle without parking a thread: whatever it still holds afterwards never ran, and moves on.
     */
    private void disposeRetired(AdapterHandle gone) {
        java.util.concurrent.CompletableFuture<Void> disposed;
        try {
            disposed = gone.dispose().toCompletableFuture();
        } catch (RuntimeException e) {
            disposed = java.util.concurrent.CompletableFuture.failedFuture(e);
        }
        disposed.orTimeout(DISPOSE_WAIT_MS, TimeUnit.MILLISECONDS)
                .whenCompleteAsync(
                        (v, err) -> {
                            if (err != null) {
                                LOG.debug("dispose of the retired handle of session {} failed", id, err);
                            }
                            for (Map.Entry<String, AdapterHandle> e : sentOn.entrySet()) {
                                Intent i = inFlight.get(e.getKey());
                                if (e.getValue() == gone && i != null) {
                                    fromHandle(gone, i, ActionResult.failure(AdapterErrorCode.STOPPED), null);
                                }
                            }
                            retired.remove(gone);
                        },
                        svc.pool());
    }

    private List<String> effective(LiveAdapter a) {
        List<String> out =
                new ArrayList<>(requested == null ? org.aiverse.contracts.intent.IntentTypes.ALL : requested);
        out.retainAll(a.capabilities());
        return List.copyOf(out);
    }

    /** Records a refusal of an adapter version whose contract range does not fit (DESIGN §6), once per version. */
    void refused(LiveAdapter a, String why) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("name", "adapter_refused");
        p.put("adapter", a.id());
        p.put("version", a.version().toString());
        p.put("contract_version", a.contractVersion().toString());
        p.put("reason", why);
        record(Actor.SYSTEM, EventType.METRIC, p);
    }

    private void recordSwap(LiveAdapter from, LiveAdapter to, String why, int moved, long t0) {
        swaps.incrementAndGet();
        long stallMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("name", "adapter_swap");
        p.put("adapter", adapterId);
        p.put("from", from == null ? null : from.version().toString());
        p.put("to", to == null ? null : to.version().toString());
        p.put("reason", why);
        p.put("moved_in_flight", moved);
        p.put("stall_ms", stallMs);
        p.values().removeIf(v -> v == null);
        lastSwap = (from == null ? "none" : from.version()) + "->" + (to == null ? "none" : to.version()) + " (" + why
                + ")";
        LOG.info("session {}: adapter {} {}", id, adapterId, lastSwap);
        record(Actor.SYSTEM, EventType.METRIC, p);
        Map<String, Object> frame = new LinkedHashMap<>(p);
        broadcast(
                FrameType.EVENT,
                Map.of(
                        "id", "swap_" + swaps.get(),
                        "type", PerceptType.SYSTEM.wire(),
                        "source", PerceptSource.SYSTEM.wire(),
                        "payload", Map.of("adapter_swap", frame),
                        "ts", now()),
                false,
                null);
    }

    /** Exactly one result per intent: recorded, shown to observers, reported to the loop. */
    private void completed(Intent intent, ActionResult result) {
        if (inFlight.remove(intent.intentId()) == null) {
            return;
        }
        sentOn.remove(intent.intentId());
        (result.ok() ? actionsOk : actionsFailed).incrementAndGet();
        announce(intent.intentId(), intent.type(), result, null, null);
        CoreSession c = core;
        if (c != null) {
            try {
                c.actionResult(intent.intentId(), result);
            } catch (RuntimeException e) {
                LOG.debug("action result of {} not taken by the loop", intent.intentId(), e);
            }
        }
    }

    /**
     * An intent's one result: recorded in the chain (with why, when the adapter did not give it), shown to the
     * participants and to observers on other nodes.
     */
    private void announce(String intentId, String type, ActionResult result, String traceparent, String reason) {
        Map<String, Object> ar = new LinkedHashMap<>();
        ar.put("intent_id", intentId);
        ar.put("ok", result.ok());
        if (result.error() != null) {
            ar.put("error", result.error().wire());
        }
        if (result.retries() != null) {
            ar.put("retries", result.retries());
        }
        Map<String, Object> recorded = new LinkedHashMap<>(ar);
        recorded.put("type", type);
        if (reason != null) {
            recorded.put("reason", reason);
        }
        recorded.put("meta", meta(traceparent, intentId));
        record(Actor.ADAPTER, EventType.ACTION, recorded);
        Map<String, Object> percept = new LinkedHashMap<>();
        percept.put("id", "ar_" + intentId);
        percept.put("type", PerceptType.SYSTEM.wire());
        percept.put("source", PerceptSource.SYSTEM.wire());
        percept.put("payload", Map.of(EngineProtocol.ACTION_RESULT, ar));
        percept.put("ts", now());
        broadcast(FrameType.EVENT, percept, true, null);
        publishObserved(SessionTopics.events(id), FrameType.EVENT, percept);
    }

    /** The adapter's own events: world percepts, health heartbeats, engine commands, error telemetry. */
    @Override
    public void emit(AdapterEvent event) {
        try {
            switch (event.type()) {
                case ENV -> ingest(Json.convert(event.payload(), Percept.class), null, null);
                case SYSTEM -> system(event);
                case ERROR -> {
                    Map<String, Object> err = new LinkedHashMap<>();
                    err.put("code", String.valueOf(event.payload().getOrDefault("code", "engine_error")));
                    Object msg = event.payload().get("message");
                    err.put("message", msg == null ? "adapter error" : msg.toString());
                    Object intentId = event.payload().get("intent_id");
                    if (intentId != null) {
                        err.put("intent_id", intentId.toString());
                    }
                    broadcast(FrameType.ERROR, err, false, null);
                }
                default -> LOG.debug("adapter event {} ignored", event.type());
            }
        } catch (ValidationException e) {
            LOG.warn("adapter {} sent a malformed event to session {}: {}", adapter.id(), id, e.getMessage());
        }
    }

    @SuppressWarnings("unchecked")
    private void system(AdapterEvent event) {
        Map<String, Object> p = event.payload();
        if (p.get(EngineProtocol.ENGINE_COMMAND) instanceof Map<?, ?> cmd) {
            Object intent = cmd.get(EngineProtocol.INTENT);
            Map<String, Object> frame = new LinkedHashMap<>();
            if (intent instanceof Map<?, ?> i) {
                frame.putAll((Map<String, Object>) i);
                Object intentId = i.get("intent_id");
                frame.put("meta", meta(null, intentId == null ? null : intentId.toString()));
            }
            frame.put(EngineProtocol.COMMAND, cmd.get(EngineProtocol.COMMAND));
            broadcast(FrameType.INTENT, frame, false, null);
            publishObserved(SessionTopics.intents(id), FrameType.INTENT, frame);
            return;
        }
        if (p.get("health") instanceof String h) {
            AdapterHealth health = AdapterHealth.fromWire(h);
            Map<String, Number> metrics = new LinkedHashMap<>();
            if (p.get("metrics") instanceof Map<?, ?> m) {
                m.forEach((k, v) -> {
                    if (v instanceof Number n) {
                        metrics.put(k.toString(), n);
                    }
                });
            }
            lastBeatNanos = System.nanoTime();
            svc.heartbeat(adapter.id(), new AdapterState(health, metrics), event.ts());
            boolean nowDegraded = health != AdapterHealth.OK;
            if (nowDegraded != degraded) {
                degraded = nowDegraded;
                Number depth = metrics.getOrDefault("queue_depth", 0);
                Map<String, Object> bp = new LinkedHashMap<>();
                bp.put("level", (nowDegraded ? BackpressureLevel.SOFT : BackpressureLevel.NONE).wire());
                bp.put("queue_depth", depth.intValue());
                bp.put("source", "adapter");
                broadcast(FrameType.BACKPRESSURE, bp, false, null);
            }
        }
    }

    /**
     * A percept from the engine (a WS participant) or the adapter: to the Core's bounded queue, recorded, shown to
     * the other participants; the sender hears the queue's backpressure when it changes or a percept is dropped.
     */
    void ingest(Percept percept, Participant from, String traceparent) {
        SessionState s = state;
        if (s == SessionState.CREATING && from == null) {
            synchronized (early) {
                if (core == null) {
                    if (early.size() < queueDepth) {
                        early.add(percept);
                    }
                    recordPercept(percept, null);
                    return;
                }
            }
            s = SessionState.RUNNING;
        }
        if (s != SessionState.RUNNING && s != SessionState.PAUSED) {
            if (from != null) {
                from.send(FrameType.ERROR, now(), error("conflict", "session is " + s.wire()), false);
            }
            return;
        }
        percepts.incrementAndGet();
        CoreSession c = core;
        boolean dropped = false;
        if (c != null && !halted) {
            BackpressurePayload bp;
            if (svc.recorder().congested(id)) {
                // The recorder's queue to the database is full: shed the percept here, as a full Core queue does,
                // rather than park this socket's thread until there is room (parked, the server's threads ran out
                // under overload and the platform stopped reading every other socket and request).
                dropped = true;
                BackpressurePayload queue = c.backpressure();
                bp = new BackpressurePayload(BackpressureLevel.HARD, queue.queueDepth(), DropHint.LOW_PRIORITY);
            } else {
                CoreSession.Offer offer = c.offer(percept, traceparent);
                bp = offer.backpressure();
                dropped = offer.outcome() == CoreSession.Outcome.DROPPED;
            }
            if (dropped) {
                perceptsDropped.incrementAndGet();
            }
            long now = System.nanoTime();
            // on every level change; while percepts are being dropped, at most every 500 ms
            boolean notice = dropped && now - lastDropNoticeNanos > 500_000_000L;
            if (bp != null && (notice || bp.level() != lastLevel)) {
                lastLevel = bp.level();
                if (dropped) {
                    lastDropNoticeNanos = now;
                }
                Map<String, Object> frame = Json.toMap(bp);
                if (from != null) {
                    from.send(FrameType.BACKPRESSURE, now(), frame, false);
                } else {
                    broadcast(FrameType.BACKPRESSURE, frame, false, null);
                }
            }
        }
        Map<String, Object> map;
        if (dropped) {
            map = perceptMap(percept);
            recordShed(shed(percept.id(), false));
        } else {
            map = recordPercept(percept, traceparent);
        }
        if (from != null) {
            from.recording(lastRecord);
        }
        broadcast(FrameType.EVENT, map, true, from);
        publishObserved(SessionTopics.events(id), FrameType.EVENT, map);
    }

    /**
     * Notes a shed percept ({@code id}, or null for none) and returns the ids to record now:
     * all noted so far when {@code flush}, when {@value #SHED_BATCH} are waiting or when the oldest waited five
     * seconds, else null.
     *
     * <p>A shed percept is not recorded as a percept event of its own: the AI never perceived it, and under
     * overload, when most percepts are shed, writing each one to the chain took about a third of the CPU (canonical
     * JSON, SHA-256 and a database row each) away from the decisions that clear the overload. The chain still names
     * every one: their ids go in batches into {@code percepts_shed} metric events, at most five seconds after they
     * were shed (the stream clock's {@link #tick} records what waits that long) and at the end of the session.
     *
     * <p>Five seconds, not one: an overloaded session sheds some nine percepts a second, and with a batch every
     * second these metric events were a fifth of all the chain events at 1,000 sessions (830 a second of about
     * 4,300, each a database row and an index entry). The client learns of a shed percept at once from its
     * {@code backpressure} frame; only the chain's record of it waits.
     */
    private List<String> shed(String id, boolean flush) {
        synchronized (shed) {
            long now = System.nanoTime();
            if (id != null) {
                if (shed.isEmpty()) {
                    shedSince = now;
                }
                shed.add(id);
            }
            if (shed.isEmpty() || !(flush || shed.size() >= SHED_BATCH || now - shedSince >= SHED_WAIT_NANOS)) {
                return null;
            }
            List<String> ids = List.copyOf(shed);
            shed.clear();
            return ids;
        }
    }

    private void recordShed(List<String> ids) {
        if (ids == null) {
            return;
        }
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("name", "percepts_shed");
        p.put("reason", "queue_full");
        p.put("count", ids.size());
        p.put("percept_ids", ids);
        record(Actor.SYSTEM, EventType.METRIC, p);
    }

    private Map<String, Object> recordPercept(Percept percept, String traceparent) {
        Map<String, Object> map = perceptMap(percept);
        Actor actor = percept.source() == PerceptSource.USER
                ? Actor.USER
                : percept.source() == PerceptSource.SYSTEM ? Actor.SYSTEM : Actor.ADAPTER;
        Map<String, Object> recorded = new LinkedHashMap<>(map);
        recorded.put("meta", meta(traceparent, percept.id()));
        record(actor, EventType.PERCEPT, recorded);
        return map;
    }

    /**
     * The percept as {@link Json#toMap} maps it (its components in order, enums as their wire values, the payload
     * as it is: already an immutable copy; the same JSON, an int built in code stays an Integer), without the JSON
     * round trip: {@code toMap} took 7% of the CPU under load.
     */
    static Map<String, Object> perceptMap(Percept p) {
        Map<String, Object> m = new LinkedHashMap<>(8);
        m.put("id", p.id());
        m.put("type", p.type().wire());
        m.put("source", p.source().wire());
        m.put("payload", p.payload());
        m.put("ts", p.ts());
        return m;
    }

    /**
     * Records an event without parking the caller: the event takes its place in the session's chain now (so the
     * chain keeps the order in which things happened, also against the gate's decisions), and the recorder's group
     * commit makes it durable moments later.
     */
    private void record(Actor actor, EventType type, Map<String, Object> payload) {
        try {
            CompletableFuture<?> f =
                    svc.recorder().appendAsync(id, actor, type, payload).toCompletableFuture();
            lastRecord = f;
            f.whenComplete((event, failure) -> {
                if (failure != null) {
                    LOG.error("{} event of session {} could not be recorded", type.wire(), id, failure);
                }
            });
        } catch (RuntimeException e) {
            LOG.error("{} event of session {} could not be recorded", type.wire(), id, e);
        }
    }

    // ------------------------------------------------------------------ the stream (seed 5.4)

    /**
     * A participant connects (or comes back): replays what it has not acknowledged, then greets it with a
     * {@code state} frame carrying the negotiated {@code contract_version} and {@code queue_depth}.
     */
    Participant connect(String name, Link link, Long lastSeq, int depth) {
        Participant p = participants.computeIfAbsent(
                name, n -> new Participant(n, svc.config().replayLimit(), depth));
        long from = p.attach(link, lastSeq, depth);
        Map<String, Object> hello = statePayload();
        hello.put("session_id", id);
        hello.put("participant", name);
        hello.put(ContractVersion.HANDSHAKE_FIELD, ContractVersion.CURRENT);
        hello.put("queue_depth", queueDepth);
        hello.put("resumed_from", from);
        if (!options.rtcParticipants().isEmpty()) {
            hello.put("rtc_participants", options.rtcParticipants());
        }
        p.send(FrameType.STATE, now(), hello, false);
        return p;
    }

    void disconnected(Participant p, Link link) {
        p.detach(link);
    }

    /** Sends a frame to every participant (but {@code except}); droppable frames may be dropped under hard backpressure. */
    void broadcast(FrameType type, Map<String, Object> payload, boolean droppable, Participant except) {
        long t = now();
        for (Participant p : participants.values()) {
            if (p != except) {
                p.send(type, t, payload, droppable);
            }
        }
    }

    /** One inbound text frame of a participant. */
    void onFrame(Participant p, Link link, String text, Runnable reauth) {
        framesIn.incrementAndGet();
        InboundFrame frame;
        try {
            frame = Json.read(text, InboundFrame.class);
        } catch (ValidationException e) {
            p.accept(0, FrameType.EVENT); // still shows the peer is alive
            p.send(FrameType.ERROR, now(), error("validation_error", e.getMessage()), false);
            return;
        }
        if (!p.accept(frame.seq(), frame.type())) {
            framesStale.incrementAndGet();
            return; // stale or duplicate (seed 5.4)
        }
        try {
            handle(p, frame, reauth);
        } catch (ValidationException e) {
            p.send(FrameType.ERROR, now(), error("validation_error", e.getMessage()), false);
        } catch (SessionConflictException e) {
            p.send(FrameType.ERROR, now(), error("conflict", e.getMessage()), false);
        } catch (java.util.NoSuchElementException e) {
            p.send(FrameType.ERROR, now(), error("not_found", e.getMessage()), false);
        }
        if (p.ackDue(svc.streamClock().ackEvery(), svc.streamClock().ackMillis())) {
            sendAck(p);
        }
    }

    private void handle(Participant p, InboundFrame frame, Runnable reauth) {
        switch (frame.type()) {
            case ACK -> {
                Map<String, Object> payload = frame.map();
                Object ack = payload.get("ack_seq");
                if (!(ack instanceof Number n) || n.longValue() < 0) {
                    throw new ValidationException("payload.ack_seq", "must be a non-negative integer");
                }
                p.acked(n.longValue());
            }
            case HEARTBEAT -> {
                Map<String, Object> payload = frame.map();
                Object rtt = payload.get("rtt_ms");
                if (rtt != null) {
                    if (!(rtt instanceof Number n) || n.doubleValue() < 0) {
                        throw new ValidationException("payload.rtt_ms", "must be a non-negative number");
                    }
                    p.reportedRtt(n.doubleValue());
                }
                if (payload.containsKey("access_token")) {
                    reauth.run();
                }
            }
            case EVENT -> event(p, frame);
            case STATE -> control(frame.map());
            case BACKPRESSURE, ERROR -> LOG.debug(
                    "session {}: {} from {}: {}", id, frame.type(), p.name(), frame.map());
            case INTENT -> throw new ValidationException("type", "intent frames go from the server to clients");
            default -> throw new ValidationException("type", "unsupported");
        }
    }

    @SuppressWarnings("unchecked")
    private void event(Participant p, InboundFrame frame) {
        Object[] members = frame.members("rtc", "meta"); // one pass over the payload's tokens
        if (members[0] instanceof Map<?, ?> rtc) {
            relayRtc(p, (Map<String, Object>) rtc);
            return;
        }
        Percept percept = frame.payloadAs(Percept.class);
        if (percept.type() == PerceptType.SYSTEM
                && percept.payload().get(EngineProtocol.ACTION_RESULT) instanceof Map<?, ?> ar) {
            AdapterHandle h = handle;
            if (h == null) {
                throw new java.util.NoSuchElementException("no adapter is bound");
            }
            Object intentId = ar.get("intent_id");
            if (!(intentId instanceof String) || !(ar.get("ok") instanceof Boolean)) {
                throw new ValidationException(
                        "payload.payload.action_result", "needs intent_id (string) and ok (boolean)");
            }
            // to the handle that sent the command: after a swap, the retired one still waits for it
            h = sentOn.getOrDefault((String) intentId, h);
            h.onEvent(
                    new AdapterEvent(AdapterEventType.SYSTEM, Map.of(EngineProtocol.ACTION_RESULT, ar), percept.ts()));
            return;
        }
        AdapterHandle h = handle;
        if (h != null && engineDriven) {
            // the engine is alive and speaking: the adapter hears it (seed 3.3 onEvent)
            h.onEvent(new AdapterEvent(AdapterEventType.ENV, Map.of("percept_id", percept.id()), percept.ts()));
        }
        ingest(percept, p, traceparent(members[1]));
    }

    /** A {@code state} frame from a client: pause, resume, terminate, or STOP ({@code stop_now}, seed 7.3). */
    private void control(Map<String, Object> payload) {
        Object wanted = payload.get("state");
        Object why = payload.get("reason");
        boolean stopNow = Boolean.TRUE.equals(payload.get("stop_now"))
                || EMERGENCY_STOP.equals(why) && ("terminating".equals(wanted) || "paused".equals(wanted));
        if (stopNow) {
            svc.stopFromClient(this, "paused".equals(wanted) ? Boolean.TRUE : null);
            return;
        }
        if (!(wanted instanceof String w)) {
            throw new ValidationException("payload.state", "is required");
        }
        switch (SessionState.fromWire(w)) {
            case PAUSED -> svc.pause(id, why == null ? "client" : why.toString());
            case RUNNING -> svc.resume(id, null);
            case TERMINATED, TERMINATING -> svc.terminate(
                    id, why == null ? TerminationReason.USER_REQUEST : TerminationReason.fromWire(why.toString()));
            default -> throw new ValidationException("payload.state", "must be paused, running or terminated");
        }
    }

    /** WebRTC signaling (offer, answer, ICE candidate) between the manifest's rtc participants; media stays P2P. */
    private void relayRtc(Participant from, Map<String, Object> rtc) {
        List<String> allowed = options.rtcParticipants();
        if (allowed.isEmpty()) {
            throw new ValidationException("payload.rtc", "this session has no voice channel (channels.rtc is null)");
        }
        Object kind = rtc.get("kind");
        if (!(kind instanceof String k)
                || !List.of("offer", "answer", "candidate", "bye").contains(k)) {
            throw new ValidationException("payload.rtc.kind", "must be offer, answer, candidate or bye");
        }
        if (!allowed.contains(from.name())) {
            throw new ValidationException("participant", from.name() + " is not a participant of the voice channel");
        }
        Object to = rtc.get("to");
        if (!(to instanceof String target) || !allowed.contains(target) || target.equals(from.name())) {
            throw new ValidationException("payload.rtc.to", "must name another participant of the voice channel");
        }
        Participant peer = participants.get(target);
        if (peer == null) {
            throw new java.util.NoSuchElementException(target + " has not joined the session stream");
        }
        Map<String, Object> relayed = new LinkedHashMap<>(rtc);
        relayed.put("from", from.name());
        peer.send(FrameType.EVENT, now(), Map.of("rtc", relayed), false);
    }

    /**
     * Acknowledges what the participant sent, once it is durable: the ack waits for the recorder's commit of the
     * participant's last percept (a session's appends commit in order), so a crash loses nothing acknowledged and
     * the node that takes the session over has it (issue 11).
     */
    void sendAck(Participant p) {
        long seq = p.takeAck();
        CompletableFuture<?> durable = p.lastRecording();
        if (durable == null || durable.isDone() && !durable.isCompletedExceptionally()) {
            p.send(FrameType.ACK, now(), Map.of("ack_seq", seq), false);
            return;
        }
        durable.whenComplete((event, failure) -> {
            if (failure == null) {
                p.send(FrameType.ACK, now(), Map.of("ack_seq", seq), false);
            } else {
                LOG.warn(
                        "session {}: frames up to {} of {} not acknowledged, their percepts were not recorded",
                        id,
                        seq,
                        p.name());
            }
        });
    }

    /** Every 100 ms: acks due, heartbeats after silence, disconnect after missed heartbeats, expired resumes. */
    void tick(StreamClock clock) {
        recordShed(shed(null, false));
        for (Participant p : participants.values()) {
            Link link = p.link();
            if (link != null && link.open()) {
                long nanos = System.nanoTime();
                int due = p.due(clock, nanos);
                if ((due & Participant.DUE_ACK) != 0) {
                    sendAck(p);
                }
                if ((due & Participant.DUE_HEARTBEAT) != 0) {
                    double rtt = p.rttMillis();
                    p.send(FrameType.HEARTBEAT, now(), rtt < 0 ? Map.of() : Map.of("rtt_ms", rtt), false);
                }
                if ((due & Participant.DUE_PING) != 0) {
                    link.ping(nanos);
                }
                if ((due & Participant.DUE_TIMEOUT) != 0) {
                    link.close(4408, "heartbeat_timeout");
                    p.detach(link);
                }
            } else {
                if (link != null) {
                    p.detach(link);
                }
                if (p.detachedForNanos() > clock.resumeNanos()) {
                    participants.remove(p.name(), p);
                }
            }
        }
    }

    void closeLinks(int code, String why) {
        for (Participant p : participants.values()) {
            Link l = p.link();
            if (l != null) {
                l.close(code, why);
            }
        }
    }

    Map<String, Participant> participants() {
        return participants;
    }

    static Map<String, Object> error(String code, String message) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("code", code);
        e.put("message", message == null ? code : message);
        return e;
    }

    /** Trace ids for {@code payload.meta} (seed 8.2). */
    static Map<String, Object> meta(String traceparent, String corrId) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (traceparent != null) {
            String[] parts = traceparent.split("-");
            if (parts.length >= 3) {
                m.put("trace_id", parts[1]);
                m.put("span_id", parts[2]);
            }
        }
        if (corrId != null) {
            m.put("corr_id", corrId);
        }
        return m;
    }

    /**
     * The W3C traceparent of a frame's {@code payload.meta} (seed 8.2: {@code trace_id}, 32 lowercase hex digits,
     * and {@code span_id}, 16), or {@code null} when it has none or it is malformed.
     */
    static String traceparent(Object meta) {
        if (meta instanceof Map<?, ?> m
                && m.get("trace_id") instanceof String t
                && m.get("span_id") instanceof String s
                && lowerHex(t, 32)
                && lowerHex(s, 16)) {
            return "00-" + t + "-" + s + "-01";
        }
        return null;
    }

    /**
     * Whether {@code s} is {@code length} lowercase hex digits. A loop, not a regex: every percept carries two ids,
     * and matching them was 2 to 3% of the CPU at 1,000 sessions.
     */
    static boolean lowerHex(String s, int length) {
        if (s.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    /**
     * Publishes a high-rate frame (intent, event) on the bus while another node observes the session: copying
     * every frame of every session to the broker when nobody listens cost a fair share of two cores. State frames
     * are always published.
     */
    private void publishObserved(String topic, FrameType type, Map<String, Object> payload) {
        if (System.nanoTime() - observedUntilNanos < 0) {
            svc.publish(topic, type, payload, id);
        }
    }

    /** A command from another node over the bus (DESIGN §7). */
    @SuppressWarnings("unchecked")
    void busCommand(Map<String, Object> cmd) {
        Object c = cmd.get("command");
        try {
            if ("observe".equals(c)) {
                long seconds = cmd.get("seconds") instanceof Number n ? n.longValue() : SessionTopics.OBSERVE_SECONDS;
                long held = Math.max(1, Math.min(seconds, 600));
                observedUntilNanos = System.nanoTime() + TimeUnit.SECONDS.toNanos(held);
                // the observer learns where the session stands, and that its frames now come
                Map<String, Object> frame = statePayload();
                frame.put("observed_for_s", held);
                svc.publish(SessionTopics.state(id), FrameType.STATE, frame, id);
            } else if ("percept".equals(c) && cmd.get("percept") instanceof Map<?, ?> p) {
                ingest(Json.convert((Map<String, Object>) p, Percept.class), null, null);
            } else if ("pause".equals(c)) {
                svc.pause(id, "bus");
            } else if ("resume".equals(c)) {
                svc.resume(id, null);
            } else if ("terminate".equals(c)) {
                svc.terminate(id, TerminationReason.USER_REQUEST);
            } else if ("stop".equals(c)) {
                svc.stop(id, "bus", cmd.get("pause") instanceof Boolean b ? b : null);
            }
        } catch (RuntimeException e) {
            LOG.info("bus command {} for session {} refused: {}", c, id, e.getMessage());
        }
    }
}
