package org.aiverse.auth.api;

import java.util.Map;

/**
 * A client public key in the keyring (seed 7.2).
 *
 * @param kid the key id
 * @param sub the user the key is bound to
 * @param alg {@code ES256} or {@code EdDSA}
 * @param jwk the public JWK
 * @param createdAt when it was bound, Unix seconds
 * @param retiredAt when a newer key replaced it, Unix seconds; {@code null} while active
 * @param revokedAt when it was revoked, Unix seconds; {@code null} unless revoked
 */
public record KeyInfo(
        String kid, String sub, String alg, Map<String, Object> jwk, long createdAt, Long retiredAt, Long revokedAt) {

    /** Copies the JWK. */
    public KeyInfo {
        jwk = Map.copyOf(jwk);
    }

    /** The state as the console shows it: {@code active}, {@code retired} or {@code revoked}. */
    public String state() {
        return revokedAt != null ? "revoked" : retiredAt != null ? "retired" : "active";
    }
}
