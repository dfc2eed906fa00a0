package org.aiverse.session.internal;

/** Reads the consent token of a request (seed 5.6). */
final class ConsentToken {

    private ConsentToken() {}

    /** The token of an {@code Authorization: Bearer <token>} header, or {@code null}. */
    static String bearer(String authorization) {
        if (authorization == null
                || authorization.length() < 8
                || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = authorization.substring(7).strip();
        return token.isEmpty() ? null : token;
    }
}
