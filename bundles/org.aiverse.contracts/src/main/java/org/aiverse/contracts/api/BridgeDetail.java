package org.aiverse.contracts.api;

import java.util.List;
import java.util.Map;
import org.aiverse.contracts.Checks;
import org.aiverse.contracts.adapter.AdapterHealth;
import org.aiverse.contracts.adapter.AdapterKind;
import org.aiverse.contracts.version.SemVer;

/**
 * Response of {@code GET /api/v1/bridges/{id}} (seed 5.7, Frozen).
 *
 * @param id bridge id, required
 * @param kind bridge kind, required
 * @param name display name, required
 * @param version its SemVer, required
 * @param capabilities intent types it supports; empty when absent
 * @param endpoints its endpoints by protocol ({@code ws}, {@code http}); empty when absent
 * @param policy its limits; optional
 * @param health its health, required
 * @param lastHeartbeat Unix seconds of the last heartbeat ({@code last_heartbeat}); optional
 * @param adapter for a world, the adapter that drives it (DESIGN §6); optional
 * @param healthReason why the health is not ok, as the adapter reports it ({@code health_reason}, additive, e.g.
 *     the OpenXR error of an unavailable headset); optional
 */
public record BridgeDetail(
        String id,
        AdapterKind kind,
        String name,
        SemVer version,
        List<String> capabilities,
        Map<String, String> endpoints,
        BridgePolicy policy,
        AdapterHealth health,
        Long lastHeartbeat,
        String adapter,
        String healthReason) {

    /** Validates and copies. */
    public BridgeDetail {
        Checks.requireNonBlank(id, "id");
        Checks.requireNonNull(kind, "kind");
        Checks.requireNonBlank(name, "name");
        Checks.requireNonNull(version, "version");
        capabilities = Checks.stringList(capabilities, "capabilities");
        endpoints = Checks.map(endpoints, "endpoints");
        Checks.requireNonNull(health, "health");
        Checks.optionalRange(lastHeartbeat, 0L, Long.MAX_VALUE, "last_heartbeat");
        Checks.optionalNonBlank(adapter, "adapter");
        Checks.optionalNonBlank(healthReason, "health_reason");
    }

    /** An entry without a health reason. */
    public BridgeDetail(
            String id,
            AdapterKind kind,
            String name,
            SemVer version,
            List<String> capabilities,
            Map<String, String> endpoints,
            BridgePolicy policy,
            AdapterHealth health,
            Long lastHeartbeat,
            String adapter) {
        this(id, kind, name, version, capabilities, endpoints, policy, health, lastHeartbeat, adapter, null);
    }
}
