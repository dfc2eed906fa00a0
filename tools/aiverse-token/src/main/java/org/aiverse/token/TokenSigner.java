package org.aiverse.token;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Signs consent tokens (seed 4.4) in the two encodings the platform accepts (DESIGN §3).
 *
 * <ul>
 *   <li><b>Hive Container form</b> ({@link #hive}): the JSON object {@code {sessionId, sub, scopes, iat, exp, origin,
 *       signature, alg:"ES256", kid}} base64url-encoded; {@code signature} is the raw r||s ECDSA P-256 signature
 *       over {@code sub|sessionId|scopes joined by ","|iat|exp|origin}, as the browser extension makes it with
 *       WebCrypto.
 *   <li><b>Compact JWS</b> ({@link #jws}): {@code base64url(header).base64url(claims).base64url(signature)} with
 *       header {@code {alg, kid, typ:"JWT"}}. A {@code jti} claim makes the token single-use.
 * </ul>
 */
public final class TokenSigner {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The claims of a token.
     *
     * @param sub the user
     * @param sessionId the consented session
     * @param scopes the scopes
     * @param iat issued at, Unix seconds
     * @param exp expiry, Unix seconds
     * @param origin the origin the token is bound to; {@code null} for none
     * @param jti a unique id that makes a JWS token single-use; {@code null} for a reusable token
     */
    public record Claims(
            String sub, String sessionId, List<String> scopes, long iat, long exp, String origin, String jti) {

        /** Claims issued now, valid for {@code ttlSeconds}. */
        public static Claims now(String sub, String sessionId, List<String> scopes, String origin, long ttlSeconds) {
            long now = System.currentTimeMillis() / 1000;
            return new Claims(sub, sessionId, scopes, now, now + ttlSeconds, origin, null);
        }

        /** A copy with a {@code jti} (single-use). */
        public Claims withJti(String id) {
            return new Claims(sub, sessionId, scopes, iat, exp, origin, id);
        }

        /** A copy with other times. */
        public Claims withTimes(long newIat, long newExp) {
            return new Claims(sub, sessionId, scopes, newIat, newExp, origin, jti);
        }
    }

    private TokenSigner() {}

    /** The string the Hive Container signs: {@code sub|sessionId|scopes joined by ","|iat|exp|origin}. */
    public static String hiveSigningInput(Claims c) {
        return c.sub() + "|" + c.sessionId() + "|" + String.join(",", c.scopes()) + "|" + c.iat() + "|" + c.exp() + "|"
                + (c.origin() == null ? "" : c.origin());
    }

    /** A token in the Hive Container form; the key must be ES256, as the extension's. */
    public static String hive(ClientKey key, Claims c) {
        if (!ClientKey.ES256.equals(key.alg())) {
            throw new IllegalArgumentException("the Hive Container form is ES256 only; use JWS for EdDSA");
        }
        byte[] signature = key.sign(hiveSigningInput(c).getBytes(StandardCharsets.UTF_8));
        Map<String, Object> token = new LinkedHashMap<>();
        token.put("sessionId", c.sessionId());
        token.put("sub", c.sub());
        token.put("scopes", c.scopes());
        token.put("iat", c.iat());
        token.put("exp", c.exp());
        if (c.origin() != null) {
            token.put("origin", c.origin());
        }
        token.put("signature", ClientKey.b64(signature));
        token.put("alg", key.alg());
        token.put("kid", key.kid());
        return ClientKey.b64(bytes(token));
    }

    /** A compact JWS token. */
    public static String jws(ClientKey key, Claims c) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", key.alg());
        header.put("kid", key.kid());
        header.put("typ", "JWT");
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sessionId", c.sessionId());
        claims.put("sub", c.sub());
        claims.put("scopes", c.scopes());
        claims.put("iat", c.iat());
        claims.put("exp", c.exp());
        if (c.origin() != null) {
            claims.put("origin", c.origin());
        }
        if (c.jti() != null) {
            claims.put("jti", c.jti());
        }
        String input = ClientKey.b64(bytes(header)) + "." + ClientKey.b64(bytes(claims));
        return input + "." + ClientKey.b64(key.sign(input.getBytes(StandardCharsets.US_ASCII)));
    }

    static byte[] bytes(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
