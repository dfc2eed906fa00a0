package org.aiverse.auth.api;

import java.util.Objects;
import org.aiverse.contracts.api.ErrorCode;

/**
 * A consent token was refused (seed 5.6 error mapping): carries the seed {@link ErrorCode} the caller is answered
 * with ({@code 401 invalid_token|token_expired|invalid_signature}, {@code 403 blocked_scope|revoked|origin_mismatch},
 * {@code 429 rate_limited}) and a finer, stable {@link #reason() reason} for logs and the Recorder, e.g.
 * {@code ttl_too_long} or {@code unknown_kid}.
 */
public class ConsentDenied extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final String reason;

    /**
     * Creates the denial.
     *
     * @param code the seed error code
     * @param reason a stable lower-case reason, e.g. {@code replayed}
     * @param message what is wrong, in plain words (never the token itself)
     */
    public ConsentDenied(ErrorCode code, String reason, String message) {
        super(message, null, false, false);
        this.code = Objects.requireNonNull(code, "code");
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** The seed error code (its HTTP status is {@link ErrorCode#httpStatus()}). */
    public ErrorCode code() {
        return code;
    }

    /** The fine reason, e.g. {@code clock_skew}, {@code unknown_kid}, {@code replayed}. */
    public String reason() {
        return reason;
    }
}
