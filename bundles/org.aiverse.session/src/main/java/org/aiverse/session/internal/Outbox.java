package org.aiverse.session.internal;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * A connection's outgoing text frames: any thread queues a frame and returns at once; a writer thread writes them
 * to the connection one at a time, in queue order, and closes it after the last one when asked to.
 *
 * <p>The frames of every session are sent from the session's own threads: the adapter's scheduler, the session
 * pool, the Core's decision thread. Jetty's asynchronous {@code sendText} still flushes on its calling thread, and
 * while the socket accepts it, keeps flushing whatever else is queued behind: under load those threads sat in socket
 * writes while a hot swap waited for the action they were running (issue 8). Here only the writer threads touch the
 * socket.
 */
final class Outbox {

    /** The connection itself. */
    interface Sink {
        /**
         * Starts writing {@code text}; {@code done} runs once it is written or failed, on any thread, possibly
         * before this returns. Throws when the connection cannot take it.
         */
        void write(String text, Runnable done);

        /** Closes the connection with a WebSocket close code and reason. */
        void shut(int code, String reason);
    }

    /** Frames one writer task writes before the other connections get their turn. */
    static final int BATCH = 32;

    private final Sink sink;
    private final Executor writer;
    private final ArrayDeque<String> queue = new ArrayDeque<>();
    /** A write of this outbox is handed to the writer or under way. */
    private boolean busy;
    /** A frame is being written (taken from the queue, not yet done). */
    private boolean writing;
    /** The writer thread is inside {@code sink.write}. */
    private boolean inWrite;
    /** The write finished before {@code sink.write} returned: the writer goes on with the next frame. */
    private boolean doneInline;

    private boolean closing;
    private boolean shut;
    private int closeCode;
    private String closeReason;

    Outbox(Sink sink, Executor writer) {
        this.sink = sink;
        this.writer = writer;
    }

    /**
     * Queues a frame; never blocks and never writes on the caller's thread.
     *
     * @return false when the outbox is closing and the frame was discarded
     */
    boolean offer(String text) {
        synchronized (this) {
            if (closing) {
                return false;
            }
            queue.addLast(text);
            if (busy) {
                return true;
            }
            busy = true;
        }
        schedule();
        return true;
    }

    /** Closes the connection once the frames queued before are written; later frames are discarded. */
    void close(int code, String reason) {
        synchronized (this) {
            if (closing) {
                return;
            }
            closing = true;
            closeCode = code;
            closeReason = reason;
            if (busy) {
                return;
            }
            busy = true;
        }
        schedule();
    }

    /** Frames queued and not yet written, the one being written included. */
    synchronized int pending() {
        return queue.size() + (writing ? 1 : 0);
    }

    synchronized boolean closing() {
        return closing;
    }

    private void schedule() {
        try {
            writer.execute(this::next);
        } catch (RejectedExecutionException e) {
            abandon(1001, "going away"); // the writers are gone: the endpoint is going away
        }
    }

    /** Discards what is queued and closes the connection now. */
    private void abandon(int code, String reason) {
        synchronized (this) {
            queue.clear();
            writing = false;
            inWrite = false;
            busy = false;
            closing = true;
            if (shut) {
                return;
            }
            shut = true;
            if (closeReason != null) {
                code = closeCode;
                reason = closeReason;
            }
        }
        sink.shut(code, reason);
    }

    /**
     * On a writer thread: writes the queued frames while the socket takes them at once, up to {@link #BATCH} (then
     * the other connections get their turn), and closes when none is left and a close was asked. A write that does
     * not finish at once hands the rest to its completion.
     */
    private void next() {
        for (int i = 0; i < BATCH; i++) {
            String text;
            boolean shutNow = false;
            synchronized (this) {
                text = queue.pollFirst();
                writing = text != null;
                inWrite = writing;
                doneInline = false;
                if (text == null) {
                    busy = false;
                    shutNow = closing && !shut;
                    shut |= shutNow;
                }
            }
            if (text == null) {
                if (shutNow) {
                    sink.shut(closeCode, closeReason);
                }
                return;
            }
            try {
                sink.write(text, this::written);
            } catch (RuntimeException e) {
                abandon(1011, "write failed");
                return;
            }
            synchronized (this) {
                inWrite = false;
                if (!doneInline) {
                    return; // written() goes on when the socket is done
                }
            }
        }
        schedule();
    }

    /** A write finished, during {@code sink.write} or later on Jetty's thread (then the writers go on). */
    private void written() {
        synchronized (this) {
            writing = false;
            if (inWrite) {
                doneInline = true;
                return;
            }
        }
        schedule();
    }
}
