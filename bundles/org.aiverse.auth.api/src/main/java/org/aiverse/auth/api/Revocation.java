package org.aiverse.auth.api;

/**
 * One revocation (seed 7.2).
 *
 * @param kind what is revoked
 * @param target the session id or key id
 * @param ts when, Unix seconds
 * @param reason why, in plain words
 */
public record Revocation(Kind kind, String target, long ts, String reason) {

    /** What a revocation applies to. */
    public enum Kind {
        /** Every token of a consented session ({@code sessionId}). */
        SESSION,
        /** Every token signed by a key ({@code kid}). */
        KEY
    }
}
