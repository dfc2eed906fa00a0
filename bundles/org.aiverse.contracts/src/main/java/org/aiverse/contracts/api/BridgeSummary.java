package org.aiverse.contracts.api;

import java.util.List;
import org.aiverse.contracts.Checks;
import org.aiverse.contracts.adapter.AdapterHealth;
import org.aiverse.contracts.adapter.AdapterKind;
import org.aiverse.contracts.version.SemVer;

/**
 * One entry of {@code GET /api/v1/bridges} (seed 5.7, Frozen).
 *
 * @param id bridge id, required
 * @param kind bridge kind, required
 * @param name display name, required
 * @param version its SemVer, required
 * @param capabilities intent types it supports; empty when absent
 * @param health its health, required
 * @param adapter for a world, the adapter that drives it (additive field, DESIGN §6); optional
 * @param healthReason why the health is not ok, as the adapter reports it ({@code health_reason}, additive, e.g.
 *     the OpenXR error of an unavailable headset); optional
 */
public record BridgeSummary(
        String id,
        AdapterKind kind,
        String name,
        SemVer version,
        List<String> capabilities,
        AdapterHealth health,
        String adapter,
        String healthReason) {

    /** Validates and copies. */
    public BridgeSummary {
        Checks.requireNonBlank(id, "id");
        Checks.requireNonNull(kind, "kind");
        Checks.requireNonBlank(name, "name");
        Checks.requireNonNull(version, "version");
        capabilities = Checks.stringList(capabilities, "capabilities");
        Checks.requireNonNull(health, "health");
        Checks.optionalNonBlank(adapter, "adapter");
        Checks.optionalNonBlank(healthReason, "health_reason");
    }

    /** An entry without a health reason. */
    public BridgeSummary(
            String id,
            AdapterKind kind,
            String name,
            SemVer version,
            List<String> capabilities,
            AdapterHealth health,
            String adapter) {
        this(id, kind, name, version, capabilities, health, adapter, null);
    }
}
