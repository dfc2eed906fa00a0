package org.aiverse.contracts.api;

import org.aiverse.contracts.Checks;
import org.aiverse.contracts.ValidationException;

/**
 * The error envelope of every failed request (seed 5.8, Frozen; DESIGN §2):
 * {@code {"error":{"code","message","corr_id"}}}, sent with {@link ErrorCode#httpStatus()}.
 *
 * @param error the error, required
 */
public record ApiError(Detail error) {

    /** Validates. */
    public ApiError {
        Checks.requireNonNull(error, "error");
    }

    /** Returns an error envelope. */
    public static ApiError of(ErrorCode code, String message, String corrId) {
        return new ApiError(new Detail(code, message, corrId));
    }

    /** Returns the {@code validation_error} envelope of a validation failure; the message names the field. */
    public static ApiError of(ValidationException e, String corrId) {
        return of(ErrorCode.VALIDATION_ERROR, e.getMessage(), corrId);
    }

    /** Returns the HTTP status to send this error with. */
    public int httpStatus() {
        return error.code().httpStatus();
    }

    /**
     * The body of an error (seed 5.8 {@code error}).
     *
     * @param code the error code, required
     * @param message human-readable message without internals, required
     * @param corrId correlation id of the request ({@code corr_id}); optional
     */
    public record Detail(ErrorCode code, String message, String corrId) {

        /** Validates. */
        public Detail {
            Checks.requireNonNull(code, "code");
            Checks.requireNonNull(message, "message");
        }
    }
}
