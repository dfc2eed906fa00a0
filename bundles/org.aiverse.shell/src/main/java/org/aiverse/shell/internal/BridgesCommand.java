package org.aiverse.shell.internal;

import java.util.Optional;
import org.aiverse.contracts.adapter.AdapterKind;
import org.aiverse.contracts.api.BridgeDetail;
import org.aiverse.contracts.api.HealthFilter;
import org.aiverse.registry.api.BridgeRegistry;
import org.aiverse.registry.api.LiveAdapter;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/** {@code aiverse:bridges}: the bridge registry, with every installed version of each adapter. */
@Service
@Command(
        scope = "aiverse",
        name = "bridges",
        description = "Lists adapters and worlds: live services and registrations")
public class BridgesCommand implements Action {

    // optional: one unavailable service must not hold back every command of this bundle
    @Reference(optional = true)
    BridgeRegistry registry;

    @Option(name = "--kind", description = "adapter, world or headset")
    String kind;

    @Option(name = "--health", description = "ok, degraded or any (default)")
    String health;

    @Override
    public Object execute() {
        if (registry == null) {
            return "The bridge registry is not running (feature aiverse-registry).";
        }
        ShellTable table = new ShellTable();
        table.column("Id");
        table.column("Kind");
        table.column("Version");
        table.column("Health");
        table.column("Adapter");
        table.column("Installed versions");
        table.column("Capabilities");
        for (BridgeDetail b : registry.list(
                kind == null ? Optional.empty() : Optional.of(AdapterKind.fromWire(kind)),
                health == null ? HealthFilter.ANY : HealthFilter.fromWire(health))) {
            StringBuilder versions = new StringBuilder();
            for (LiveAdapter a : registry.versions(b.id())) {
                versions.append(versions.length() == 0 ? "" : ", ").append(a.version());
            }
            table.addRow()
                    .addContent(
                            b.id(),
                            b.kind().wire(),
                            b.version(),
                            b.health().wire(),
                            b.adapter() == null ? "" : b.adapter(),
                            versions.length() == 0 ? "-" : versions.toString(),
                            String.join(",", b.capabilities()));
        }
        table.print(System.out);
        return null;
    }
}
