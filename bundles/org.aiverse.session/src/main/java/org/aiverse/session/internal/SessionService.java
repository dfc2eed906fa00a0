package org.aiverse.session.internal;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.aiverse.auth.api.Consent;
import org.aiverse.auth.api.ConsentDenied;
import org.aiverse.auth.api.Revocation;
import org.aiverse.auth.api.RevocationListener;
import org.aiverse.auth.api.Revocations;
import org.aiverse.bus.Bus;
import org.aiverse.contracts.ValidationException;
import org.aiverse.contracts.adapter.Adapter;
import org.aiverse.contracts.adapter.AdapterHandle;
import org.aiverse.contracts.adapter.AdapterHealth;
import org.aiverse.contracts.adapter.AdapterManifest;
import org.aiverse.contracts.adapter.AdapterState;
import org.aiverse.contracts.adapter.Agent;
import org.aiverse.contracts.adapter.Avatar;
import org.aiverse.contracts.adapter.AvatarType;
import org.aiverse.contracts.adapter.Channels;
import org.aiverse.contracts.adapter.ManifestPolicy;
import org.aiverse.contracts.api.ErrorCode;
import org.aiverse.contracts.api.FrameType;
import org.aiverse.contracts.api.PageRequest;
import org.aiverse.contracts.api.PlaybackFilters;
import org.aiverse.contracts.api.PlaybackRequest;
import org.aiverse.contracts.api.SessionState;
import org.aiverse.contracts.api.TerminationReason;
import org.aiverse.contracts.consent.Scopes;
import org.aiverse.contracts.health.ComponentHealth;
import org.aiverse.contracts.intent.IntentTypes;
import org.aiverse.contracts.policy.Autonomy;
import org.aiverse.contracts.recorder.Actor;
import org.aiverse.contracts.recorder.EventType;
import org.aiverse.contracts.recorder.SessionEvent;
import org.aiverse.contracts.snapshot.PersonalitySnapshot;
import org.aiverse.contracts.version.ContractVersion;
import org.aiverse.contracts.version.SemVer;
import org.aiverse.core.api.PersonalityCore;
import org.aiverse.json.Json;
import org.aiverse.persistence.Database;
import org.aiverse.recorder.api.Playback;
import org.aiverse.recorder.api.Recorder;
import org.aiverse.recorder.api.RecordingAdmin;
import org.aiverse.recorder.api.RecordingQuery;
import org.aiverse.registry.api.BridgeRegistry;
import org.aiverse.registry.api.LiveAdapter;
import org.aiverse.session.api.AdapterSwitchboard;
import org.aiverse.session.api.SessionConflictException;
import org.aiverse.session.api.SessionInfo;
import org.aiverse.session.api.SessionManager;
import org.aiverse.session.api.SessionTopics;
import org.aiverse.session.api.StartOptions;
import org.aiverse.snapshot.api.SnapshotStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Agent Orchestrator (seed 3.4): starts sessions on the world's adapter and the Core, drives their lifecycle,
 * runs the stream clocks (acks, heartbeats, resume windows), stops sessions whose consent is revoked, and puts
 * every session on the realtime bus (DESIGN §7): frames out on its addresses, commands in from any node.
 */
@Component(
        service = {SessionManager.class, SessionService.class, RevocationListener.class, AdapterSwitchboard.class},
        configurationPid = "org.aiverse.session",
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = SessionConfig.class)
public final class SessionService implements SessionManager, RevocationListener, AdapterSwitchboard {

