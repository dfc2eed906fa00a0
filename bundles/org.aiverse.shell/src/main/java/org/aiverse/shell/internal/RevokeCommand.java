package org.aiverse.shell.internal;

import org.aiverse.auth.api.KeyRing;
import org.aiverse.auth.api.Revocation;
import org.aiverse.auth.api.Revocations;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * {@code aiverse:revoke <sessionId|kid>}: revokes a consented session or a key at once, on every node (seed 7.2,
 * 7.3). A known key id is taken as a key, anything else as a session id; {@code --session} or {@code --key} decides.
 */
@Service
@Command(scope = "aiverse", name = "revoke", description = "Revokes a consent session id or a key id at once")
public class RevokeCommand implements Action {

    @Reference(optional = true)
    Revocations revocations;

    @Reference(optional = true)
    KeyRing keyRing;

    @Argument(index = 0, name = "target", description = "The session id (sessionId) or key id (kid)", required = true)
    String target;

    @Option(name = "--session", description = "Treat the target as a session id")
    boolean session;

    @Option(name = "--key", description = "Treat the target as a key id")
    boolean key;

    @Option(name = "--reason", description = "Why, for the audit")
    String reason = "revoked by an operator at the console";

    @Override
    public Object execute() {
        if (revocations == null || keyRing == null) {
            return "Not available: feature aiverse-auth is not running.";
        }
        boolean asKey = key || (!session && keyRing.lookup(target).isPresent());
        Revocation r = asKey ? revocations.revokeKey(target, reason) : revocations.revokeSession(target, reason);
        return "revoked " + (r.kind() == Revocation.Kind.KEY ? "key " : "session ") + r.target();
    }
}
