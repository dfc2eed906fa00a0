package org.aiverse.registry.api;

import java.util.Set;
import org.aiverse.contracts.adapter.Adapter;
import org.aiverse.contracts.adapter.AdapterKind;
import org.aiverse.contracts.version.SemVer;

/**
 * One installed adapter service, as its service properties describe it (DESIGN §6).
 *
 * @param id the adapter id
 * @param kind {@code adapter|world|headset}
 * @param version the adapter's version
 * @param contractVersion the contract version it implements
 * @param capabilities the intent types it carries
 * @param bundle the symbolic name and version of the bundle that provides it
 * @param adapter the service itself
 */
public record LiveAdapter(
        String id,
        AdapterKind kind,
        SemVer version,
        SemVer contractVersion,
        Set<String> capabilities,
        String bundle,
        Adapter adapter) {

    /** Copies. */
    public LiveAdapter {
        capabilities = Set.copyOf(capabilities);
    }
}
