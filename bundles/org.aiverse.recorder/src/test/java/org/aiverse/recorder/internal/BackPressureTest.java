package org.aiverse.recorder.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.aiverse.contracts.api.ChainVerification;
import org.aiverse.contracts.recorder.Actor;
import org.aiverse.contracts.recorder.EventType;
import org.aiverse.contracts.recorder.SessionEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Back pressure lands on percepts, not on work in flight: with the writer held in its first commit and the queue
 * full, a percept waits for room (without holding its session's chain), while the session's intents and action
 * results still append at once, up to an overdraft as large as the queue; past that they wait too. When the
 * writer goes on, everything is recorded and the chain verifies. The edge can ask first ({@code congested}) and shed a
 * percept instead of waiting.
 */
class BackPressureTest {

    private static final int CAPACITY = 4;
    private static final String SESSION = "s_bp";

    @TempDir
    Path tmp;

    @Test
    void perceptsWaitForRoomWhileWorkInFlightGoesOn() throws Exception {
        HeldWriter db = new HeldWriter(TestDatabases.derby());
        try (RecorderEngine engine = new RecorderEngine(
                db,
                FileMediaStore.open(tmp.resolve("media")),
                CheckpointSigner.ephemeral(),
                new RecorderEngine.Settings(256, 1, 1, CAPACITY),
                java.time.Clock.systemUTC())) {
            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
                List<CompletableFuture<SessionEvent>> all = new ArrayList<>();
                all.add(append(engine, EventType.PERCEPT, 0));
                db.writerEntered.await(); // the writer took the first append and is held in its commit
                for (int i = 1; i <= CAPACITY; i++) {
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

                // the queue is full and a percept waits, yet the session's work in flight appends at once
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
                for (CompletableFuture<SessionEvent> f : all) {
                    f.get(30, TimeUnit.SECONDS);
                }
                assertThat(engine.congested(SESSION))
                        .as("room again once written")
                        .isFalse();
                all.add(latePercept.get());
                all.add(lateAction.get());
                for (CompletableFuture<SessionEvent> f : all) {
                    f.get(30, TimeUnit.SECONDS);
                }
                ChainVerification v = engine.verify(SESSION);
                assertThat(v.ok()).isTrue();
                assertThat(v.verified()).isEqualTo(CAPACITY + 1 + 1 + CAPACITY + 1);
                // the actions appended while the percept waited come before it in the chain
                List<Long> seqOf = all.stream().map(f -> f.join().seq()).toList();
                long perceptSeq = latePercept.get().join().seq();
                assertThat(seqOf.subList(CAPACITY + 1, 2 * CAPACITY + 1)).allMatch(s -> s < perceptSeq);
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

    /** A DataSource whose recorder writer is held in its first connection until released. */
    private static final class HeldWriter implements DataSource {
        final DataSource delegate;
        final CountDownLatch writerEntered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        HeldWriter(DataSource delegate) {
            this.delegate = delegate;
        }

        @Override
        public Connection getConnection() throws SQLException {
            if (Thread.currentThread().getName().startsWith("aiverse-recorder-writer")) {
                writerEntered.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SQLException("interrupted", e);
                }
            }
            return delegate.getConnection();
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
            return getConnection();
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {}

        @Override
        public void setLoginTimeout(int seconds) {}

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return false;
        }
    }
}
