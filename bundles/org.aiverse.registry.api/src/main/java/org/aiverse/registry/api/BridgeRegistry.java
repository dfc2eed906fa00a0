package org.aiverse.registry.api;

import java.util.List;
import java.util.Optional;
import org.aiverse.contracts.adapter.AdapterKind;
import org.aiverse.contracts.adapter.AdapterState;
import org.aiverse.contracts.api.BridgeDetail;
import org.aiverse.contracts.api.HealthFilter;
import org.aiverse.contracts.api.RegisterBridgeRequest;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The bridge registry (seed 5.7): built from the live service registry (every installed adapter, several versions
 * side by side) plus operator registrations (remote bridges, and the worlds with the adapter that drives each).
 */
@ProviderType
public interface BridgeRegistry {

    /** Every entry of a kind (all kinds when empty) whose health passes the filter, ordered by id. */
    List<BridgeDetail> list(Optional<AdapterKind> kind, HealthFilter health);

    /** One entry by id. */
    Optional<BridgeDetail> get(String id);

    /** Registers or updates an operator's entry; it is kept across restarts. */
    void register(RegisterBridgeRequest request);

    /** The installed versions of an adapter, highest first. */
    List<LiveAdapter> versions(String adapterId);

    /** The adapter id that drives a world: the world entry's {@code adapter}, or the world's own id. */
    Optional<String> adapterOf(String worldId);

    /** Records a heartbeat of an adapter (the session layer forwards each one): its health and when it came. */
    void heartbeat(String adapterId, AdapterState state, long ts);
}
