package org.aiverse.session.internal;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Which nodes of the cluster are alive, judged without trusting their clocks: each node bumps its {@code beat} in
 * the directory when it renews its lease, and this node calls another alive while the beat it reads has moved
 * within one lease of <em>its own</em> monotonic clock (the "observed time" of Kubernetes' leader election). Nodes
 * whose wall clocks disagree by minutes still agree on who is dead; only the rate of their clocks matters.
 *
 * <p>A node seen for the first time gets the benefit of the doubt for one lease, so a node that has just started
 * waits a lease before it takes anything over. Thread-safe: the cluster thread observes, request threads ask.
 */
final class Liveness {

    /** The beat last read for a node, and when (this node's monotonic clock) it was first read with that value. */
    private record Seen(long beat, long sinceNanos) {}

    private final long leaseNanos;
    private final LongSupplier nanoClock;
    private final Map<String, Seen> seen = new ConcurrentHashMap<>();

    Liveness(long leaseNanos, LongSupplier nanoClock) {
        this.leaseNanos = leaseNanos;
        this.nanoClock = nanoClock;
    }

    /** Takes in the directory's node rows (all of them: a node without a row is forgotten). */
    void observe(Collection<SessionDirectory.Node> nodes) {
        long now = nanoClock.getAsLong();
        Set<String> present = new HashSet<>();
        for (SessionDirectory.Node n : nodes) {
            present.add(n.id());
            observe(n, now);
        }
        seen.keySet().retainAll(present);
    }

    /** Takes in one node's row (a request thread routing to it), keeping what the cluster thread observed. */
    void observe(SessionDirectory.Node n) {
        observe(n, nanoClock.getAsLong());
    }

    private void observe(SessionDirectory.Node n, long now) {
        seen.compute(n.id(), (id, was) -> was != null && was.beat() == n.beat() ? was : new Seen(n.beat(), now));
    }

    /** Whether a node's beat moved within the last lease (an unknown node is not alive: it has no row). */
    boolean alive(String nodeId) {
        Seen s = seen.get(nodeId);
        return s != null && nanoClock.getAsLong() - s.sinceNanos() < leaseNanos;
    }

    /** The nodes with a row whose beat has not moved for a lease, each with the beat it stopped at. */
    List<SessionDirectory.Node> dead(Collection<SessionDirectory.Node> nodes) {
        return nodes.stream().filter(n -> !alive(n.id())).toList();
    }
}
