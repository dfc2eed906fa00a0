package org.aiverse.auth.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.aiverse.auth.api.Consent;
import org.aiverse.auth.api.ConsentDenied;
import org.aiverse.auth.api.ConsentRequest;
import org.aiverse.auth.api.KeyInfo;
import org.aiverse.auth.api.KeyRing;
import org.aiverse.auth.api.Revocation;
import org.aiverse.auth.api.Revocations;
import org.aiverse.auth.api.TokenValidator;
import org.aiverse.contracts.api.ErrorCode;

/**
 * The validation steps of seed 5.6 over the keyring and revocations (plain Java; the OSGi component wraps it).
 *
 * <p>Order: read the token; {@code 429} when its user (or, for an unreadable token, the client) has failed too often
 * this minute; find the key ({@code kid}, or the user's keys for a Hive token without one) and verify the signature;
 * the key must not be revoked, nor retired longer than the rotation overlap; then TTL, clock skew, not-before and
 * expiry; exact origin; scopes; session revocation; last, a single-use token ({@code jti}) is consumed.
 *
 * <p>Single-use tokens: a compact JWS that carries a {@code jti} claim may be presented once (its identity is the
 * SHA-256 of the signed header and claims, which, unlike an ECDSA signature, cannot be altered without the key). A
 * token without {@code jti} (every Hive Container token) is a session token, reusable until it expires.
 */
final class ConsentService implements TokenValidator, KeyRing, Revocations {

    /** What the component does around the logic: logging, the Recorder, the bus, listeners. */
    interface Hooks {
        /** A token was refused; {@code token} is {@code null} when it could not be read. */
        void denied(ConsentDenied denial, ParsedToken token, ConsentRequest request);

        /** A revocation took effect here; {@code local} when it was made on this node. */
        void revoked(Revocation revocation, boolean local);

        /** A key was bound or changed state on this node. */
        void keyChanged(String kid);
    }

    private record KeyEntry(KeyInfo info, PublicJwk key) {}

    /** Signatures remembered as verified, by default. */
    static final int DEFAULT_VERIFIED_CAPACITY = 50_000;

    private final AuthStore store;
    private final AuthSettings settings;
    private final Clock clock;
    private final Hooks hooks;
    private final FailureLimiter limiter;
    private final ConcurrentHashMap<String, KeyEntry> keys = new ConcurrentHashMap<>();
    private final Set<String> revokedSessions = ConcurrentHashMap.newKeySet();
    private final Set<String> revokedKids = ConcurrentHashMap.newKeySet();
    private final Object binding = new Object();
    private final int verifiedCapacity;
    private final ConcurrentHashMap<String, String> verified = new ConcurrentHashMap<>();

    ConsentService(AuthStore store, AuthSettings settings, Clock clock, Hooks hooks) {
        this(store, settings, clock, hooks, DEFAULT_VERIFIED_CAPACITY);
    }

    /**
     * Creates the service.
     *
     * @param verifiedCapacity how many verified signatures to remember (0: none). A session token is presented on
     *     every request until it expires; remembering that its signature verified under a key saves the signature
     *     check (the costly step) on every later presentation. Only the signature check is skipped: the key's
     *     state, times, origin, scopes and revocations are checked every time. The entry is the SHA-256 of the signed
     *     bytes and the signature, so any other token misses it.
     */
    ConsentService(AuthStore store, AuthSettings settings, Clock clock, Hooks hooks, int verifiedCapacity) {
        this.verifiedCapacity = verifiedCapacity;
        this.store = store;
        this.settings = settings;
        this.clock = clock;
        this.hooks = hooks;
        this.limiter = new FailureLimiter(settings.maxFailuresPerMinute());
        for (Revocation r : store.revocations()) {
            remember(r);
        }
    }

    private long now() {
        return clock.millis() / 1000;
    }

    // ---------------------------------------------------------------- TokenValidator

    @Override
    public Consent validate(String token, ConsentRequest request) {
        ParsedToken t = read(token, request);
        String bucket = "sub:" + t.sub();
        try {
            throttle(bucket);
            return checkClaims(t, resolve(t), request);
        } catch (ConsentDenied d) {
            throw denied(d, t, request, bucket);
        }
    }

    @Override
    public Consent validateAndBind(String token, ConsentRequest request, Map<String, Object> jwk) {
        PublicJwk offered = PublicJwk.parse(jwk, "owner_key");
        ParsedToken t = read(token, request);
        String bucket = "sub:" + t.sub();
        try {
            throttle(bucket);
            synchronized (binding) {
                KeyEntry existing = entry(offered.kid());
                if (existing != null && !existing.info().sub().equals(t.sub())) {
                    throw new ConsentDenied(
                            ErrorCode.CONFLICT, "key_bound_elsewhere", "owner_key is bound to another user");
                }
                if (existing != null) {
                    return checkClaims(t, resolve(t), request);
                }
                if (store.keysOf(t.sub()).isEmpty()) {
                    // trust on first use: the token proves possession of the offered key
                    if (t.kid() != null && !t.kid().equals(offered.kid())) {
                        throw new ConsentDenied(
                                ErrorCode.INVALID_TOKEN, "unknown_kid", "the token is not signed by owner_key");
                    }
                    verify(t, offered);
                    Consent consent = checkClaims(t, offered.kid(), request);
                    bind(offered, t.sub());
                    return consent;
                }
                // rotation: the token must be signed by a key already bound to the user
                Consent consent = checkClaims(t, resolve(t), request);
                bind(offered, t.sub());
                return consent;
            }
        } catch (ConsentDenied d) {
            throw denied(d, t, request, bucket);
        }
    }

