package org.aiverse.auth.api;

import java.util.List;

/**
 * What a valid consent token grants (seed 4.4): the outcome of {@link TokenValidator#validate}.
 *
 * @param sub the user the token speaks for
 * @param sessionId the consented session (the client's id, e.g. {@code hive_ab12cd34})
 * @param scopes the granted scopes
 * @param kid the id of the key that signed the token
 * @param exp expiry, Unix seconds
 */
public record Consent(String sub, String sessionId, List<String> scopes, String kid, long exp) {

    /** Copies the scopes. */
    public Consent {
        scopes = List.copyOf(scopes);
    }

    /** Whether the token grants {@code scope}. */
    public boolean hasScope(String scope) {
        return scopes.contains(scope);
    }
}
