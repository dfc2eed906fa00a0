package org.aiverse.auth.api;

import java.util.Set;

/**
 * The request a token is presented with.
 *
 * @param origin the request's {@code Origin} header (browsers); {@code null} for native clients, whose token must
 *     carry one of the configured native origins
 * @param requiredScopes the scopes the endpoint and operation need; empty for any valid token
 * @param sessionId the platform session the request is about ({@code X-Session-Id}); {@code null} when none. When
 *     present, a denial is recorded in that session's chain as a {@code policy_block} event
 * @param client the caller's network address, for rate limiting failures of unreadable tokens; may be {@code null}
 */
public record ConsentRequest(String origin, Set<String> requiredScopes, String sessionId, String client) {

    /** Copies the scopes. */
    public ConsentRequest {
        requiredScopes = requiredScopes == null ? Set.of() : Set.copyOf(requiredScopes);
    }
}
