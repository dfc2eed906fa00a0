package org.aiverse.recorder.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The append state of one session: its last seq and hash, the running digest of its open checkpoint window, and
 * the lock that serializes its appends. When a write fails the state is marked stale and reloaded from the
 * database; the epoch tells the writer which queued appends were computed on the old state.
 */
final class SessionChain {

    final String sessionId;
    final ReentrantLock lock = new ReentrantLock();
    final AtomicLong epoch = new AtomicLong();
    final int writer;

    volatile boolean stale = true;
    long lastSeq;
    String lastHash;
    long lastTs;
    int interval;
    long windowFrom;
    final MessageDigest window = EventHashing.newDigest();

    SessionChain(String sessionId, int writer) {
        this.sessionId = sessionId;
        this.writer = writer;
    }

    /** Called by the writer after a failed commit: the queued appends of this epoch are void. */
    void invalidate(long failedEpoch) {
        stale = true;
        epoch.compareAndSet(failedEpoch, failedEpoch + 1);
    }

    /** Adds an appended hash to the open checkpoint window. */
    void addToWindow(String hash) {
        window.update(hash.getBytes(StandardCharsets.US_ASCII));
    }
}
