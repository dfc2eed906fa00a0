package org.aiverse.session.internal;

/** One WebSocket connection as the stream sees it: text out, in order, without blocking; and close. */
interface Link {

    /** Queues a text frame; never blocks. */
    void send(String text);

    /** Frames queued and not yet written. */
    int pending();

    /** Closes with a WebSocket close code and reason. */
    void close(int code, String reason);

    /** Whether it is still open. */
    boolean open();

    /**
     * Sends a WebSocket ping carrying {@code stamp}; the pong, when it comes, goes to {@link Participant#pong}.
     * Links without control frames ignore it.
     */
    default void ping(long stamp) {}
}
