package org.aiverse.registry.internal;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.aiverse.contracts.adapter.AdapterHealth;

/**
 * The adapters' heartbeats of the whole cluster (issue 11): this node's own, and the latest each other node
 * published on the bus. An adapter runs on every node that runs one of its sessions, so its health is the worst
 * any node reported within {@link #FRESH_SECONDS} of the newest beat (one node's engines lagging makes it
 * {@code degraded} for the operator, wherever they ask), and among equals the newest. A node that stopped
 * publishing stops counting once its beats are older than that. Thread-safe.
 */
final class ClusterBeats {

    /** Beats this much older than an adapter's newest (three heartbeat periods, seed 3.3) no longer count. */
    static final long FRESH_SECONDS = 15;

    private final Map<String, RegistryView.Beat> local = new ConcurrentHashMap<>();
    /** By node, by adapter id. */
    private final Map<String, Map<String, RegistryView.Beat>> peers = new ConcurrentHashMap<>();
    /** This node's beats changed since they were last published. */
    private final Map<String, RegistryView.Beat> unpublished = new ConcurrentHashMap<>();

    /** A heartbeat of an adapter on this node. */
    void local(String adapterId, RegistryView.Beat beat) {
        local.put(adapterId, beat);
        unpublished.put(adapterId, beat);
    }

    /** The latest beats another node published (each replaces that node's earlier beat of the same adapter). */
    void peer(String node, Map<String, RegistryView.Beat> beats) {
        peers.computeIfAbsent(node, n -> new ConcurrentHashMap<>()).putAll(beats);
    }

    /** This node's beats that changed since the last call, to publish. */
    Map<String, RegistryView.Beat> drainUnpublished() {
        Map<String, RegistryView.Beat> out = new LinkedHashMap<>();
        for (String id : unpublished.keySet()) {
            RegistryView.Beat b = unpublished.remove(id);
            if (b != null) {
                out.put(id, b);
            }
        }
        return out;
    }

    /** One beat per adapter: the worst fresh one, across the nodes. */
    Map<String, RegistryView.Beat> merged() {
        Map<String, RegistryView.Beat> newest = new HashMap<>();
        forEach((id, b) -> newest.merge(id, b, (x, y) -> x.ts() >= y.ts() ? x : y));
        Map<String, RegistryView.Beat> out = new HashMap<>();
        forEach((id, b) -> {
            if (b.ts() < newest.get(id).ts() - FRESH_SECONDS) {
                return;
            }
            out.merge(id, b, ClusterBeats::worse);
        });
        return out;
    }

    private static RegistryView.Beat worse(RegistryView.Beat x, RegistryView.Beat y) {
        AdapterHealth hx = x.state().health();
        AdapterHealth hy = y.state().health();
        if (hx != hy) {
            return RegistryView.worse(hx, hy) == hx ? x : y;
        }
        return x.ts() >= y.ts() ? x : y;
    }

    private void forEach(java.util.function.BiConsumer<String, RegistryView.Beat> each) {
        local.forEach(each);
        peers.values().forEach(m -> m.forEach(each));
    }
}
