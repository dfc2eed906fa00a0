package org.aiverse.shell.internal;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.aiverse.contracts.ValidationException;
import org.aiverse.contracts.api.SessionMode;
import org.aiverse.contracts.consent.Scopes;
import org.aiverse.contracts.intent.Intent;
import org.aiverse.contracts.policy.PolicyCheck;
import org.aiverse.contracts.policy.PolicyDecision;
import org.aiverse.contracts.snapshot.PersonalitySnapshot;
import org.aiverse.json.Json;
import org.aiverse.policy.api.PolicyContext;
import org.aiverse.policy.api.PolicyGate;
import org.aiverse.snapshot.api.SnapshotStore;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/**
 * {@code aiverse:policy-eval}: dry-runs an intent against a snapshot's policy, exactly as
 * {@code POST /api/v1/policies/evaluate} does; nothing moves and nothing is recorded.
 */
@Service
@Command(
        scope = "aiverse",
        name = "policy-eval",
        description = "Dry-runs an intent (JSON, seed 4.2) against a snapshot's policy and explains the decision")
public class PolicyEvalCommand implements Action {

    // optional: Karaf registers a bundle's commands only once every mandatory reference of every command is
    // satisfied, so a missing gate must not hide the other aiverse commands
    @Reference(optional = true)
    PolicyGate gate;

    @Reference(optional = true)
    SnapshotStore snapshots;

    @Argument(index = 0, name = "snapshot", description = "Snapshot id", required = true)
    String snapshotId;

    @Argument(
            index = 1,
            name = "intent",
            description = "The intent as JSON, e.g. {\"intent_id\":\"i1\",\"type\":\"speak\",\"target\":\"user\","
                    + "\"confidence\":0.9,\"params\":{\"text\":\"hi\"}}",
            required = true)
    String intentJson;

    @Option(name = "--scopes", description = "Granted scopes, comma separated (default persona.use)")
    String scopes = Scopes.PERSONA_USE;

    @Option(name = "--session", description = "Session id of the context")
    String session;

    @Option(name = "--world", description = "World id of the context")
    String world;

    @Option(name = "--mode", description = "Session mode: co_experience, proxy or creative")
    String mode;

    @Override
    public Object execute() {
        if (gate == null) {
            return "the policy gate is not available (feature aiverse-policy)";
        }
        try {
            Intent intent = Json.read(intentJson, Intent.class);
            SessionMode sessionMode = mode == null ? null : SessionMode.fromWire(mode);
            PersonalitySnapshot snapshot =
                    snapshots == null ? null : snapshots.latest(snapshotId).orElse(null);
            if (snapshot == null) {
                return "not_found: snapshot " + snapshotId + " not found";
            }
            Set<String> granted = new LinkedHashSet<>();
            for (String s : scopes.split(",")) {
                if (!s.isBlank()) {
                    granted.add(s.strip());
                }
            }
            PolicyContext context = gate.context(snapshot, granted, session, world, sessionMode);
            PolicyDecision d = gate.dryRun(intent, context);
            ShellTable table = new ShellTable();
            table.column("#");
            table.column("Check");
            table.column("Result");
            List<PolicyCheck> checks = d.checks();
            for (int i = 0; i < checks.size(); i++) {
                table.addRow()
                        .addContent(
                                i + 1,
                                checks.get(i).name().wire(),
                                checks.get(i).result().wire());
            }
            table.print(System.out);
            return (d.allowed() ? "allowed" : "blocked") + ": " + d.reasonCode().wire() + " - " + d.reason()
                    + " (policy_version " + d.policyVersion() + ", owner " + context.ownerId() + ", dry-run)";
        } catch (ValidationException e) {
            return "validation_error: " + e.getMessage();
        }
    }
}
