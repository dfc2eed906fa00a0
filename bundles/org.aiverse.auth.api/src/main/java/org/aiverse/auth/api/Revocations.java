package org.aiverse.auth.api;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Revocation by {@code sessionId} or {@code kid} (seed 7.1, 7.2, 7.3): effective at once on every node (the
 * revocation is persisted and published on the bus), and announced to every {@link RevocationListener} service so
 * that live sessions can stop.
 */
@ProviderType
public interface Revocations {

    /** Revokes every token of a consented session. Revoking twice is harmless. */
    Revocation revokeSession(String sessionId, String reason);

    /** Revokes a key: no token it signed is accepted any more. Revoking twice is harmless. */
    Revocation revokeKey(String kid, String reason);

    /** Whether the session was revoked. */
    boolean isSessionRevoked(String sessionId);

    /** Whether the key was revoked. */
    boolean isKeyRevoked(String kid);

    /** Every revocation, oldest first. */
    List<Revocation> list();
}
