package org.aiverse.session.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.aiverse.contracts.api.FrameType;
import org.aiverse.json.Json;
import org.junit.jupiter.api.Test;

class ParticipantTest {

    /** A connection that keeps what it was sent and never writes it (its queue only grows). */
    static final class Recording implements Link {
        final List<String> sent = new ArrayList<>();
        boolean open = true;

        @Override
        public void send(String text) {
            sent.add(text);
        }

        @Override
        public int pending() {
            return sent.size();
        }

        @Override
        public void close(int code, String reason) {
            open = false;
        }

        @Override
        public boolean open() {
            return open;
        }

        long seq(int i) {
            return ((Number) Json.read(sent.get(i), Map.class).get("seq")).longValue();
        }
    }

    @Test
    void framesCarryStrictlyIncreasingSeqsAndAreReplayedFromTheLastAck() {
        Participant p = new Participant("user", 100, 100);
        Recording first = new Recording();
        p.attach(first, null, 100);
        for (int i = 0; i < 5; i++) {
            p.send(FrameType.EVENT, 1, Map.of("n", i), true);
        }
        assertThat(List.of(first.seq(0), first.seq(4))).containsExactly(1L, 5L);
        p.acked(2);
        p.detach(first);
        p.send(FrameType.STATE, 1, Map.of("state", "paused"), false);

        Recording second = new Recording();
        long from = p.attach(second, 3L, 100);
        assertThat(from).isEqualTo(3);
        assertThat(second.sent).hasSize(3);
        assertThat(List.of(second.seq(0), second.seq(1), second.seq(2))).containsExactly(4L, 5L, 6L);
        assertThat(first.open).isTrue(); // it was already detached
    }

    @Test
    void staleAndDuplicateInboundSeqsAreIgnoredAndAcksComeEveryNFrames() {
        Participant p = new Participant("engine", 100, 100);
        assertThat(p.accept(1, FrameType.EVENT)).isTrue();
        assertThat(p.accept(1, FrameType.EVENT)).isFalse();
        assertThat(p.accept(3, FrameType.EVENT)).isTrue();
        assertThat(p.accept(2, FrameType.EVENT)).isFalse();
        assertThat(p.ackDue(3, 60_000)).isFalse();
        assertThat(p.accept(4, FrameType.ACK)).isTrue();
        assertThat(p.ackDue(3, 60_000)).isFalse(); // acks are not acknowledged
        assertThat(p.accept(5, FrameType.HEARTBEAT)).isTrue();
        assertThat(p.ackDue(3, 60_000)).isTrue();
        assertThat(p.takeAck()).isEqualTo(5);
        assertThat(p.ackDue(3, 0)).isFalse();
        p.accept(6, FrameType.EVENT);
        assertThat(p.ackDue(20, 0)).isTrue(); // T elapsed
    }

    @Test
    void theClockLearnsInOneCallWhetherAnAckAHeartbeatAProbeOrADisconnectIsDue() {
        long interval = 5_000_000_000L;
        StreamClock clock = new StreamClock(3, 60_000, interval, 3, 120_000_000_000L);
        Participant p = new Participant("engine", 100, 100);
        long now = System.nanoTime();
        assertThat(p.due(clock, now)).as("just connected").isZero();
        p.accept(1, FrameType.EVENT);
        p.accept(2, FrameType.EVENT);
        assertThat(p.due(clock, now)).isZero();
        p.accept(3, FrameType.EVENT);
        assertThat(p.due(clock, now)).isEqualTo(Participant.DUE_ACK);
        p.takeAck();
        long later = System.nanoTime() + interval;
        assertThat(p.due(clock, later)).isEqualTo(Participant.DUE_HEARTBEAT | Participant.DUE_PING);
        assertThat(p.due(clock, later)).as("the probe is marked sent").isEqualTo(Participant.DUE_HEARTBEAT);
        assertThat(p.due(clock, System.nanoTime() + 3 * interval) & Participant.DUE_TIMEOUT)
                .as("three intervals without a word from the client")
                .isEqualTo(Participant.DUE_TIMEOUT);
    }

    @Test
    void hardBackpressureDropsOnlyDroppableNonCriticalFrames() {
        Participant p = new Participant("observer", 100, 2);
        Recording link = new Recording();
        p.attach(link, null, 2);
        assertThat(p.send(FrameType.EVENT, 1, Map.of(), true)).isEqualTo(1);
        assertThat(p.send(FrameType.EVENT, 1, Map.of(), true)).isEqualTo(2);
        assertThat(p.send(FrameType.EVENT, 1, Map.of(), true)).isZero();
        assertThat(p.send(FrameType.STATE, 1, Map.of(), true)).isEqualTo(3);
        assertThat(p.send(FrameType.HEARTBEAT, 1, Map.of(), true)).isEqualTo(4);
        assertThat(p.send(FrameType.INTENT, 1, Map.of(), false)).isEqualTo(5);
        assertThat(p.dropped()).isEqualTo(1);
    }

    @Test
    void theRoundTripIsMeasuredByPingsOncePerIntervalAndThePeersOwnFigureIsAFallback() {
        Participant p = new Participant("engine", 100, 100);
        assertThat(p.rttMillis()).isNegative();
        p.reportedRtt(42.5);
        assertThat(p.rttMillis()).isEqualTo(42.5);

        long now = System.nanoTime();
        long interval = 5_000_000_000L;
        assertThat(p.pingDue(interval, now)).isFalse(); // a new participant waits one interval
        assertThat(p.pingDue(interval, now + interval + 1)).isTrue();
        assertThat(p.pingDue(interval, now + interval + 2)).isFalse();

        p.pong(System.nanoTime() - 3_000_000L); // a pong for a ping sent 3 ms ago
        assertThat(p.rttMillis()).isBetween(3.0, 1_000.0);
        p.pong(System.nanoTime() + 1_000_000_000L); // a stamp from the future is not a measure
        assertThat(p.rttMillis()).isBetween(3.0, 1_000.0);
    }
}
