package org.aiverse.shell.internal;

import org.aiverse.auth.api.KeyInfo;
import org.aiverse.auth.api.KeyRing;
import org.aiverse.auth.api.Revocations;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/** {@code aiverse:keys}: the keyring (seed 7.2); {@code --revoke <kid>} revokes a key at once. */
@Service
@Command(scope = "aiverse", name = "keys", description = "Lists client keys; --revoke <kid> revokes one at once")
public class KeysCommand implements Action {

    @Reference(optional = true)
    KeyRing keyRing;

    @Reference(optional = true)
    Revocations revocations;

    @Option(name = "--revoke", description = "Revoke the key with this kid")
    String revoke;

    @Option(name = "--sub", description = "Only the keys of this user")
    String sub;

    @Override
    public Object execute() {
        if (keyRing == null || revocations == null) {
            return "Not available: feature aiverse-auth is not running.";
        }
        if (revoke != null) {
            if (keyRing.lookup(revoke).isEmpty()) {
                return "no key " + revoke;
            }
            revocations.revokeKey(revoke, "revoked by an operator at the console");
            return "revoked key " + revoke;
        }
        ShellTable table = new ShellTable();
        table.column("Kid");
        table.column("Sub");
        table.column("Alg");
        table.column("State");
        table.column("Created");
        for (KeyInfo k : sub == null ? keyRing.keys() : keyRing.keysOf(sub)) {
            table.addRow().addContent(k.kid(), k.sub(), k.alg(), k.state(), k.createdAt());
        }
        table.print(System.out);
        return null;
    }
}