    private static final Logger LOG = LoggerFactory.getLogger(SessionService.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final PersonalityCore core;
    private final BridgeRegistry registry;
    private final Recorder recorder;
    private final RecordingAdmin recordings;
    private final Revocations revocations;
    private final SnapshotStore snapshots;
    private final RecordingQuery chains;
    private final Bus bus;
    private final SessionConfig config;
    private final StreamClock streamClock;
    private final String node;
    private final Map<String, LiveSession> sessions = new ConcurrentHashMap<>();
    private final ConcurrentLinkedDeque<String> ended = new ConcurrentLinkedDeque<>();
    private final Map<String, Bus.Subscription> controls = new ConcurrentHashMap<>();
    private final ExecutorService pool;
    private final ScheduledExecutorService clock;
    /** The adapter services alive right now, by identity (the registry may hear of a change after us). */
    private final Set<Adapter> liveAdapters = ConcurrentHashMap.newKeySet();
    /** Operator pins: adapter id to the version its sessions stay on (aiverse:adapter-swap). */
    private final Map<String, SemVer> pins = new ConcurrentHashMap<>();
    /** Refused adapter versions (contract range does not fit): "id version" to the reason. */
    private final Map<String, String> refusals = new ConcurrentHashMap<>();

    private final AtomicInteger ticks = new AtomicInteger();
    private final SessionCluster cluster;

    @Activate
    public SessionService(
            @Reference PersonalityCore core,
            @Reference BridgeRegistry registry,
            @Reference Recorder recorder,
            @Reference RecordingAdmin recordings,
            @Reference RecordingQuery chains,
            @Reference Revocations revocations,
            @Reference SnapshotStore snapshots,
            @Reference Bus bus,
            @Reference Database database,
            SessionConfig config) {
        this.core = core;
        this.registry = registry;
        this.recorder = recorder;
        this.recordings = recordings;
        this.chains = chains;
        this.revocations = revocations;
        this.snapshots = snapshots;
        this.bus = bus;
        this.config = config;
        this.streamClock = StreamClock.of(config);
        this.node = System.getProperty("karaf.name", "node") + "-" + hex(3);
        AtomicInteger n = new AtomicInteger();
        this.pool =
                Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()), r -> {
                    Thread t = new Thread(r, "aiverse-session-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        this.clock = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "aiverse-session-clock");
            t.setDaemon(true);
            return t;
        });
        clock.scheduleWithFixedDelay(this::tick, 100, 100, TimeUnit.MILLISECONDS);
        database.migrate("session", SessionService.class.getClassLoader());
        String url = config.nodeUrl().isBlank()
                ? "http://127.0.0.1:8181"
                : config.nodeUrl().replaceAll("/+$", "");
        this.cluster = new SessionCluster(
                new SessionDirectory(database.dataSource()),
                node,
                url,
                TimeUnit.SECONDS.toMillis(Math.max(1, config.leaseSeconds())),
                () -> new ArrayList<>(sessions.values()),
                this::restore,
                this::fenced);
    }

    @Deactivate
    void deactivate() {
        clock.shutdownNow();
        // with other nodes alive, a clean shutdown hands the sessions over (their clients reconnect and resume)
        if (cluster.handOver(sessions.values().stream().anyMatch(LiveSession::live), () -> {
            for (LiveSession s : sessions.values()) {
                if (s.live()) {
                    s.fence();
                }
            }
        })) {
            controls.values().forEach(Bus.Subscription::close);
            pool.shutdown();
            return;
        }
        for (LiveSession s : sessions.values()) {
            if (s.state() == SessionState.RUNNING || s.state() == SessionState.PAUSED) {
                try {
                    s.terminate(TerminationReason.ERROR);
                } catch (RuntimeException e) {
                    LOG.warn("session {} did not terminate cleanly", s.id(), e);
                }
            }
        }
        cluster.close();
        controls.values().forEach(Bus.Subscription::close);
        pool.shutdown();
    }

    // ------------------------------------------------------------------ SessionManager

    @Override
    public SessionInfo start(StartOptions options, Consent consent) {
        if (!consent.hasScope(Scopes.PERSONA_USE)) {
            throw new ConsentDenied(ErrorCode.BLOCKED_SCOPE, "missing_scope", "sessions need " + Scopes.PERSONA_USE);
        }
        PersonalitySnapshot snapshot = snapshots
                .latest(options.snapshotId())
                .orElseThrow(() -> new ValidationException("snapshot_id", "no snapshot " + options.snapshotId()));
        if (!snapshot.ownerId().equals(consent.sub())) {
            throw new ConsentDenied(
                    ErrorCode.BLOCKED_SCOPE, "not_owner", "snapshot " + snapshot.id() + " belongs to another user");
        }
        LiveAdapter bound = bind(options.worldId());
        List<String> requested = options.capabilities() == null ? IntentTypes.ALL : options.capabilities();
        Set<String> effective = new LinkedHashSet<>(requested);
        effective.retainAll(bound.capabilities());
        String id = "sess_" + hex(8);
        LiveSession session = new LiveSession(this, id, options, consent, snapshot, bound, List.copyOf(effective));
        sessions.put(id, session);
        cluster.register(session);
        publishDirectory(id, "started");
        session.start(null);
        return session.info();
    }

