package org.aiverse.recorder.internal;

/** A redaction or deletion refused because a legal hold is in force (seed 7.4). */
final class LegalHoldException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    LegalHoldException(String message) {
        super(message);
    }
}
