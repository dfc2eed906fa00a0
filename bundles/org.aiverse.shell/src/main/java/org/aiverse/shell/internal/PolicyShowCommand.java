package org.aiverse.shell.internal;

import java.util.Map;
import org.aiverse.contracts.policy.Policy;
import org.aiverse.contracts.snapshot.PersonalitySnapshot;
import org.aiverse.json.Json;
import org.aiverse.policy.api.PolicyGate;
import org.aiverse.policy.api.PolicyGateInfo;
import org.aiverse.policy.api.PolicyMetrics;
import org.aiverse.policy.api.PolicyUsage;
import org.aiverse.snapshot.api.SnapshotStore;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/**
 * {@code aiverse:policy-show}: the Safety Gate's configuration (default policy, requirement tables, approval
 * list, ethics rulesets) and live metrics; with a snapshot id, that snapshot's effective policy and its owner's
 * counters; with {@code --owner}, that owner's counters.
 */
@Service
@Command(
        scope = "aiverse",
        name = "policy-show",
        description = "Shows the policy gate's configuration and metrics, or a snapshot's effective policy")
public class PolicyShowCommand implements Action {

    // optional: Karaf registers a bundle's commands only once every mandatory reference of every command is
    // satisfied, so a missing gate must not hide the other aiverse commands
    @Reference(optional = true)
    PolicyGate gate;

    @Reference(optional = true)
    SnapshotStore snapshots;

    @Argument(index = 0, name = "snapshot", description = "Snapshot id whose effective policy to show")
    String snapshotId;

    @Option(name = "--owner", description = "Owner (sub) whose live counters to show")
    String owner;

    @Override
    public Object execute() {
        if (gate == null) {
            return "the policy gate is not available (feature aiverse-policy)";
        }
        ShellTable table = new ShellTable();
        table.column("Setting");
        table.column("Value");
        if (snapshotId != null) {
            PersonalitySnapshot snapshot =
                    snapshots == null ? null : snapshots.latest(snapshotId).orElse(null);
            if (snapshot == null) {
                return "not_found: snapshot " + snapshotId + " not found";
            }
            Policy effective =
                    gate.context(snapshot, java.util.Set.of(), null, null, null).policy();
            table.addRow().addContent("snapshot", snapshot.id() + " v" + snapshot.version());
            table.addRow().addContent("effective policy", Json.write(effective));
            usage(table, gate.usage(snapshot.ownerId()));
        } else {
            PolicyGateInfo info = gate.info();
            table.addRow().addContent("default policy", Json.write(info.defaultPolicy()));
            info.autonomyRequirements().forEach((type, a) -> table.addRow().addContent("autonomy " + type, a.wire()));
            info.scopeRequirements()
                    .forEach((type, s) -> table.addRow().addContent("scopes " + type, String.join(" ", s)));
            table.addRow().addContent("requires_user_approval", String.join(", ", info.requiresUserApproval()));
            for (Map.Entry<String, String> r : info.ethicsRulesets().entrySet()) {
                table.addRow().addContent("ethics " + r.getKey(), r.getValue());
            }
            table.addRow().addContent("cooldown_s", info.cooldownSeconds());
        }
        if (owner != null) {
            usage(table, gate.usage(owner));
        }
        PolicyMetrics m = gate.metrics();
        table.addRow().addContent("policy_block_rate", m.policyBlockRate() + "/min");
        table.addRow().addContent("anomaly_flags", m.anomalyFlags() + "/min");
        table.addRow()
                .addContent(
                        "decisions", m.decisions() + " (" + m.blocks() + " blocked, " + m.anomalies() + " anomalies)");
        table.print(System.out);
        return null;
    }

    private static void usage(ShellTable table, PolicyUsage u) {
        table.addRow().addContent("owner", u.ownerId());
        table.addRow().addContent("spent " + u.budgetDay(), u.spentToday().toPlainString());
        u.cooldowns().forEach((type, until) -> table.addRow().addContent("cooldown " + type, "until " + until));
    }
}
