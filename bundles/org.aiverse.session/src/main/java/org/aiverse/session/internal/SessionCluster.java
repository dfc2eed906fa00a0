package org.aiverse.session.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.aiverse.contracts.api.SessionState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's place in the cluster (issue 11), on the shared database's {@link SessionDirectory}: registers the
 * sessions it starts and their transitions (in order, off the sessions' threads), renews its lease every second,
 * takes over the sessions of nodes whose lease ran out (or that left), and stops running a session another node
 * has claimed (fencing, after this node lost its lease). Single-node platforms run it too: after a crash and
 * restart, the node takes its own earlier sessions over. Whether a lease ran out is judged by {@link Liveness}
 * on this node's monotonic clock, so the nodes' wall clocks need not agree.
 */
final class SessionCluster {

    private static final Logger LOG = LoggerFactory.getLogger(SessionCluster.class);
    /** Claims per round: with several survivors, each takes a share of a dead node's sessions. */
    private static final int CLAIMS_PER_ROUND = 64;

    private final SessionDirectory directory;
    private final String node;
    private final String url;
    private final Liveness liveness;
    private final ScheduledExecutorService thread;
    private final Supplier<List<LiveSession>> local;
    private final Consumer<SessionDirectory.Entry> restore;
    private final Consumer<LiveSession> fenced;
    private final Set<String> registered = Collections.synchronizedSet(new HashSet<>());
    /** This node's monotonic clock at its last renewal; 0 before the first. */
    private volatile long lastRenewalNanos;

    SessionCluster(
            SessionDirectory directory,
            String node,
            String url,
            long leaseMillis,
            Supplier<List<LiveSession>> local,
            Consumer<SessionDirectory.Entry> restore,
            Consumer<LiveSession> fenced) {
        this.directory = directory;
        this.node = node;
        this.url = url;
        this.liveness = new Liveness(TimeUnit.MILLISECONDS.toNanos(leaseMillis), System::nanoTime);
        this.local = local;
        this.restore = restore;
        this.fenced = fenced;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "aiverse-session-cluster");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(200, leaseMillis / 5);
        thread.scheduleWithFixedDelay(this::round, 0, every, TimeUnit.MILLISECONDS);
    }

    String node() {
        return node;
    }

    /** Registers a session just started here, before its creator hears of it (any node can route it now). */
    void register(LiveSession s) {
        try {
            directory.register(
                    s.id(),
                    node,
                    s.state(),
                    s.consent(),
                    s.capabilities(),
                    s.options(),
                    s.snapshotVersion(),
                    System.currentTimeMillis());
            registered.add(s.id());
        } catch (RuntimeException e) {
            LOG.warn(
                    "session {} is not in the cluster directory; other nodes cannot reach it: {}",
                    s.id(),
                    e.getMessage());
        }
    }

    /** Records a transition, in order with the others, off the caller's thread. */
    void transitioned(LiveSession s) {
        if (!registered.contains(s.id())) {
            return;
        }
        SessionState state = s.state();
        boolean stopped = s.stopped();
        var consent = s.consent();
        long now = System.currentTimeMillis();
        try {
            thread.execute(() -> {
                try {
                    if (!directory.update(s.id(), node, state, stopped, consent, now) && !state.terminal()) {
                        LOG.warn("session {} is owned by another node now: fencing it here", s.id());
                        fence(s);
                    }
                    if (state.terminal()) {
                        registered.remove(s.id());
                    }
                } catch (RuntimeException e) {
                    LOG.warn(
                            "state {} of session {} not in the cluster directory: {}",
                            state.wire(),
                            s.id(),
                            e.getMessage());
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("cluster thread stopped; state {} of {} not written", state.wire(), s.id());
        }
    }

    /**
     * Where a session this node does not run lives: at another live node's URL, or nowhere for the moment (its owner
     * died and no survivor has claimed it yet: {@link Route#url()} is {@code null}); empty when no node runs it.
     */
    Optional<Route> route(String sessionId) {
        Optional<SessionDirectory.Entry> e = directory.find(sessionId);
        if (e.isEmpty() || e.get().nodeId().equals(node) || e.get().state().terminal()) {
            return Optional.empty();
        }
        Optional<SessionDirectory.Node> owner = directory.node(e.get().nodeId());
        owner.ifPresent(liveness::observe);
        owner = owner.filter(n -> liveness.alive(n.id()));
        return Optional.of(new Route(
                e.get().nodeId(), owner.map(SessionDirectory.Node::url).orElse(null)));
    }

    /** The node that owns a session and its URL; a {@code null} URL while the session waits to be taken over. */
    record Route(String node, String url) {}

    Optional<SessionDirectory.Entry> find(String sessionId) {
        return directory.find(sessionId);
    }

    /** A user's sessions that other nodes run (for the sessions list). */
    List<SessionDirectory.Entry> elsewhere(String sub, int limit) {
        List<SessionDirectory.Entry> out = new ArrayList<>();
        for (SessionDirectory.Entry e : directory.ofUser(sub, limit)) {
            if (!e.nodeId().equals(node)) {
                out.add(e);
            }
        }
        return out;
    }

    /** The live nodes other than this one. */
    List<SessionDirectory.Node> peers() {
        List<SessionDirectory.Node> nodes = directory.nodes();
        liveness.observe(nodes);
        return nodes.stream()
                .filter(n -> !n.id().equals(node) && liveness.alive(n.id()))
                .toList();
    }

    /** Health detail: this node, its lease, its peers. */
    java.util.Map<String, Object> detail() {
        java.util.Map<String, Object> d = new java.util.LinkedHashMap<>();
        d.put("node", node);
        d.put("url", url);
        long renewed = lastRenewalNanos;
        d.put("lease_renewed_ms_ago", renewed == 0 ? null : (System.nanoTime() - renewed) / 1_000_000);
        try {
            d.put("peers", peers().stream().map(SessionDirectory.Node::id).toList());
        } catch (RuntimeException e) {
            d.put("peers_error", e.getMessage());
        }
        return d;
    }

    /**
     * On a clean shutdown with other nodes alive: stops the cluster thread, runs {@code fenceAll} (the sessions stop
     * here without recording) and gives the lease up, so that the others take the sessions over at once and a
     * rolling restart keeps them. Otherwise changes nothing.
     *
     * @return whether the sessions were handed over
     */
    boolean handOver(boolean anyLive, Runnable fenceAll) {
        if (!anyLive) {
            return false;
        }
        try {
            if (peers().isEmpty()) {
                return false;
            }
            stopThread();
            fenceAll.run();
            directory.leave(node);
            LOG.info("Node {} left the cluster; its sessions are taken over by {}", node, peers());
            return true;
        } catch (RuntimeException e) {
            LOG.warn("node {} could not hand its sessions over: {}", node, e.getMessage());
            return false;
        }
    }

    /** Stops, once the sessions' last transitions are written, and gives the lease up. */
    void close() {
        stopThread();
        try {
            directory.leave(node);
        } catch (RuntimeException e) {
            LOG.warn("node {} could not leave the cluster directory: {}", node, e.getMessage());
        }
    }

    /** A session that could not be taken over ends in {@code error} (recorded by the caller). */
    void failed(String sessionId, org.aiverse.auth.api.Consent consent) {
        try {
            directory.update(sessionId, node, SessionState.ERROR, false, consent, System.currentTimeMillis());
        } catch (RuntimeException e) {
            LOG.warn("session {} not marked error: {}", sessionId, e.getMessage());
        }
        registered.remove(sessionId);
    }

    private void stopThread() {
        thread.shutdown();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Every lease period: renew, fence what another node claimed, take over what dead nodes left. */
    private void round() {
        long now = System.currentTimeMillis();
        try {
            directory.renew(node, url, now);
            lastRenewalNanos = System.nanoTime();
        } catch (RuntimeException e) {
            LOG.warn("lease of node {} not renewed: {}", node, e.getMessage());
            return;
        }
        try {
            fenceLost();
            takeOver(now);
        } catch (RuntimeException e) {
            LOG.warn("cluster round of node {} failed: {}", node, e.getMessage());
        }
    }

    private void fenceLost() {
        if (registered.isEmpty()) {
            return;
        }
        Set<String> mine = new HashSet<>();
        for (SessionDirectory.Entry e : directory.liveOf(node)) {
            mine.add(e.sessionId());
        }
        for (LiveSession s : local.get()) {
            if (s.live() && registered.contains(s.id()) && !mine.contains(s.id())) {
                // terminal rows are written by this node; a live session whose row is not ours was claimed
                Optional<SessionDirectory.Entry> row = directory.find(s.id());
                if (row.isPresent() && !row.get().nodeId().equals(node)) {
                    LOG.warn(
                            "session {} was taken over by {}: fencing it here",
                            s.id(),
                            row.get().nodeId());
                    fence(s);
                }
            }
        }
    }

    private void fence(LiveSession s) {
        registered.remove(s.id());
        fenced.accept(s);
    }

    /** Claims the live sessions of the nodes that left and of those whose beat stopped for a lease. */
    private void takeOver(long now) {
        List<SessionDirectory.Node> nodes = directory.nodes();
        liveness.observe(nodes);
        List<SessionDirectory.Node> dead =
                liveness.dead(nodes).stream().filter(n -> !n.id().equals(node)).toList();
        List<SessionDirectory.Entry> orphans = new ArrayList<>(directory.leftBehind());
        for (SessionDirectory.Node n : dead) {
            orphans.addAll(directory.liveOf(n.id()));
        }
        if (orphans.isEmpty()) {
            dead.forEach(directory::forgetDead);
            return;
        }
        Collections.shuffle(orphans);
        int claimed = 0;
        for (SessionDirectory.Entry e : orphans) {
            if (claimed >= CLAIMS_PER_ROUND) {
                break;
            }
            Optional<SessionDirectory.Entry> mine = directory.claim(e, node, now);
            if (mine.isPresent()) {
                claimed++;
                registered.add(e.sessionId());
                LOG.info(
                        "Taking over session {} from node {} (state {})",
                        e.sessionId(),
                        e.nodeId(),
                        e.state().wire());
                restore.accept(e);
            }
        }
        dead.forEach(directory::forgetDead);
    }
}