    private ParsedToken read(String token, ConsentRequest request) {
        String bucket = "client:" + (request.client() == null ? "unknown" : request.client());
        try {
            throttle(bucket);
            return ParsedToken.parse(token);
        } catch (ConsentDenied d) {
            throw denied(d, null, request, bucket);
        }
    }

    private void throttle(String bucket) {
        if (limiter.limited(bucket, now())) {
            throw new ConsentDenied(
                    ErrorCode.RATE_LIMITED, "too_many_failures", "too many failed validations; retry in a minute");
        }
    }

    private ConsentDenied denied(ConsentDenied d, ParsedToken t, ConsentRequest request, String bucket) {
        if (d.code() != ErrorCode.RATE_LIMITED) {
            limiter.fail(bucket, now());
        }
        hooks.denied(d, t, request);
        return d;
    }

    private void bind(PublicJwk key, String sub) {
        store.bind(key, sub, now());
        // the user's other keys were retired: every node must reload them
        for (KeyInfo k : store.keysOf(sub)) {
            keys.remove(k.kid());
            hooks.keyChanged(k.kid());
        }
    }

    /** Finds the signing key and verifies the signature and the key's state. */
    private String resolve(ParsedToken t) {
        KeyEntry entry;
        if (t.kid() != null) {
            entry = entry(t.kid());
            if (entry == null) {
                throw new ConsentDenied(ErrorCode.INVALID_TOKEN, "unknown_kid", "unknown key id");
            }
            if (!entry.info().sub().equals(t.sub())) {
                throw new ConsentDenied(
                        ErrorCode.INVALID_SIGNATURE, "key_not_bound_to_sub", "the signing key is not the user's");
            }
            String digest = digest(t);
            if (digest == null || !entry.info().kid().equals(verified.get(digest))) {
                verify(t, entry.key());
                remember(digest, entry.info().kid());
            }
        } else {
            entry = null;
            String digest = digest(t);
            String known = digest == null ? null : verified.get(digest);
            if (known != null) {
                KeyEntry e = entry(known);
                if (e != null && e.info().sub().equals(t.sub())) {
                    entry = e;
                }
            }
            List<KeyInfo> candidates = entry != null ? List.of() : store.keysOf(t.sub());
            if (entry == null && candidates.isEmpty()) {
                throw new ConsentDenied(ErrorCode.INVALID_TOKEN, "unknown_key", "no key is bound to this user");
            }
            for (KeyInfo k : candidates) {
                KeyEntry e = entry(k.kid());
                if (e != null
                        && e.key().alg().equals(t.alg())
                        && e.key().verifier().verify(t.signingInput(), t.signature())) {
                    entry = e;
                    remember(digest, e.info().kid());
                    break;
                }
            }
            if (entry == null) {
                throw new ConsentDenied(ErrorCode.INVALID_SIGNATURE, "bad_signature", "signature does not verify");
            }
        }
        KeyInfo info = entry.info();
        if (info.revokedAt() != null || revokedKids.contains(info.kid())) {
            throw new ConsentDenied(ErrorCode.REVOKED, "key_revoked", "the signing key was revoked");
        }
        if (info.retiredAt() != null && now() > info.retiredAt() + settings.rotationOverlapSeconds()) {
            throw new ConsentDenied(
                    ErrorCode.INVALID_TOKEN, "key_retired", "the signing key was rotated out; sign with the new key");
        }
        return info.kid();
    }