    /** The highest installed version of the world's adapter that speaks our contract's MAJOR (DESIGN §6). */
    LiveAdapter bind(String worldId) {
        String adapterId = registry.adapterOf(worldId)
                .orElseThrow(() -> new ValidationException("world_id", "no world " + worldId + " in the registry"));
        List<LiveAdapter> versions = registry.versions(adapterId);
        if (versions.isEmpty()) {
            throw new ValidationException(
                    "world_id", "world " + worldId + " needs adapter " + adapterId + ", which is not installed");
        }
        LiveAdapter best = best(adapterId, null);
        if (best == null) {
            throw new ValidationException(
                    "world_id",
                    "no installed version of adapter " + adapterId + " fits the contract range " + CONTRACT_RANGE
                            + refusalsOf(adapterId));
        }
        return best;
    }

    /** The contract range a session's manifest requires of its adapter (seed 4.11: same MAJOR). */
    static final String CONTRACT_RANGE =
            "[" + ContractVersion.CURRENT + "," + (ContractVersion.SEMVER.major() + 1) + ".0.0)";

    /** Why an adapter version is refused, or {@code null} when its contract version is in our range. */
    static String refusal(LiveAdapter a) {
        SemVer c = a.contractVersion();
        if (c.compatibleWith(ContractVersion.SEMVER)) {
            return null;
        }
        return "adapter " + a.id() + " " + a.version() + " implements contract " + c
                + ", outside the session's contract range " + CONTRACT_RANGE;
    }

    private String refusalsOf(String adapterId) {
        StringBuilder b = new StringBuilder();
        refusals.forEach((k, v) -> {
            if (k.startsWith(adapterId + " ")) {
                b.append("; refused: ").append(v);
            }
        });
        return b.toString();
    }

    /**
     * The version a session of the adapter should be on: the pinned one if installed and fitting, else the highest
     * live version whose contract fits; versions outside the range are refused (logged, kept for the console).
     */
    LiveAdapter best(String adapterId, Adapter excluded) {
        LiveAdapter top = null;
        LiveAdapter pinned = null;
        SemVer pin = pins.get(adapterId);
        for (LiveAdapter a : registry.versions(adapterId)) {
            if (a.adapter() == excluded || !liveAdapters.contains(a.adapter())) {
                continue;
            }
            String why = refusal(a);
            if (why != null) {
                if (refusals.putIfAbsent(a.id() + " " + a.version(), why) == null) {
                    LOG.warn("Refused: {}", why);
                    for (LiveSession s : sessions.values()) {
                        if (s.live() && s.adapterId().equals(adapterId)) {
                            s.refused(a, why);
                        }
                    }
                }
                continue;
            }
            if (top == null || a.version().compareTo(top.version()) > 0) {
                top = a;
            }
            if (a.version().equals(pin)) {
                pinned = a;
            }
        }
        return pinned != null ? pinned : top;
    }

    // ------------------------------------------------------------------ hot swap (DESIGN §6)

    @Reference(
            cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY,
            unbind = "adapterGone")
    void adapterCame(Adapter adapter) {
        liveAdapters.add(adapter);
        // the registry may hear of it just after us: look a moment later (and the clock looks every second)
        clock.schedule(this::reconcile, 20, TimeUnit.MILLISECONDS);
    }

