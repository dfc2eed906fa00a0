package org.aiverse.session.api;

import org.aiverse.contracts.api.SessionState;

/** A lifecycle transition was asked of a session in the wrong state ({@code 409 conflict}, seed 5.8). */
public class SessionConflictException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final transient SessionState state;

    /**
     * Creates the exception.
     *
     * @param state the session's current state
     * @param message what was asked, in plain words
     */
    public SessionConflictException(SessionState state, String message) {
        super(message);
        this.state = state;
    }

    /** The session's state when the transition was refused. */
    public SessionState state() {
        return state;
    }
}
