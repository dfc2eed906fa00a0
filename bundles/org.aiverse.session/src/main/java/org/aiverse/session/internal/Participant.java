package org.aiverse.session.internal;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Map;
import org.aiverse.contracts.api.FrameType;
import org.aiverse.json.Json;

/**
 * One participant of a session's stream (the engine, a user's HUD, an observer), across its reconnects (seed
 * 5.4): its outbound {@code seq} with the frames it has not acknowledged yet (replayed when it comes back within
 * the resume window), the highest inbound {@code seq} it sent (stale and duplicate frames are ignored), and the
 * ack and heartbeat clocks. Thread-safe: every method locks the participant.
 */
final class Participant {

    /** A frame sent and not yet acknowledged. */
    record Sent(long seq, FrameType type, String text) {}

    private final String name;
    private final int replayLimit;
    private final ArrayDeque<Sent> unacked = new ArrayDeque<>();
    private long outSeq;
    private long peerAck;
    private long inSeq;
    private int sinceAck;
    private long firstUnackedNanos;
    private long lastInNanos = System.nanoTime();
    private long lastOutNanos = System.nanoTime();
    private long lastPingNanos = System.nanoTime();
    private double rttMillis = -1;
    private double reportedRttMillis = -1;
    private long detachedNanos = System.nanoTime();
    private int queueDepth;
    private Link link;
    private long dropped;
    private long replayLost;
    private java.util.concurrent.CompletableFuture<?> lastRecording;

    Participant(String name, int replayLimit, int queueDepth) {
        this.name = name;
        this.replayLimit = replayLimit;
        this.queueDepth = queueDepth;
    }

    String name() {
        return name;
    }

    /**
     * Attaches a new connection, replacing any previous one, and replays every frame after {@code lastSeq} (the
     * client's last acknowledged {@code seq}; the last ack the server saw when {@code null}).
     *
     * @return the seq the replay starts after
     */
    synchronized long attach(Link newLink, Long lastSeq, int depth) {
        Link old = link;
        link = newLink;
        queueDepth = depth;
        if (old != null && old != newLink && old.open()) {
            old.close(4000, "replaced by a newer connection");
        }
        long from = lastSeq == null ? peerAck : Math.max(lastSeq, 0);
        if (from > outSeq && unacked.isEmpty()) {
            // the client was acknowledged up to lastSeq by the session's earlier owner (another node, before a
            // failover): continue its numbering, so that nothing new looks stale to it
            outSeq = from;
        }
        acked(from);
        lastInNanos = System.nanoTime();
        lastOutNanos = System.nanoTime();
        for (Sent s : unacked) {
            newLink.send(s.text());
        }
        return from;
    }

    /** The recorder's append of the participant's latest percept (its ack waits for it: durable first). */
    synchronized void recording(java.util.concurrent.CompletableFuture<?> append) {
        lastRecording = append;
    }

    synchronized java.util.concurrent.CompletableFuture<?> lastRecording() {
        return lastRecording;
    }

    /** Detaches a connection that closed (no-op when another one replaced it). */
    synchronized void detach(Link closed) {
        if (link == closed) {
            link = null;
            detachedNanos = System.nanoTime();
        }
    }

    synchronized boolean connected() {
        return link != null && link.open();
    }

    synchronized Link link() {
        return link;
    }

    /** Nanoseconds since the last connection went away; 0 while connected. */
    synchronized long detachedForNanos() {
        return link == null ? System.nanoTime() - detachedNanos : 0;
    }

    /**
     * Sends a frame: assigns the next {@code seq}, keeps it for replay until acknowledged and writes it when
     * connected. Under hard backpressure (the connection's queue at its negotiated depth) a non-critical,
     * droppable frame is dropped instead (seed 5.4: {@code state, error, ack, heartbeat} never are).
     *
     * @return the frame's seq, or 0 when dropped
     */
    synchronized long send(FrameType type, long ts, Map<String, Object> payload, boolean droppable) {
        if (droppable && !type.critical() && link != null && link.pending() >= queueDepth) {
            dropped++;
            return 0;
        }
        long seq = ++outSeq;
        Map<String, Object> frame = new java.util.LinkedHashMap<>();
        frame.put("type", type.wire());
        frame.put("seq", seq);
        frame.put("ts", ts);
        frame.put("payload", payload);
        String text = Json.write(frame);
        unacked.addLast(new Sent(seq, type, text));
        while (unacked.size() > replayLimit) {
            unacked.removeFirst();
            replayLost++;
        }
        if (link != null) {
            link.send(text);
            lastOutNanos = System.nanoTime();
        }
        return seq;
    }