    /** On the unregistering thread, before the adapter tears down: its sessions close their gate right now. */
    void adapterGone(Adapter adapter) {
        liveAdapters.remove(adapter);
        refusals.entrySet().removeIf(e -> registry.versions(e.getKey().split(" ")[0]).stream()
                .noneMatch(a -> (a.id() + " " + a.version()).equals(e.getKey()) && a.adapter() != adapter));
        for (LiveSession s : sessions.values()) {
            LiveAdapter b = s.bound();
            if (s.live() && b != null && b.adapter() == adapter) {
                s.retireNow();
                pool.execute(() -> s.move(best(s.adapterId(), adapter), "unregistered " + b.version(), 0));
            }
        }
    }

    /** Moves every session that is not on the version it should be on. */
    void reconcile() {
        for (LiveSession s : sessions.values()) {
            if (!s.live()) {
                continue;
            }
            LiveAdapter target = best(s.adapterId(), null);
            LiveAdapter b = s.bound();
            if (target == null) {
                if (b != null && !liveAdapters.contains(b.adapter())) {
                    s.retireNow();
                    pool.execute(() -> s.move(null, "unregistered " + b.version(), 0));
                }
            } else if (b == null) {
                pool.execute(() -> s.move(target, "recovered", 0));
            } else if (target.adapter() != b.adapter()) {
                String why = target.version().equals(pins.get(s.adapterId()))
                        ? "pinned"
                        : target.version().compareTo(b.version()) > 0 ? "newer" : "bound version gone";
                pool.execute(() -> s.move(target, why, config.swapDrainMillis()));
            }
        }
    }

    @Override
    public SwapPlan plan(String adapterId, String version) {
        SemVer v = SemVer.parse(version);
        LiveAdapter target = registry.versions(adapterId).stream()
                .filter(a -> a.version().equals(v) && liveAdapters.contains(a.adapter()))
                .findFirst()
                .orElseThrow(
                        () -> new NoSuchElementException("adapter " + adapterId + " " + version + " is not installed"));
        Set<String> bound = new java.util.TreeSet<>();
        List<String> moving = new ArrayList<>();
        for (LiveSession s : sessions.values()) {
            if (!s.live() || !s.adapterId().equals(adapterId)) {
                continue;
            }
            LiveAdapter b = s.bound();
            if (b == null || b.adapter() != target.adapter()) {
                moving.add(s.id());
                if (b != null) {
                    bound.addAll(b.capabilities());
                }
            }
        }
        if (moving.isEmpty()) {
            registry.versions(adapterId).stream()
                    .filter(a -> a.adapter() != target.adapter())
                    .forEach(a -> bound.addAll(a.capabilities()));
        }
        List<String> added = target.capabilities().stream()
                .filter(c -> !bound.contains(c))
                .sorted()
                .toList();
        List<String> removed =
                bound.stream().filter(c -> !target.capabilities().contains(c)).toList();
        java.util.Collections.sort(moving);
        return new SwapPlan(adapterId, v.toString(), added, removed, moving, refusal(target));
    }

    @Override
    public SwapPlan swap(String adapterId, String version) {
        SwapPlan plan = plan(adapterId, version);
        if (plan.refused() != null) {
            return plan;
        }
        pins.put(adapterId, SemVer.parse(version));
        LOG.info(
                "Adapter {} pinned to {}: moving {} sessions",
                adapterId,
                version,
                plan.sessions().size());
        reconcile();
        return plan;
    }

    @Override
    public void unpin(String adapterId) {
        if (pins.remove(adapterId) != null) {
            reconcile();
        }
    }

