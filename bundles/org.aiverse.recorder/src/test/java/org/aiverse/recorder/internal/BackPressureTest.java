package org.aiverse.recorder.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.aiverse.contracts.api.ChainVerification;
import org.aiverse.contracts.recorder.Actor;
import org.aiverse.contracts.recorder.EventType;
import org.aiverse.contracts.recorder.SessionEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Back pressure lands on percepts, not on work in flight: with the writer held in its first commit and the room for
 * new work used up, a percept waits for room (without holding its session's chain), while the session's intents and
 * action results still append at once, up to an overdraft larger than the room; past that they wait too. When the
 * writer goes on, everything is recorded and the chain verifies. The edge can ask first ({@code congested}) and shed a
 * percept instead of waiting.
 */
class BackPressureTest {

    /** Room for new work: percepts beyond it wait. */
    private static final int INGRESS = 2;
    /** The overdraft of work in flight beyond that. */
    private static final int CAPACITY = 4;

    private static final String SESSION = "s_bp";

    @TempDir
    Path tmp;

    @Test
    void perceptsWaitForRoomWhileWorkInFlightGoesOn() throws Exception {
        HeldWriter db = new HeldWriter(TestDatabases.derby());
        try (RecorderEngine engine = new RecorderEngine(
                db.dataSource,
                FileMediaStore.open(tmp.resolve("media")),
                CheckpointSigner.ephemeral(),
                new RecorderEngine.Settings(256, 1, 1, INGRESS, CAPACITY),
                java.time.Clock.systemUTC())) {
            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
                List<CompletableFuture<SessionEvent>> all = new ArrayList<>();
                all.add(append(engine, EventType.PERCEPT, 0));
                db.writerEntered.await(); // the writer took the first append and is held in its commit
                for (int i = 1; i <= INGRESS; i++) {
                    assertThat(engine.congested(SESSION))
                            .as("room for percept %s", i)
                            .isFalse();
                    all.add(append(engine, EventType.PERCEPT, i)); // fills the queue
                }
                assertThat(engine.congested(SESSION))
                        .as("the edge is told before a percept would wait")
                        .isTrue();

                AtomicReference<CompletableFuture<SessionEvent>> latePercept = new AtomicReference<>();
                Thread percept = new Thread(() -> latePercept.set(append(engine, EventType.PERCEPT, 99)), "percept");
                percept.start();
                awaitParked(percept);

                // the room is used up and a percept waits, yet the session's work in flight appends at once, and
                // more of it than the room holds
                for (int i = 0; i < CAPACITY; i++) {
                    all.add(append(engine, i % 2 == 0 ? EventType.INTENT : EventType.ACTION, 100 + i));
                }
                assertThat(percept.getState()).isEqualTo(Thread.State.WAITING);

                // past the overdraft, work in flight waits too: memory stays bounded
                AtomicReference<CompletableFuture<SessionEvent>> lateAction = new AtomicReference<>();
                Thread action = new Thread(() -> lateAction.set(append(engine, EventType.ACTION, 200)), "action");
                action.start();
                awaitParked(action);

                db.release.countDown();
                percept.join();
                action.join();
                all.add(latePercept.get());
                all.add(lateAction.get());
                for (CompletableFuture<SessionEvent> f : all) {
                    f.get(30, TimeUnit.SECONDS);
                }
                // the late percept and action each took a permit (the room holds two): free again once written
                assertThat(engine.congested(SESSION))
                        .as("room again once written")
                        .isFalse();
                ChainVerification v = engine.verify(SESSION);
                assertThat(v.ok()).isTrue();
                assertThat(v.verified()).isEqualTo(INGRESS + 1 + 1 + CAPACITY + 1);
                // the actions appended while the percept waited come before it in the chain
                List<Long> seqOf = all.stream().map(f -> f.join().seq()).toList();
                long perceptSeq = latePercept.get().join().seq();
                assertThat(seqOf.subList(INGRESS + 1, INGRESS + CAPACITY + 1)).allMatch(s -> s < perceptSeq);
            });
        }
    }

    private static CompletableFuture<SessionEvent> append(RecorderEngine engine, EventType type, int n) {
        Actor actor = type == EventType.PERCEPT ? Actor.USER : Actor.AI;
        return engine.appendAsync(SESSION, actor, type, Map.of("n", n)).toCompletableFuture();
    }

    /** Waits until a thread parks (waiting for room); fails the test when it ends first. */
    private static void awaitParked(Thread t) {
        while (t.getState() != Thread.State.WAITING) {
            assertThat(t.isAlive()).as("%s should wait for room", t.getName()).isTrue();
            Thread.onSpinWait();
        }
    }

    /** The database, with the recorder's writer held in its first connection until released. */
    private static final class HeldWriter {
        final CountDownLatch writerEntered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final DataSource dataSource;

        HeldWriter(DataSource delegate) {
            this.dataSource = (DataSource) Proxy.newProxyInstance(
                    DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                        if ("getConnection".equals(method.getName())
                                && Thread.currentThread().getName().startsWith("aiverse-recorder-writer")) {
                            writerEntered.countDown();
                            release.await();
                        }
                        try {
                            return method.invoke(delegate, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }
    }
}
