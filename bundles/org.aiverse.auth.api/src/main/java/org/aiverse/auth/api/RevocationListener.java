package org.aiverse.auth.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A whiteboard service told of every revocation, local or from another node, as soon as it is known (seed 7.1:
 * revocation invalidates active sessions immediately).
 */
@ConsumerType
public interface RevocationListener {

    /** Called once per revocation; must return quickly. */
    void revoked(Revocation revocation);
}
