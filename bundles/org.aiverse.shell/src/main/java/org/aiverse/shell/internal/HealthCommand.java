package org.aiverse.shell.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.aiverse.contracts.health.ComponentHealth;
import org.aiverse.contracts.health.HealthContributor;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/** {@code aiverse:health}: the live state of every platform component, as {@code GET /api/v1/health} reports it. */
@Service
@Command(scope = "aiverse", name = "health", description = "Shows the live state of every AI-Verse component")
public class HealthCommand implements Action {

    @Reference
    List<HealthContributor> contributors;

    @Override
    public Object execute() {
        List<ComponentHealth> components = new ArrayList<>();
        for (HealthContributor c : contributors) {
            try {
                components.add(c.health());
            } catch (RuntimeException e) {
                components.add(ComponentHealth.down(c.getClass().getSimpleName(), "check failed: " + e, Map.of()));
            }
        }
        components.sort(Comparator.comparing(ComponentHealth::name));
        ShellTable table = new ShellTable();
        table.column("Component");
        table.column("Status");
        table.column("Detail");
        for (ComponentHealth c : components) {
            table.addRow().addContent(c.name(), c.status().wire(), c.detail().toString());
        }
        table.print(System.out);
        return "overall: " + ComponentHealth.overall(components).wire();
    }
}
