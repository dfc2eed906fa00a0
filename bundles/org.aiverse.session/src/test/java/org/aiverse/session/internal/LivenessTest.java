package org.aiverse.session.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LivenessTest {

    private static final long LEASE = TimeUnit.SECONDS.toNanos(5);

    private long now = 1_000;
    private final Liveness liveness = new Liveness(LEASE, () -> now);

    private static SessionDirectory.Node node(String id, long beat, long wallClock) {
        return new SessionDirectory.Node(id, "http://" + id, beat, wallClock);
    }

    @Test
    void aNodeIsAliveWhileItsBeatMovesWhateverItsWallClockSays() {
        // b's wall clock is an hour behind and never advances: only its beat matters
        for (int beat = 0; beat < 20; beat++) {
            liveness.observe(List.of(node("a", beat, System.currentTimeMillis()), node("b", beat, 0)));
            now += TimeUnit.SECONDS.toNanos(1);
            assertThat(liveness.alive("a")).isTrue();
            assertThat(liveness.alive("b")).isTrue();
        }
    }

    @Test
    void aNodeWhoseBeatStoppedIsDeadAfterOneLeaseOfTheObserversClock() {
        liveness.observe(List.of(node("a", 7, 0), node("b", 3, Long.MAX_VALUE)));
        now += LEASE - 1;
        liveness.observe(List.of(node("a", 8, 0), node("b", 3, Long.MAX_VALUE)));
        assertThat(liveness.alive("b")).as("a lease has not passed yet").isTrue();
        now += 1;
        List<SessionDirectory.Node> nodes = List.of(node("a", 8, 0), node("b", 3, Long.MAX_VALUE));
        liveness.observe(nodes);
        assertThat(liveness.dead(nodes)).extracting(SessionDirectory.Node::id).containsExactly("b");
        assertThat(liveness.alive("a")).isTrue();
    }

    @Test
    void aNodeSeenForTheFirstTimeGetsALeaseBeforeItCanBeJudgedDead() {
        now += TimeUnit.HOURS.toNanos(1);
        liveness.observe(List.of(node("old", 41, 0)));
        assertThat(liveness.alive("old")).isTrue();
        now += LEASE;
        assertThat(liveness.alive("old")).isFalse();
    }

    @Test
    void aDeadNodeThatBeatsAgainIsAliveAndANodeWithoutARowIsNot() {
        liveness.observe(List.of(node("a", 1, 0)));
        now += LEASE;
        assertThat(liveness.alive("a")).isFalse();
        liveness.observe(node("a", 2, 0));
        assertThat(liveness.alive("a")).isTrue();
        liveness.observe(List.of());
        assertThat(liveness.alive("a")).as("its row is gone").isFalse();
        assertThat(liveness.alive("never-seen")).isFalse();
    }
}
