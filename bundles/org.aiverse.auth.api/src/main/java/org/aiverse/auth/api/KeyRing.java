package org.aiverse.auth.api;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The persisted keyring of client public keys (seed 7.2, DESIGN §3): active and retired keys by {@code kid}.
 * Keys are bound through {@link TokenValidator#validateAndBind}.
 */
@ProviderType
public interface KeyRing {

    /** The key with this id, if any. */
    Optional<KeyInfo> lookup(String kid);

    /** Every key of a user, oldest first. */
    List<KeyInfo> keysOf(String sub);

    /** Every key, oldest first. */
    List<KeyInfo> keys();
}