    @Override
    public List<VersionHealth> health() {
        List<VersionHealth> out = new ArrayList<>();
        List<LiveAdapter> all = new ArrayList<>();
        for (org.aiverse.contracts.api.BridgeDetail d :
                registry.list(Optional.empty(), org.aiverse.contracts.api.HealthFilter.ANY)) {
            all.addAll(registry.versions(d.id()));
        }
        for (LiveAdapter a : all) {
            AdapterHealth worst = AdapterHealth.OK;
            long depth = 0;
            double p90 = 0;
            long missed = 0;
            List<String> bound = new ArrayList<>();
            for (LiveSession s : sessions.values()) {
                LiveAdapter b = s.bound();
                if (!s.live() || b == null || b.adapter() != a.adapter()) {
                    continue;
                }
                bound.add(s.id());
                missed = Math.max(missed, s.missedHeartbeats());
                AdapterHandle h = s.handle();
                org.aiverse.contracts.adapter.AdapterState st =
                        h == null ? null : h.getState().orElse(null);
                if (st != null) {
                    if (st.health().ordinal() > worst.ordinal()) {
                        worst = st.health();
                    }
                    depth += st.metrics().getOrDefault("queue_depth", 0).longValue();
                    p90 = Math.max(
                            p90, st.metrics().getOrDefault("exec_p90_ms", 0).doubleValue());
                }
            }
            java.util.Collections.sort(bound);
            Map<String, Object> metrics = new LinkedHashMap<>();
            metrics.put("contract_version", a.contractVersion().toString());
            metrics.put("capabilities", a.capabilities().stream().sorted().toList());
            out.add(new VersionHealth(
                    a.id(),
                    a.version().toString(),
                    a.bundle(),
                    worst.wire(),
                    depth,
                    p90,
                    missed,
                    bound,
                    a.version().equals(pins.get(a.id())),
                    refusal(a),
                    metrics));
        }
        return out;
    }

    @Override
    public SessionInfo pause(String sessionId, String reason) {
        LiveSession s = sessions.get(sessionId);
        if (s == null) {
            return remote(sessionId, "pause", null, e -> e.state() == SessionState.PAUSED, SessionState.RUNNING);
        }
        s.pause(reason);
        return s.info();
    }

    @Override
    public SessionInfo resume(String sessionId, Consent consent) {
        LiveSession s = sessions.get(sessionId);
        if (s == null && consent == null) {
            return remote(sessionId, "resume", null, e -> e.state() == SessionState.RUNNING, SessionState.PAUSED);
        }
        s = live(sessionId);
        s.resume(consent);
        return s.info();
    }

    @Override
    public SessionInfo terminate(String sessionId, TerminationReason reason) {
        LiveSession s = sessions.get(sessionId);
        if (s == null) {
            return remote(sessionId, "terminate", null, e -> e.state().terminal(), null);
        }
        s.terminate(reason == null ? TerminationReason.USER_REQUEST : reason);
        return s.info();
    }

    @Override
    public SessionInfo stop(String sessionId, String source, Boolean pause) {
        LiveSession s = sessions.get(sessionId);
        if (s == null) {
            return remote(sessionId, "stop", pause, SessionDirectory.Entry::stopped, null);
        }
        s.stop(source, pause == null ? "pause".equalsIgnoreCase(config.emergencyStop()) : pause);
        return s.info();
    }

