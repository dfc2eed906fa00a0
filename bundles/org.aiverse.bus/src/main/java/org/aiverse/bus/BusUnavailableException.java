package org.aiverse.bus;

/** The broker cannot be reached now; the bus keeps reconnecting by itself. */
public final class BusUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BusUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
