package org.aiverse.auth.api;

import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Validates client-signed consent tokens (seed 5.6, DESIGN §3) in both encodings: the Hive Container form
 * (base64url JSON, ES256 raw r||s over {@code sub|sessionId|scopes|iat|exp|origin}) and compact JWS ({@code EdDSA}
 * or {@code ES256}, header {@code kid}). Every denial is logged with its reason and, when the request names a
 * session, recorded as a {@code policy_block} event.
 */
@ProviderType
public interface TokenValidator {

    /**
     * Validates a bearer token for a request.
     *
     * @param token the token as sent after {@code Bearer }
     * @param request the origin, required scopes and session of the request
     * @return what the token grants
     * @throws ConsentDenied with the seed error code and reason when it is refused
     */
    Consent validate(String token, ConsentRequest request);

    /**
     * Validates a token that presents a public key to bind to its {@code sub} (DESIGN §3). When {@code sub} has no
     * key yet, the token must be signed by {@code jwk} itself, which is then bound (trust on first use). When
     * {@code sub} has keys, a new {@code jwk} is bound only if the token is signed by a key already bound to
     * {@code sub} (rotation: the older keys keep verifying for the overlap window of seed 7.2, at most two
     * minutes); a {@code jwk} that is already bound changes nothing.
     *
     * @param token the token as sent after {@code Bearer }
     * @param request the origin, required scopes and session of the request
     * @param jwk the public key (JWK: EC P-256 or OKP Ed25519; {@code kid} defaults to its RFC 7638 thumbprint)
     * @return what the token grants
     * @throws ConsentDenied when the token is refused
     * @throws org.aiverse.contracts.ValidationException naming the JWK member when the key is malformed
     */
    Consent validateAndBind(String token, ConsentRequest request, Map<String, Object> jwk);
}
