package org.aiverse.auth.internal;

import java.util.Set;

/**
 * The validation limits in force; the seed's maxima (seed 5.6, 7.2) cap whatever is configured.
 *
 * @param maxTtlSeconds longest accepted {@code exp - iat}, at most 1800
 * @param clockSkewSeconds how far {@code iat}/{@code nbf} may lie in the future, at most 60
 * @param rotationOverlapSeconds how long a rotated-out key keeps verifying, at most 120
 * @param nativeOrigins the origins accepted from requests without an {@code Origin} header (native clients)
 * @param maxFailuresPerMinute failed validations per user (or per client address for unreadable tokens) per minute
 *     before {@code 429 rate_limited}
 */
record AuthSettings(
        long maxTtlSeconds,
        long clockSkewSeconds,
        long rotationOverlapSeconds,
        Set<String> nativeOrigins,
        int maxFailuresPerMinute) {

    static final long SEED_MAX_TTL = 1800;
    static final long SEED_MAX_SKEW = 60;
    static final long SEED_MAX_OVERLAP = 120;

    /** Caps to the seed's maxima and copies. */
    AuthSettings {
        maxTtlSeconds = Math.max(1, Math.min(maxTtlSeconds, SEED_MAX_TTL));
        clockSkewSeconds = Math.max(0, Math.min(clockSkewSeconds, SEED_MAX_SKEW));
        rotationOverlapSeconds = Math.max(0, Math.min(rotationOverlapSeconds, SEED_MAX_OVERLAP));
        nativeOrigins = Set.copyOf(nativeOrigins);
        maxFailuresPerMinute = Math.max(1, maxFailuresPerMinute);
    }

    /** The seed's limits, no native origin, 30 failures a minute. */
    static AuthSettings defaults() {
        return new AuthSettings(SEED_MAX_TTL, SEED_MAX_SKEW, SEED_MAX_OVERLAP, Set.of(), 30);
    }
}