    /** The peer acknowledged every frame up to {@code ackSeq}. */
    synchronized void acked(long ackSeq) {
        if (ackSeq > outSeq) {
            ackSeq = outSeq;
        }
        if (ackSeq > peerAck) {
            peerAck = ackSeq;
        }
        Iterator<Sent> it = unacked.iterator();
        while (it.hasNext() && it.next().seq() <= peerAck) {
            it.remove();
        }
    }

    /**
     * Accepts an inbound frame's seq: false for a stale or duplicate one, which the receiver ignores (seed 5.4).
     * Counts it toward the next ack unless it is itself an ack.
     */
    synchronized boolean accept(long seq, FrameType type) {
        lastInNanos = System.nanoTime();
        if (seq <= inSeq) {
            return false;
        }
        inSeq = seq;
        if (type != FrameType.ACK) {
            if (sinceAck == 0) {
                firstUnackedNanos = System.nanoTime();
            }
            sinceAck++;
        }
        return true;
    }

    /** Whether an ack is due: {@code every} frames received, or the oldest unacknowledged one {@code millis} old. */
    synchronized boolean ackDue(int every, long millis) {
        return sinceAck > 0 && (sinceAck >= every || System.nanoTime() - firstUnackedNanos >= millis * 1_000_000L);
    }

    /** Marks the received frames as acknowledged and returns the seq to acknowledge. */
    synchronized long takeAck() {
        sinceAck = 0;
        return inSeq;
    }

    /**
     * Whether a round-trip probe is due: one per {@code intervalNanos}, whatever the traffic (heartbeats only go
     * out after silence, and a busy stream is where the round trip matters). Marks it sent.
     */
    synchronized boolean pingDue(long intervalNanos, long now) {
        if (now - lastPingNanos < intervalNanos) {
            return false;
        }
        lastPingNanos = now;
        return true;
    }

    /** What {@link #due} owes: an ack. */
    static final int DUE_ACK = 1;
    /** What {@link #due} owes: a heartbeat. */
    static final int DUE_HEARTBEAT = 2;
    /** What {@link #due} owes: a round-trip probe (marked sent). */
    static final int DUE_PING = 4;
    /** What {@link #due} owes: a disconnect, the client having missed its heartbeats. */
    static final int DUE_TIMEOUT = 8;

    /**
     * What the stream clock owes this connected participant at {@code now} (System.nanoTime), as {@code DUE_*} bits
     * read under one lock: an ack ({@link #ackDue}), a heartbeat after a heartbeat interval of silence towards it, a
     * round-trip probe ({@link #pingDue}, marked sent), a disconnect after {@code heartbeatMisses} intervals of
     * silence from it. One lock instead of four: the clock asks every participant ten times a second, while the
     * socket threads send through the same lock.
     */
    synchronized int due(StreamClock clock, long now) {
        long interval = clock.heartbeatNanos();
        int due = 0;
        if (ackDue(clock.ackEvery(), clock.ackMillis())) {
            due |= DUE_ACK;
        }
        if (now - lastOutNanos >= interval) {
            due |= DUE_HEARTBEAT;
        }
        if (pingDue(interval, now)) {
            due |= DUE_PING;
        }
        if (now - lastInNanos >= interval * clock.heartbeatMisses()) {
            due |= DUE_TIMEOUT;
        }
        return due;
    }

    /** The pong of a ping sent at {@code stamp} (System.nanoTime) came back. */
    synchronized void pong(long stamp) {
        long rtt = System.nanoTime() - stamp;
        if (rtt >= 0 && rtt < 600_000_000_000L) {
            rttMillis = rtt / 1e6;
        }
    }

    /** The peer's own measure of the round trip, from its heartbeat's {@code rtt_ms} (seed 5.4). */
    synchronized void reportedRtt(double millis) {
        reportedRttMillis = millis;
    }

    /** The last measured round trip in milliseconds (seed 8.1 {@code ws_rtt_ms}), or negative when unknown. */
    synchronized double rttMillis() {
        return rttMillis >= 0 ? rttMillis : reportedRttMillis;
    }

    synchronized long outSeq() {
        return outSeq;
    }

    synchronized long peerAck() {
        return peerAck;
    }

    synchronized long inSeq() {
        return inSeq;
    }

    synchronized int unackedCount() {
        return unacked.size();
    }

    synchronized long dropped() {
        return dropped;
    }

    synchronized long replayLost() {
        return replayLost;
    }

    synchronized int queueDepth() {
        return queueDepth;
    }
}
