package org.aiverse.core.api;

import java.util.Collection;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/** The Personality Core service: opens and looks up the decision loops of sessions. */
@ProviderType
public interface PersonalityCore {
    /**
     * Instantiates the personality of a session (seed 6.1 "Instantiate Personality"): loads the snapshot's
     * memories and policy, and starts an idle decision loop on the shared pool.
     *
     * @param spec who, which personality, with what consent and capabilities
     * @param sink where allowed intents go; called on the session's decision thread, must not block
     * @return the running loop
     * @throws IllegalStateException when a loop for {@code spec.sessionId()} is already open
     */
    CoreSession open(CoreSessionSpec spec, IntentSink sink);

    /**
     * Returns the open loop of a session.
     *
     * @param sessionId the session
     * @return the loop, or empty when none is open
     */
    Optional<CoreSession> session(String sessionId);

    /** Returns the open loops. */
    Collection<CoreSession> sessions();
}
