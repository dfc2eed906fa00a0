package org.aiverse.session.internal;

import org.aiverse.contracts.health.ComponentHealth;
import org.aiverse.contracts.health.HealthContributor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The {@code sessions} component of {@code GET /api/v1/health}: live sessions, this node, its lease and peers. */
@Component(service = HealthContributor.class)
public final class SessionsHealth implements HealthContributor {

    private final SessionService sessions;

    @Activate
    public SessionsHealth(@Reference SessionService sessions) {
        this.sessions = sessions;
    }

    @Override
    public ComponentHealth health() {
        return sessions.sessionsHealth();
    }
}