    /** The identity of a token's signature: SHA-256 of the signed bytes and the signature; null when not caching. */
    private String digest(ParsedToken t) {
        if (verifiedCapacity <= 0) {
            return null;
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(t.signingInput());
            sha.update((byte) 0);
            sha.update(t.signature());
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void remember(String digest, String kid) {
        if (digest == null) {
            return;
        }
        if (verified.size() >= verifiedCapacity) {
            verified.clear();
        }
        verified.put(digest, kid);
    }

    private static void verify(ParsedToken t, PublicJwk key) {
        if (!key.alg().equals(t.alg())) {
            throw new ConsentDenied(ErrorCode.INVALID_SIGNATURE, "alg_mismatch", "alg does not match the key");
        }
        if (!key.verifier().verify(t.signingInput(), t.signature())) {
            throw new ConsentDenied(ErrorCode.INVALID_SIGNATURE, "bad_signature", "signature does not verify");
        }
    }

    private Consent checkClaims(ParsedToken t, String kid, ConsentRequest request) {
        long now = now();
        if (t.exp() <= t.iat()) {
            throw new ConsentDenied(ErrorCode.INVALID_TOKEN, "malformed", "exp must be after iat");
        }
        if (t.exp() - t.iat() > settings.maxTtlSeconds()) {
            throw new ConsentDenied(
                    ErrorCode.INVALID_TOKEN,
                    "ttl_too_long",
                    "token lifetime exceeds " + settings.maxTtlSeconds() + " seconds");
        }
        if (t.iat() > now + settings.clockSkewSeconds()) {
            throw new ConsentDenied(
                    ErrorCode.INVALID_TOKEN, "clock_skew", "iat is in the future beyond the allowed clock skew");
        }
        if (t.nbf() != null && t.nbf() > now + settings.clockSkewSeconds()) {
            throw new ConsentDenied(ErrorCode.INVALID_TOKEN, "not_yet_valid", "token is not valid yet (nbf)");
        }
        if (t.exp() <= now) {
            throw new ConsentDenied(ErrorCode.TOKEN_EXPIRED, "expired", "token expired");
        }
        if (request.origin() != null) {
            if (!request.origin().equals(t.origin())) {
                throw new ConsentDenied(
                        ErrorCode.ORIGIN_MISMATCH, "origin_mismatch", "token origin does not match the request origin");
            }
        } else if (t.origin() == null || !settings.nativeOrigins().contains(t.origin())) {
            throw new ConsentDenied(
                    ErrorCode.ORIGIN_MISMATCH,
                    "origin_not_configured",
                    "without an Origin header the token origin must be a configured native origin");
        }
        List<String> missing = new ArrayList<>();
        for (String s : request.requiredScopes()) {
            if (!t.scopes().contains(s)) {
                missing.add(s);
            }
        }
        if (!missing.isEmpty()) {
            throw new ConsentDenied(
                    ErrorCode.BLOCKED_SCOPE,
                    "missing_scope",
                    "scope insufficient: needs " + String.join(", ", missing));
        }
        if (revokedSessions.contains(t.sessionId())) {
            throw new ConsentDenied(ErrorCode.REVOKED, "session_revoked", "the session's consent was revoked");
        }
        if (t.jti() != null && !store.markUsed(sha256(t.signingInput()), t.exp())) {
            throw new ConsentDenied(ErrorCode.INVALID_TOKEN, "replayed", "this single-use token was already presented");
        }
        return new Consent(t.sub(), t.sessionId(), t.scopes(), kid, t.exp());
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Forgets consumed single-use tokens that have expired. */
    void purge() {
        store.purgeUsed(now() - settings.clockSkewSeconds());
    }

    // ---------------------------------------------------------------- KeyRing

    private KeyEntry entry(String kid) {
        KeyEntry e = keys.get(kid);
        if (e != null) {
            return e;
        }
        KeyInfo info = store.key(kid);
        if (info == null) {
            return null;
        }
        e = new KeyEntry(info, PublicJwk.parse(info.jwk(), "jwk"));
        keys.put(kid, e);
        return e;
    }

    /** Drops a cached key (another node changed it). */
    void evict(String kid) {
        keys.remove(kid);
    }

    @Override
    public Optional<KeyInfo> lookup(String kid) {
        KeyEntry e = kid == null ? null : entry(kid);
        return e == null ? Optional.empty() : Optional.of(e.info());
    }

    @Override
    public List<KeyInfo> keysOf(String sub) {
        return store.keysOf(sub);
    }

    @Override
    public List<KeyInfo> keys() {
        return store.allKeys();
    }

    // ---------------------------------------------------------------- Revocations

    @Override
    public Revocation revokeSession(String sessionId, String reason) {
        return revoke(new Revocation(Revocation.Kind.SESSION, requireTarget(sessionId), now(), reason));
    }

    @Override
    public Revocation revokeKey(String kid, String reason) {
        Revocation r = new Revocation(Revocation.Kind.KEY, requireTarget(kid), now(), reason);
        store.markKeyRevoked(kid, r.ts());
        return revoke(r);
    }

    private Revocation revoke(Revocation r) {
        store.addRevocation(r);
        remember(r);
        hooks.revoked(r, true);
        return r;
    }

    /** Applies a revocation made on another node. */
    void applyRemote(Revocation r) {
        if (remember(r)) {
            hooks.revoked(r, false);
        }
    }

    private boolean remember(Revocation r) {
        if (r.kind() == Revocation.Kind.KEY) {
            keys.remove(r.target());
            return revokedKids.add(r.target());
        }
        return revokedSessions.add(r.target());
    }

    private static String requireTarget(String target) {
        if (target == null || target.isBlank() || target.length() > 256) {
            throw new IllegalArgumentException("a session id or key id of 1 to 256 characters is required");
        }
        return target;
    }

    @Override
    public boolean isSessionRevoked(String sessionId) {
        return revokedSessions.contains(sessionId);
    }

    @Override
    public boolean isKeyRevoked(String kid) {
        return revokedKids.contains(kid);
    }

    @Override
    public List<Revocation> list() {
        return store.revocations();
    }
}
