package org.aiverse.core.internal;

import static org.aiverse.core.internal.Fixtures.TS;
import static org.aiverse.core.internal.Fixtures.greeting;
import static org.aiverse.core.internal.Fixtures.percept;
import static org.aiverse.core.internal.Fixtures.task;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.aiverse.contracts.api.BackpressureLevel;
import org.aiverse.contracts.api.DropHint;
import org.aiverse.contracts.percept.Percept;
import org.aiverse.contracts.percept.PerceptSource;
import org.aiverse.contracts.percept.PerceptType;
import org.aiverse.core.api.CoreSession.Outcome;
import org.junit.jupiter.api.Test;

class PerceptQueueTest {

    static Percept prox(String id, int d) {
        return percept(id, PerceptType.PROXIMITY, PerceptSource.ENGINE, Map.of("entity", "e" + d, "distance_m", d));
    }

    @Test
    void mergesDuplicatesKeepingTheirPlace() {
        PerceptQueue q = new PerceptQueue(10, 0, System::nanoTime);
        assertThat(q.offer(greeting("a"), null)).isEqualTo(Outcome.ACCEPTED);
        assertThat(q.offer(task("b", "shop"), null)).isEqualTo(Outcome.ACCEPTED);
        Percept later = new Percept(
                "c", PerceptType.CHAT, PerceptSource.NPC, Map.of("speaker", "npc_42", "text", "hello"), TS + 5);
        assertThat(q.offer(later, null)).isEqualTo(Outcome.MERGED);
        assertThat(q.size()).isEqualTo(2);
        PerceptQueue.Entry first = q.poll();
        assertThat(first.percept().id()).isEqualTo("c");
        assertThat(first.merged()).isEqualTo(1);
        assertThat(q.mergedCount()).isEqualTo(1);
    }

    @Test
    void fullQueueDropsLowPriorityFirstAndSignalsBackpressure() {
        PerceptQueue q = new PerceptQueue(4, 0, System::nanoTime);
        assertThat(q.backpressure().level()).isEqualTo(BackpressureLevel.NONE);
        q.offer(prox("p1", 1), null);
        q.offer(prox("p2", 2), null);
        assertThat(q.backpressure().level()).isEqualTo(BackpressureLevel.SOFT);
        assertThat(q.backpressure().dropHint()).isEqualTo(DropHint.DUPLICATE);
        q.offer(greeting("g"), null);
        q.offer(task("t", "shop"), null);
        assertThat(q.backpressure().level()).isEqualTo(BackpressureLevel.HARD);
        assertThat(q.backpressure().dropHint()).isEqualTo(DropHint.LOW_PRIORITY);
        // a low-priority newcomer has nothing lower to displace: dropped
        assertThat(q.offer(prox("p3", 3), null)).isEqualTo(Outcome.DROPPED);
        // a chat displaces the oldest proximity percept
        assertThat(q.offer(percept("g2", PerceptType.CHAT, PerceptSource.USER, Map.of("text", "hi")), null))
                .isEqualTo(Outcome.ACCEPTED);
        assertThat(q.size()).isEqualTo(4);
        assertThat(q.poll().percept().id()).isEqualTo("p2");
        assertThat(q.droppedCount()).isEqualTo(2);
        assertThat(q.backpressure().queueDepth()).isEqualTo(3);
    }

    @Test
    void fullOfChatsDropsChatsAndCountsStayRightAcrossPollsAndClears() {
        PerceptQueue q = new PerceptQueue(3, 0, System::nanoTime);
        q.offer(prox("p1", 1), null);
        q.offer(chat("c1"), null);
        q.offer(chat("c2"), null);
        assertThat(q.offer(chat("c3"), null)).isEqualTo(Outcome.ACCEPTED); // displaces p1
        assertThat(q.offer(chat("c4"), null)).isEqualTo(Outcome.DROPPED); // nothing lower left
        assertThat(q.poll().percept().id()).isEqualTo("c1");
        assertThat(q.offer(prox("p2", 2), null)).isEqualTo(Outcome.ACCEPTED);
        assertThat(q.offer(chat("c5"), null)).isEqualTo(Outcome.ACCEPTED); // displaces p2
        assertThat(q.offer(prox("p3", 3), null)).isEqualTo(Outcome.DROPPED);
        q.clear();
        q.offer(prox("p4", 4), null);
        q.offer(chat("c6"), null);
        q.offer(chat("c7"), null);
        assertThat(q.offer(chat("c8"), null)).isEqualTo(Outcome.ACCEPTED); // displaces p4
        assertThat(q.droppedCount()).isEqualTo(5);
    }

