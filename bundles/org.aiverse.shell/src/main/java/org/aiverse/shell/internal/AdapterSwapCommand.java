package org.aiverse.shell.internal;

import org.aiverse.session.api.AdapterSwitchboard;
import org.aiverse.session.api.AdapterSwitchboard.SwapPlan;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * {@code aiverse:adapter-swap <id> <version>}: pins an adapter to one installed version and moves its sessions
 * there at a safe point (DESIGN §6); {@code --dry-run} shows the capability differences and the sessions affected.
 */
@Service
@Command(
        scope = "aiverse",
        name = "adapter-swap",
        description = "Moves the sessions of an adapter to one installed version (hot swap)")
public class AdapterSwapCommand implements Action {

    @Reference(optional = true)
    AdapterSwitchboard switchboard;

    @Argument(index = 0, name = "id", required = true, description = "The adapter id")
    String id;

    @Argument(index = 1, name = "version", required = true, description = "The installed version to move to")
    String version;

    @Option(name = "--dry-run", description = "Only show what would change")
    boolean dryRun;

    @Option(name = "--unpin", description = "Drop the pin: sessions follow the highest compatible version again")
    boolean unpin;

    @Override
    public Object execute() {
        if (switchboard == null) {
            return "Sessions are not running (feature aiverse-session).";
        }
        if (unpin) {
            switchboard.unpin(id);
            return "Adapter " + id + " follows its highest compatible version again.";
        }
        SwapPlan plan = dryRun ? switchboard.plan(id, version) : switchboard.swap(id, version);
        StringBuilder out = new StringBuilder();
        out.append(dryRun ? "Dry run: " : "")
                .append("adapter ")
                .append(plan.adapterId())
                .append(" -> ")
                .append(plan.version())
                .append('\n');
        if (plan.refused() != null) {
            out.append("Refused: ").append(plan.refused()).append('\n');
        }
        out.append("Capabilities added:   ")
                .append(plan.added().isEmpty() ? "-" : String.join(",", plan.added()))
                .append('\n');
        out.append("Capabilities removed: ")
                .append(plan.removed().isEmpty() ? "-" : String.join(",", plan.removed()))
                .append('\n');
        out.append("Sessions affected (")
                .append(plan.sessions().size())
                .append("): ")
                .append(plan.sessions().isEmpty() ? "-" : String.join(",", plan.sessions()))
                .append('\n');
        if (!dryRun && plan.refused() == null) {
            out.append("Pinned; the sessions move at their next safe point.\n");
        }
        return out.toString();
    }
}
