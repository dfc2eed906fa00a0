package org.aiverse.rest;

import org.aiverse.contracts.api.ErrorCode;

/**
 * Ends a REST call with a seed error (section 5.8): the status of {@code code} and the body
 * {@code {"error":{"code","message","corr_id"}}}.
 */
public class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;

    public ApiException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    /** The seed error code. */
    public ErrorCode code() {
        return code;
    }
}
