package org.aiverse.auth.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of consent validation, PID {@code org.aiverse.auth} ({@code etc/org.aiverse.auth.cfg}). */
@ObjectClassDefinition(name = "AI-Verse consent tokens", description = "Validation of client-signed consent tokens")
public @interface AuthConfig {

    @AttributeDefinition(
            description = "Origins accepted from native clients (requests without an Origin header); the token's"
                    + " origin must be one of them exactly")
    String[] nativeOrigins() default {};

    @AttributeDefinition(description = "Longest token lifetime (exp - iat) in seconds; at most 1800 (seed 5.6)")
    long maxTtlSeconds() default 1800;

    @AttributeDefinition(description = "Allowed clock skew in seconds; at most 60 (seed 5.6)")
    long clockSkewSeconds() default 60;

    @AttributeDefinition(description = "How long a rotated-out key keeps verifying, in seconds; at most 120 (seed 7.2)")
    long rotationOverlapSeconds() default 120;

    @AttributeDefinition(
            description = "Failed validations per user (or client address) per minute before 429 rate_limited")
    int maxFailuresPerMinute() default 30;
}
