package org.aiverse.contracts.consent;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.aiverse.contracts.Checks;

/**
 * The client-signed, short-lived consent token (seed 4.4, 3.1, 5.6, 7.1; Hive Container form of DESIGN §3). Its
 * wire names are camelCase exactly as the seed writes them ({@code sessionId}).
 *
 * @param sessionId the consented session (the Hive Container's id, e.g. {@code hive_ab12cd34}), required
 * @param sub the user the token speaks for, required
 * @param scopes granted scopes (see {@link Scopes}); empty when absent
 * @param iat issued-at, Unix seconds, required
 * @param exp expiry, Unix seconds, required and after {@code iat}
 * @param origin the origin the token is bound to; optional
 * @param signature the signature (base64url), required
 * @param alg signature algorithm ({@code ES256}, {@code EdDSA}); optional
 * @param kid key id of the signing key (seed 7.2); optional
 */
public record ClientSignedToken(
        @JsonProperty("sessionId") String sessionId,
        @JsonProperty("sub") String sub,
        @JsonProperty("scopes") List<String> scopes,
        @JsonProperty("iat") long iat,
        @JsonProperty("exp") long exp,
        @JsonProperty("origin") String origin,
        @JsonProperty("signature") String signature,
        @JsonProperty("alg") String alg,
        @JsonProperty("kid") String kid) {

    /** Validates and copies. */
    public ClientSignedToken {
        Checks.requireNonBlank(sessionId, "sessionId");
        Checks.requireNonBlank(sub, "sub");
        scopes = Checks.stringList(scopes, "scopes");
        Checks.requireNonNegative(iat, "iat");
        Checks.require(exp > iat, "exp", "must be after iat");
        Checks.optionalNonBlank(origin, "origin");
        Checks.requireNonBlank(signature, "signature");
        Checks.optionalNonBlank(alg, "alg");
        Checks.optionalNonBlank(kid, "kid");
    }

    /** Returns whether the token grants {@code scope}. */
    public boolean hasScope(String scope) {
        return scopes.contains(scope);
    }
}