    @Test
    void stalePerceptsAreDroppedWhenTheirTurnComesAndBackpressureSaysOld() {
        long[] now = {0};
        PerceptQueue q = new PerceptQueue(4, 2_000_000_000L, () -> now[0]);
        q.offer(chat("c1"), null);
        q.offer(chat("c2"), null);
        now[0] = 1_500_000_000L;
        q.offer(chat("c3"), null);
        q.offer(chat("c4"), null);
        // c1 and c2 waited 2.5 s, c3 and c4 1 s: the two old ones go unperceived
        now[0] = 2_500_000_000L;
        assertThat(q.backpressure().dropHint()).isEqualTo(DropHint.LOW_PRIORITY);
        assertThat(q.poll().percept().id()).isEqualTo("c3");
        assertThat(q.expiredCount()).isEqualTo(2);
        assertThat(q.droppedCount()).isEqualTo(2);
        q.offer(chat("c5"), null);
        q.offer(chat("c6"), null);
        q.offer(chat("c7"), null);
        assertThat(q.backpressure().level()).isEqualTo(BackpressureLevel.HARD);
        assertThat(q.backpressure().dropHint()).isEqualTo(DropHint.OLD);
        // a duplicate refreshes the percept it merges into: it keeps its place and its age starts again
        now[0] = 4_000_000_000L;
        Percept again = new Percept("c4b", PerceptType.CHAT, PerceptSource.USER, Map.of("text", "line c4"), TS + 9);
        assertThat(q.offer(again, null)).isEqualTo(Outcome.MERGED);
        assertThat(q.poll().percept().id()).isEqualTo("c4b");
        assertThat(q.backpressure().dropHint()).isEqualTo(DropHint.DUPLICATE); // fresh again, three queued
        // c5, c6 and c7 waited 2.5 s by now: nothing fresh is left
        now[0] = 5_000_000_000L;
        assertThat(q.poll()).isNull();
        assertThat(q.expiredCount()).isEqualTo(5);
        assertThat(q.isEmpty()).isTrue();
    }

    @Test
    void perceptsDoNotAgeWhileTheLoopWaitsForTheWorld() {
        long[] now = {0};
        PerceptQueue q = new PerceptQueue(4, 2_000_000_000L, () -> now[0]);
        q.hold(true); // the loop's intent is being performed: three seconds of speech
        now[0] = 500_000_000L;
        q.offer(chat("c1"), null); // the user speaks meanwhile
        now[0] = 3_000_000_000L;
        q.hold(false);
        q.hold(false); // idempotent
        now[0] = 4_000_000_000L;
        // c1 waited 3.5 s, but only 1 s of it for the loop: it is answered
        assertThat(q.poll().percept().id()).isEqualTo("c1");
        assertThat(q.expiredCount()).isZero();

        q.offer(chat("c2"), null);
        now[0] = 4_500_000_000L;
        q.hold(true);
        now[0] = 9_000_000_000L;
        q.hold(false);
        now[0] = 10_500_000_000L;
        q.offer(chat("c3"), null);
        now[0] = 11_000_000_000L;
        // c2 waited 7 s, 2.5 s of it for the loop (half a second before the hold, two after it): stale; c3 is fresh
        assertThat(q.poll().percept().id()).isEqualTo("c3");
        assertThat(q.expiredCount()).isEqualTo(1);
    }

    private static org.aiverse.contracts.percept.Percept chat(String id) {
        return percept(id, PerceptType.CHAT, PerceptSource.USER, Map.of("text", "line " + id));
    }
}
