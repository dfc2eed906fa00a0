package org.aiverse.registry.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.aiverse.contracts.adapter.AdapterHealth;
import org.aiverse.contracts.adapter.AdapterKind;
import org.aiverse.contracts.adapter.AdapterState;
import org.aiverse.contracts.api.BridgeDetail;
import org.aiverse.contracts.api.HealthFilter;
import org.aiverse.contracts.api.RegisterBridgeRequest;
import org.aiverse.registry.api.LiveAdapter;

/**
 * How the registry merges what is live with what operators registered. Pure: the component feeds it snapshots
 * of the live adapters, the registrations and the heartbeats.
 */
final class RegistryView {

    /** A heartbeat as last reported. */
    record Beat(AdapterState state, long ts) {}

    /** The health a live adapter reports of itself in its service properties, and why. */
    record Reported(AdapterHealth health, String reason) {}

    private RegistryView() {}

    /**
     * One entry: the highest live version supplies kind, version and capabilities and its heartbeats the health;
     * the registration supplies name, endpoints, policy and, for a world, the adapter that drives it. A world whose
     * adapter is not installed is {@code degraded}: sessions cannot start on it.
     */
    static Optional<BridgeDetail> entry(
            String id,
            Map<String, RegisterBridgeRequest> registrations,
            Map<String, List<LiveAdapter>> live,
            Map<String, Beat> beats) {
        return entry(id, registrations, live, beats, Map.of());
    }

    /**
     * One entry, where a live adapter's self-reported health ({@code reported}, by adapter id, of its highest
     * version) counts too: the entry shows the worse of it and the heartbeat, with the adapter's reason.
     */
    static Optional<BridgeDetail> entry(
            String id,
            Map<String, RegisterBridgeRequest> registrations,
            Map<String, List<LiveAdapter>> live,
            Map<String, Beat> beats,
            Map<String, Reported> reported) {
        RegisterBridgeRequest reg = registrations.get(id);
        List<LiveAdapter> versions = live.getOrDefault(id, List.of());
        LiveAdapter top = versions.isEmpty() ? null : versions.get(0);
        if (reg == null && top == null) {
            return Optional.empty();
        }
        Beat beat = beats.get(id);
        String drivenBy = reg != null && reg.adapter() != null ? reg.adapter() : (top != null ? id : null);
        AdapterHealth health;
        String reason = null;
        if (top != null) {
            health = beat == null ? AdapterHealth.OK : beat.state().health();
            Reported self = reported.get(id);
            if (self != null && self.health() != AdapterHealth.OK) {
                health = worse(health, self.health());
                reason = self.reason();
            }
        } else if (reg.kind() == AdapterKind.WORLD && drivenBy != null) {
            List<LiveAdapter> driver = live.getOrDefault(drivenBy, List.of());
            Beat driverBeat = beats.get(drivenBy);
            health = driver.isEmpty()
                    ? AdapterHealth.DEGRADED
                    : (driverBeat == null
                            ? AdapterHealth.OK
                            : driverBeat.state().health());
        } else {
            health = reg.health();
        }
        List<String> capabilities =
                top != null ? new ArrayList<>(new TreeSet<>(top.capabilities())) : reg.capabilities();
        return Optional.of(new BridgeDetail(
                id,
                top != null ? top.kind() : reg.kind(),
                reg != null ? reg.name() : id,
                top != null ? top.version() : reg.version(),
                capabilities,
                reg != null ? reg.endpoints() : Map.of(),
                reg != null ? reg.policy() : null,
                health,
                beat == null ? null : beat.ts(),
                drivenBy,
                reason));
    }

    static AdapterHealth worse(AdapterHealth a, AdapterHealth b) {
        return a.ordinal() >= b.ordinal() ? a : b;
    }

    static List<BridgeDetail> list(
            Optional<AdapterKind> kind,
            HealthFilter filter,
            Map<String, RegisterBridgeRequest> registrations,
            Map<String, List<LiveAdapter>> live,
            Map<String, Beat> beats) {
        return list(kind, filter, registrations, live, beats, Map.of());
    }

    static List<BridgeDetail> list(
            Optional<AdapterKind> kind,
            HealthFilter filter,
            Map<String, RegisterBridgeRequest> registrations,
            Map<String, List<LiveAdapter>> live,
            Map<String, Beat> beats,
            Map<String, Reported> reported) {
        TreeSet<String> ids = new TreeSet<>(registrations.keySet());
        ids.addAll(live.keySet());
        List<BridgeDetail> out = new ArrayList<>();
        for (String id : ids) {
            entry(id, registrations, live, beats, reported)
                    .filter(e -> kind.isEmpty() || e.kind() == kind.get())
                    .filter(e -> passes(filter, e.health()))
                    .ifPresent(out::add);
        }
        return out;
    }

    static boolean passes(HealthFilter filter, AdapterHealth health) {
        return switch (filter) {
            case ANY -> true;
            case OK -> health == AdapterHealth.OK;
            case DEGRADED -> health == AdapterHealth.DEGRADED;
        };
    }

    /** Versions of one adapter, highest first. */
    static List<LiveAdapter> sorted(Collection<LiveAdapter> versions) {
        List<LiveAdapter> out = new ArrayList<>(versions);
        out.sort(Comparator.comparing(LiveAdapter::version).reversed());
        return out;
    }
}
