package org.aiverse.adapter.sdk;

import org.aiverse.contracts.adapter.AdapterErrorCode;
import org.aiverse.contracts.intent.Intent;

/**
 * A failure of translation or execution, with the seed's error code (3.3 Adapter Error Codes). A retryable failure
 * is retried with backoff; the last one becomes the {@code ActionResult}, with its {@code fallback} if given.
 */
public class AdapterException extends Exception {
    private static final long serialVersionUID = 1L;

    private final AdapterErrorCode code;
    private final boolean retryable;
    private final transient Intent fallback;

    public AdapterException(AdapterErrorCode code, String message, boolean retryable, Intent fallback) {
        super(message, null, false, false);
        this.code = code;
        this.retryable = retryable;
        this.fallback = fallback;
    }

    /** A failure that retrying will not mend ({@code invalid_target}, {@code not_supported}, ...). */
    public static AdapterException permanent(AdapterErrorCode code, String message) {
        return new AdapterException(code, message, false, null);
    }

    /** A failure worth retrying ({@code engine_error}, {@code busy}, {@code rate_limited}). */
    public static AdapterException retryable(AdapterErrorCode code, String message) {
        return new AdapterException(code, message, true, null);
    }

    /** A copy that proposes a safe alternative intent when it finally fails. */
    public AdapterException withFallback(Intent alternative) {
        return new AdapterException(code, getMessage(), retryable, alternative);
    }

    public AdapterErrorCode code() {
        return code;
    }

    public boolean retryable() {
        return retryable;
    }

    public Intent fallback() {
        return fallback;
    }
}
