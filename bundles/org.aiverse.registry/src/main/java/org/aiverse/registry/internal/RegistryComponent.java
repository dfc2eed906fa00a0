package org.aiverse.registry.internal;

import java.time.Clock;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.persistence.EntityManagerFactory;
import org.aiverse.bus.Bus;
import org.aiverse.bus.BusUnavailableException;
import org.aiverse.contracts.adapter.Adapter;
import org.aiverse.contracts.adapter.AdapterKind;
import org.aiverse.contracts.adapter.AdapterState;
import org.aiverse.contracts.api.BridgeDetail;
import org.aiverse.contracts.api.BridgePolicy;
import org.aiverse.contracts.api.HealthFilter;
import org.aiverse.contracts.api.RegisterBridgeRequest;
import org.aiverse.contracts.version.SemVer;
import org.aiverse.json.Json;
import org.aiverse.persistence.Database;
import org.aiverse.persistence.Transactions;
import org.aiverse.registry.api.BridgeRegistry;
import org.aiverse.registry.api.LiveAdapter;
import org.aiverse.registry.internal.BridgeRegistration.Row;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry: reacts to adapter services coming and going (the whiteboard: a hot swap is an ordinary service
 * event), keeps the operators' registrations in the database, and merges both on request. Registrations are read
 * from the database on every request: the nodes of a cluster share it, and a registration made on one node is
 * listed by every other at once. Adapters' heartbeats are shared over the bus (topic {@value #BEATS_TOPIC}): each
 * node publishes its changed beats every {@value #PUBLISH_SECONDS} seconds, and lists the cluster's health.
 */
@Component(service = BridgeRegistry.class, immediate = true)
public final class RegistryComponent implements BridgeRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(RegistryComponent.class);

    private final EntityManagerFactory emf;
    private final Clock clock = Clock.systemUTC();
    private final Map<ServiceReference<Adapter>, LiveAdapter> live = new ConcurrentHashMap<>();
    static final String BEATS_TOPIC = "registry.heartbeats";
    static final int PUBLISH_SECONDS = 2;

    private final String node = UUID.randomUUID().toString();
    private final ClusterBeats beats = new ClusterBeats();
    private final Bus bus;
    private final Bus.Subscription peerBeats;
    private final ScheduledExecutorService publisher;
    private final Map<ServiceReference<Adapter>, RegistryView.Reported> reported = new ConcurrentHashMap<>();

    @Activate
    public RegistryComponent(
            @Reference Database database,
            @Reference(target = "(osgi.unit.name=aiverse-registry)") EntityManagerFactory emf,
            @Reference Bus bus) {
        this.emf = emf;
        this.bus = bus;
        database.migrate("registry", RegistryComponent.class.getClassLoader());
        this.peerBeats = bus.subscribe(BEATS_TOPIC, this::onPeerBeats);
        this.publisher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "aiverse-registry-beats");
            t.setDaemon(true);
            return t;
        });
        publisher.scheduleWithFixedDelay(this::publishBeats, PUBLISH_SECONDS, PUBLISH_SECONDS, TimeUnit.SECONDS);
        LOG.info(
                "Bridge registry: {} registrations, {} live adapters",
                registrations().size(),
                live.size());
    }

    @Deactivate
    void deactivate() {
        publisher.shutdownNow();
        peerBeats.close();
    }

    /** Tells the other nodes this node's heartbeats that changed since the last time. */
    private void publishBeats() {
        Map<String, RegistryView.Beat> changed = beats.drainUnpublished();
        if (changed.isEmpty()) {
            return;
        }
        Map<String, Object> byId = new LinkedHashMap<>();
        changed.forEach((id, b) -> byId.put(id, Map.of("state", b.state(), "ts", b.ts())));
        try {
            bus.publish(BEATS_TOPIC, Json.writeBytes(Map.of("node", node, "beats", byId)));
        } catch (BusUnavailableException e) {
            LOG.debug("heartbeats not shared now: {}", e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("heartbeats not shared: {}", e.toString());
        }
    }

    private void onPeerBeats(byte[] body) {
        try {
            PeerBeats msg = Json.read(body, PeerBeats.class);
            if (!node.equals(msg.node())) {
                Map<String, RegistryView.Beat> in = new LinkedHashMap<>();
                msg.beats().forEach((id, b) -> in.put(id, new RegistryView.Beat(b.state(), b.ts())));
                beats.peer(msg.node(), in);
            }
        } catch (RuntimeException e) {
            LOG.warn("Ignoring unreadable heartbeats from another node: {}", e.getMessage());
        }
    }

    /** What a node publishes: its changed beats by adapter id. */
    record PeerBeats(String node, Map<String, PeerBeat> beats) {}

    record PeerBeat(AdapterState state, long ts) {}

    /** The operators' registrations as the database holds them now (shared by every node), by id. */
    private Map<String, RegisterBridgeRequest> registrations() {
        List<BridgeRegistration> stored = Transactions.inTransaction(
                emf, em -> em.createQuery("SELECT b FROM BridgeRegistration b", BridgeRegistration.class)
                        .getResultList());
        Map<String, RegisterBridgeRequest> out = new LinkedHashMap<>();
        for (BridgeRegistration b : stored) {
            out.put(b.row().id(), fromRow(b.row()));
        }
        return out;
    }

    @Reference(
            cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC,
            unbind = "removeAdapter",
            updated = "updatedAdapter")
    void addAdapter(ServiceReference<Adapter> ref, Adapter adapter) {
        try {
            LiveAdapter a = describe(ref, adapter);
            live.put(ref, a);
            reported(ref);
            LOG.info(
                    "Adapter {} {} ({}) is live, from {}",
                    a.id(),
                    a.version(),
                    a.kind().wire(),
                    a.bundle());
        } catch (RuntimeException e) {
            LOG.warn("Ignoring an adapter service with bad properties ({}): {}", ref, e.getMessage());
        }
    }

    /** An adapter changed its service properties (capabilities, self-reported health). */
    void updatedAdapter(ServiceReference<Adapter> ref, Adapter adapter) {
        try {
            live.put(ref, describe(ref, adapter));
            reported(ref);
        } catch (RuntimeException e) {
            LOG.warn("Ignoring an adapter service update with bad properties ({}): {}", ref, e.getMessage());
        }
    }

    private void reported(ServiceReference<Adapter> ref) {
        Object health = ref.getProperty(Adapter.PROP_HEALTH);
        if (health == null) {
            reported.remove(ref);
            return;
        }
        Object reason = ref.getProperty(Adapter.PROP_HEALTH_REASON);
        reported.put(
                ref,
                new RegistryView.Reported(
                        org.aiverse.contracts.adapter.AdapterHealth.fromWire(String.valueOf(health)),
                        reason == null ? null : String.valueOf(reason)));
    }

    void removeAdapter(ServiceReference<Adapter> ref) {
        reported.remove(ref);
        LiveAdapter gone = live.remove(ref);
        if (gone != null) {
            LOG.info("Adapter {} {} is gone", gone.id(), gone.version());
        }
    }

    static LiveAdapter describe(ServiceReference<Adapter> ref, Adapter adapter) {
        Object caps = ref.getProperty(Adapter.PROP_CAPABILITIES);
        List<String> capabilities = caps instanceof String[] a
                ? Arrays.asList(a)
                : caps instanceof String s ? List.of(s.split(",")) : List.of();
        Bundle b = ref.getBundle();
        return new LiveAdapter(
                String.valueOf(ref.getProperty(Adapter.PROP_ID)),
                AdapterKind.fromWire(String.valueOf(ref.getProperty(Adapter.PROP_KIND))),
                SemVer.parse(String.valueOf(ref.getProperty(Adapter.PROP_VERSION))),
                SemVer.parse(String.valueOf(ref.getProperty(Adapter.PROP_CONTRACT_VERSION))),
                new HashSet<>(capabilities),
                b == null ? "?" : b.getSymbolicName() + " " + b.getVersion(),
                adapter);
    }

    private Map<String, List<LiveAdapter>> liveById() {
        Map<String, List<LiveAdapter>> byId = new LinkedHashMap<>();
        for (LiveAdapter a : live.values()) {
            byId.computeIfAbsent(a.id(), k -> new java.util.ArrayList<>()).add(a);
        }
        byId.replaceAll((id, versions) -> RegistryView.sorted(versions));
        return byId;
    }

    /** The self-reported health of each adapter's highest live version. */
    private Map<String, RegistryView.Reported> reportedById() {
        Map<String, RegistryView.Reported> out = new LinkedHashMap<>();
        Map<String, SemVer> top = new LinkedHashMap<>();
        for (Map.Entry<ServiceReference<Adapter>, LiveAdapter> e : live.entrySet()) {
            LiveAdapter a = e.getValue();
            SemVer best = top.get(a.id());
            if (best == null || a.version().compareTo(best) > 0) {
                top.put(a.id(), a.version());
                RegistryView.Reported r = reported.get(e.getKey());
                if (r == null) {
                    out.remove(a.id());
                } else {
                    out.put(a.id(), r);
                }
            }
        }
        return out;
    }

    @Override
    public List<BridgeDetail> list(Optional<AdapterKind> kind, HealthFilter health) {
        return RegistryView.list(kind, health, registrations(), liveById(), beats.merged(), reportedById());
    }

    @Override
    public Optional<BridgeDetail> get(String id) {
        return RegistryView.entry(id, registrations(), liveById(), beats.merged(), reportedById());
    }

    @Override
    public void register(RegisterBridgeRequest request) {
        Row row = new Row(
                request.id(),
                request.kind().wire(),
                request.name(),
                request.version().toString(),
                Json.write(request.capabilities()),
                Json.write(request.endpoints()),
                request.policy() == null ? null : Json.write(request.policy()),
                request.health().wire(),
                request.adapter(),
                clock.instant().getEpochSecond());
        Transactions.inTransaction(emf, em -> {
            BridgeRegistration b = em.find(BridgeRegistration.class, request.id());
            if (b == null) {
                b = new BridgeRegistration(request.id());
                b.set(row);
                em.persist(b);
            } else {
                b.set(row);
            }
            return null;
        });
        LOG.info("Bridge {} registered ({} {})", request.id(), request.kind().wire(), request.version());
    }

    @Override
    public List<LiveAdapter> versions(String adapterId) {
        return liveById().getOrDefault(adapterId, List.of());
    }

    @Override
    public Optional<String> adapterOf(String worldId) {
        RegisterBridgeRequest reg = registrations().get(worldId);
        if (reg != null && reg.adapter() != null) {
            return Optional.of(reg.adapter());
        }
        return liveById().containsKey(worldId) || reg != null ? Optional.of(worldId) : Optional.empty();
    }

    @Override
    public void heartbeat(String adapterId, AdapterState state, long ts) {
        beats.local(adapterId, new RegistryView.Beat(state, ts));
    }

    private static RegisterBridgeRequest fromRow(Row r) {
        return new RegisterBridgeRequest(
                r.id(),
                AdapterKind.fromWire(r.kind()),
                r.name(),
                SemVer.parse(r.version()),
                Json.read(r.capabilities(), new com.fasterxml.jackson.core.type.TypeReference<List<String>>() {}),
                Json.read(r.endpoints(), new com.fasterxml.jackson.core.type.TypeReference<Map<String, String>>() {}),
                r.policy() == null ? null : Json.read(r.policy(), BridgePolicy.class),
                org.aiverse.contracts.adapter.AdapterHealth.fromWire(r.health()),
                r.adapter());
    }
}