    /**
     * A lifecycle command (from the console) for a session another node runs: sent on the session's control
     * address (DESIGN §7), then the directory is watched for its effect, for a few seconds.
     *
     * @param required the state the session must be in for the command, {@code null} for any live state
     */
    private SessionInfo remote(
            String sessionId,
            String command,
            Boolean pause,
            java.util.function.Predicate<SessionDirectory.Entry> done,
            SessionState required) {
        SessionCluster.Route owner =
                route(sessionId).orElseThrow(() -> new NoSuchElementException("no session " + sessionId));
        SessionDirectory.Entry e = cluster.find(sessionId).orElseThrow();
        if (required != null && e.state() != required) {
            throw new SessionConflictException(
                    e.state(),
                    "cannot " + command + " session " + sessionId + ": it is "
                            + e.state().wire());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("command", command);
        if (pause != null) {
            body.put("pause", pause);
        }
        bus.publish(SessionTopics.control(sessionId), Json.writeBytes(body), true);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!done.test(e) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50); // the owner writes the transition to the directory within milliseconds
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                break;
            }
            e = cluster.find(sessionId).orElse(e);
        }
        LOG.info(
                "{} of session {} sent to node {}: now {}",
                command,
                sessionId,
                owner.node(),
                e.state().wire());
        return new SessionInfo(
                e.sessionId(),
                e.state(),
                done.test(e) ? null : "sent to node " + owner.node() + ", not confirmed yet",
                e.updatedAt() / 1000,
                e.consent().sub(),
                e.consent().sessionId(),
                e.options().snapshotId(),
                e.options().worldId(),
                "",
                "",
                e.options().mode(),
                e.capabilities(),
                e.options().rtcParticipants(),
                e.stopped(),
                Map.of("node", e.nodeId()));
    }

    void stopFromClient(LiveSession s, Boolean pause) {
        // off the socket's thread: the stop closes the very connection that asked for it
        pool.execute(() -> {
            try {
                stop(s.id(), "ws", pause);
            } catch (RuntimeException e) {
                LOG.info("stop of session {} from its stream refused: {}", s.id(), e.getMessage());
            }
        });
    }

    @Override
    public Optional<SessionInfo> find(String sessionId) {
        // (another node's session: its owner answers GET state, the REST call is forwarded there)
        LiveSession s = sessionId == null ? null : sessions.get(sessionId);
        return s == null ? Optional.empty() : Optional.of(s.info());
    }

    @Override
    public List<SessionInfo> list() {
        List<SessionInfo> all = new ArrayList<>();
        for (LiveSession s : sessions.values()) {
            all.add(s.info());
        }
        all.sort(Comparator.comparingLong(SessionInfo::ts).reversed());
        return all;
    }

    /** The session, or {@link NoSuchElementException} ({@code 404 not_found}). */
    LiveSession live(String sessionId) {
        LiveSession s = sessionId == null ? null : sessions.get(sessionId);
        if (s == null) {
            throw new NoSuchElementException("no session " + sessionId);
        }
        return s;
    }

    // ------------------------------------------------------------------ several nodes (issue 11)

    /** This node's id in the cluster (unique per start: a restarted node is a new node). */
    String node() {
        return node;
    }

    /** Where a session this node does not run lives (issue 11); empty when no node runs it. */
    Optional<SessionCluster.Route> route(String sessionId) {
        if (sessionId == null || sessions.containsKey(sessionId)) {
            return Optional.empty();
        }
        try {
            return cluster.route(sessionId);
        } catch (RuntimeException e) {
            LOG.warn("cluster directory unreadable: {}", e.getMessage());
            return Optional.empty();
        }
    }

    /** How long a session may wait to be taken over after its owner died: a lease and a claim round, with slack. */
    long takeoverMillis() {
        return TimeUnit.SECONDS.toMillis(2 * Math.max(1, config.leaseSeconds()) + 2);
    }

    /** A user's sessions that other nodes run, as sessions list items. */
    List<Map<String, Object>> elsewhere(String sub, int limit) {
        try {
            return cluster.elsewhere(sub, limit).stream()
                    .filter(e -> !sessions.containsKey(e.sessionId()))
                    .map(SessionDirectory::listItem)
                    .toList();
        } catch (RuntimeException e) {
            LOG.warn("cluster directory unreadable: {}", e.getMessage());
            return List.of();
        }
    }

    void transitioned(LiveSession s) {
        cluster.transitioned(s);
    }

    /** Runs a dead node's session here (claimed in the directory already), from the recorder's durable state. */
    private void restore(SessionDirectory.Entry e) {
        pool.execute(() -> {
            LiveSession s;
            try {
                String snapshotId = e.options().snapshotId();
                // the version the session started on; rows written before the directory kept it: the latest
                PersonalitySnapshot snapshot = (e.snapshotVersion() == null
                                ? snapshots.latest(snapshotId)
                                : snapshots.version(snapshotId, e.snapshotVersion()))
                        .orElseThrow(() -> new IllegalStateException("snapshot " + snapshotId
                                + (e.snapshotVersion() == null ? "" : " version " + e.snapshotVersion())
                                + " is gone"));
                LiveAdapter bound = bind(e.options().worldId());
                List<String> effective = new ArrayList<>(e.capabilities());
                effective.retainAll(bound.capabilities());
                s = new LiveSession(this, e.sessionId(), e.options(), e.consent(), snapshot, bound, effective);
            } catch (RuntimeException failure) {
                LOG.error("Session {} of node {} cannot run here", e.sessionId(), e.nodeId(), failure);
                Map<String, Object> payload = new LinkedHashMap<>();
                payload.put("from", e.state().wire());
                payload.put("to", SessionState.ERROR.wire());
                payload.put("reason", "failover failed: " + failure.getMessage());
                try {
                    recorder.append(e.sessionId(), Actor.SYSTEM, EventType.STATE_CHANGE, payload);
                } finally {
                    cluster.failed(e.sessionId(), e.consent());
                }
                return;
            }
            sessions.put(s.id(), s);
            s.takeOver(e.nodeId(), e.state(), e.stopped());
        });
    }

    /**
     * The intents of a session that passed the gate and have no ActionResult in its chain, by id with their type:
     * after a takeover, what the dead owner had in flight. Reads the chain's intents and actions once, page by page
     * (an action may be recorded before the gate's asynchronous intent record, so both are collected first). Empty,
     * with a warning, when the chain cannot be read: the takeover goes on.
     */
    Map<String, String> unsettled(String sessionId) {
        Map<String, String> allowed = new LinkedHashMap<>();
        Set<String> settled = new HashSet<>();
        PlaybackFilters intentsAndActions = new PlaybackFilters(null, List.of(EventType.INTENT, EventType.ACTION));
        try {
            String cursor = null;
            do {
                Playback page = chains.playback(
                        new PlaybackRequest(
                                sessionId,
                                null,
                                intentsAndActions,
                                false,
                                new PageRequest(PageRequest.MAX_SIZE, cursor)),
                        0);
                for (SessionEvent e : page.events()) {
                    Map<String, Object> p = e.payload();
                    if (e.type() == EventType.ACTION) {
                        settled.add(String.valueOf(p.get("intent_id")));
                    } else if (!Boolean.FALSE.equals(p.get("allowed")) && p.get("intent") instanceof Map<?, ?> i) {
                        allowed.putIfAbsent(String.valueOf(i.get("intent_id")), String.valueOf(i.get("type")));
                    }
                }
                cursor = page.page().nextCursor();
            } while (cursor != null);
        } catch (RuntimeException e) {
            LOG.warn(
                    "chain of session {} unreadable; its actions in flight are not settled: {}",
                    sessionId,
                    e.toString());
            return Map.of();
        }
        allowed.keySet().removeAll(settled);
        return allowed;
    }

    /** Another node claimed a session this node was running: stop it here, quietly. */
    private void fenced(LiveSession s) {
        sessions.remove(s.id());
        Bus.Subscription sub = controls.remove(s.id());
        if (sub != null) {
            sub.close();
        }
        s.fence();
    }

    /** The sessions this node runs and its place in the cluster (component {@code sessions}). */
    ComponentHealth sessionsHealth() {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("live", sessions.values().stream().filter(LiveSession::live).count());
        detail.putAll(cluster.detail());
        return detail.containsKey("peers_error")
                ? ComponentHealth.degraded("sessions", "cluster directory unreadable", detail)
                : ComponentHealth.up("sessions", detail);
    }

    // ------------------------------------------------------------------ revocation (seed 7.1: immediately)

    @Override
    public void revoked(Revocation revocation) {
        for (LiveSession s : sessions.values()) {
            boolean hit = revocation.kind() == Revocation.Kind.SESSION
                    ? revocation.target().equals(s.consentSessionId())
                    : revocation.target().equals(s.kid());
            if (hit && !s.stopped() && (s.state() == SessionState.RUNNING || s.state() == SessionState.PAUSED)) {
                pool.execute(() -> {
                    try {
                        s.stop("revocation", "pause".equalsIgnoreCase(config.emergencyStop()));
                    } catch (RuntimeException e) {
                        LOG.debug("session {} already stopping", s.id(), e);
                    }
                });
            }
        }
    }

    // ------------------------------------------------------------------ for the sessions

    SessionConfig config() {
        return config;
    }

    StreamClock streamClock() {
        return streamClock;
    }

    ExecutorService pool() {
        return pool;
    }

    ScheduledExecutorService clock() {
        return clock;
    }

    PersonalityCore core() {
        return core;
    }

    Recorder recorder() {
        return recorder;
    }

    void assignOwner(String sessionId, String owner) {
        try {
            recordings.assignOwner(sessionId, owner);
        } catch (RuntimeException e) {
            LOG.warn("owner of the recording of {} not assigned", sessionId, e);
        }
    }

    void revoke(String consentSessionId) {
        revocations.revokeSession(consentSessionId, "emergency_stop");
    }

    void heartbeat(String adapterId, AdapterState state, long ts) {
        try {
            registry.heartbeat(adapterId, state, ts);
        } catch (RuntimeException e) {
            LOG.debug("heartbeat of {} not recorded", adapterId, e);
        }
    }

    /** The manifest the adapter is spawned with (seed 3.3). */
    AdapterManifest manifest(
            LiveSession s, StartOptions options, PersonalitySnapshot snapshot, List<String> capabilities) {
        Autonomy autonomy = snapshot.policies() == null || snapshot.policies().autonomy() == null
                ? Autonomy.LOW
                : snapshot.policies().autonomy();
        String rtc = options.rtcParticipants().isEmpty()
                ? null
                : "webrtc://" + s.id() + "?participants=" + String.join(",", options.rtcParticipants());
        return new AdapterManifest(
                s.id(),
                options.worldId(),
                snapshot.id(),
                new Agent("agent_" + s.id().substring(5), new Avatar(AvatarType.HOLOGRAM, null), capabilities),
                new ManifestPolicy(autonomy),
                new Channels(config.wsBase() + s.id(), rtc));
    }

    /** An ended session stays readable (GET state) until {@code endedKept} newer ones ended. */
    void ended(LiveSession s) {
        Bus.Subscription sub = controls.remove(s.id());
        if (sub != null) {
            sub.close();
        }
        publishDirectory(s.id(), s.state().wire());
        ended.addLast(s.id());
        while (ended.size() > config.endedKept()) {
            String old = ended.pollFirst();
            if (old != null) {
                sessions.remove(old);
            }
        }
    }

    // ------------------------------------------------------------------ bus (DESIGN §7)

    void subscribeControl(LiveSession s) {
        try {
            controls.put(s.id(), bus.subscribe(SessionTopics.control(s.id()), body -> {
                try {
                    s.busCommand(readMap(body));
                } catch (RuntimeException e) {
                    LOG.info("malformed bus command for session {}: {}", s.id(), e.getMessage());
                }
            }));
        } catch (RuntimeException e) {
            LOG.warn("session {} cannot be controlled from other nodes: {}", s.id(), e.getMessage());
        }
    }

    void publish(String topic, FrameType type, Map<String, Object> payload, String sessionId) {
        if (!bus.connected()) {
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("session_id", sessionId);
        body.put("node", node);
        body.put("type", type.wire());
        body.put("ts", LiveSession.now());
        body.put("payload", payload);
        try {
            // state frames pass a full queue; intents and events are dropped there (seed 5.4)
            bus.publish(topic, Json.writeBytes(body), type.critical());
        } catch (RuntimeException e) {
            LOG.debug("bus publish to {} failed: {}", topic, e.getMessage());
        }
    }

    private void publishDirectory(String sessionId, String what) {
        if (!bus.connected()) {
            return;
        }
        try {
            bus.publish(
                    SessionTopics.DIRECTORY,
                    Json.writeBytes(Map.of("session_id", sessionId, "node", node, "state", what)),
                    true);
        } catch (RuntimeException e) {
            LOG.debug("bus directory publish failed: {}", e.getMessage());
        }
    }

    // ------------------------------------------------------------------ clocks

    private void tick() {
        if (ticks.incrementAndGet() % 10 == 0) {
            try {
                reconcile();
            } catch (RuntimeException e) {
                LOG.warn("adapter reconcile failed", e);
            }
        }
        for (LiveSession s : sessions.values()) {
            if (s.participants().isEmpty()) {
                continue;
            }
            try {
                s.tick(streamClock);
            } catch (RuntimeException e) {
                LOG.warn("stream clock of session {} failed", s.id(), e);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> readMap(byte[] body) {
        return Json.read(body, Map.class);
    }

    private static String hex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
