package org.aiverse.contracts.api;

import java.util.List;
import java.util.Map;
import org.aiverse.contracts.Checks;
import org.aiverse.contracts.adapter.AdapterHealth;
import org.aiverse.contracts.adapter.AdapterKind;
import org.aiverse.contracts.version.SemVer;

/**
 * Body of {@code POST /api/v1/bridges/register}, operators only (seed 5.7, Frozen; answered with
 * {@link OkResponse}).
 *
 * @param id bridge id, required
 * @param kind bridge kind, required
 * @param name display name, required
 * @param version its SemVer, required
 * @param capabilities intent types it supports; empty when absent
 * @param endpoints its endpoints by protocol; empty when absent
 * @param policy its limits; optional
 * @param health its health; {@code ok} when absent
 * @param adapter for a world, the adapter that drives it (DESIGN §6); optional
 */
public record RegisterBridgeRequest(
        String id,
        AdapterKind kind,
        String name,
        SemVer version,
        List<String> capabilities,
        Map<String, String> endpoints,
        BridgePolicy policy,
        AdapterHealth health,
        String adapter) {

    /** Validates, copies and applies defaults. */
    public RegisterBridgeRequest {
        Checks.requireNonBlank(id, "id");
        Checks.requireNonNull(kind, "kind");
        Checks.requireNonBlank(name, "name");
        Checks.requireNonNull(version, "version");
        capabilities = Checks.stringList(capabilities, "capabilities");
        endpoints = Checks.map(endpoints, "endpoints");
        health = health == null ? AdapterHealth.OK : health;
        Checks.optionalNonBlank(adapter, "adapter");
    }
}
