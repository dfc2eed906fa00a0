package org.aiverse.session.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;

class OutboxTest {

    /** An executor that runs nothing until the test says so. */
    static final class Manual implements Executor {
        final ArrayDeque<Runnable> tasks = new ArrayDeque<>();

        @Override
        public void execute(Runnable task) {
            tasks.add(task);
        }

        void runAll() {
            while (!tasks.isEmpty()) {
                tasks.poll().run();
            }
        }
    }

    /** A connection that records what it was given; writes finish at once unless {@code hold} is set. */
    static final class Socket implements Outbox.Sink {
        final List<String> written = new ArrayList<>();
        final ArrayDeque<Runnable> held = new ArrayDeque<>();
        final List<String> shut = new ArrayList<>();
        boolean hold;
        boolean fail;

        @Override
        public void write(String text, Runnable done) {
            if (fail) {
                throw new IllegalStateException("broken pipe");
            }
            written.add(text);
            if (hold) {
                held.add(done);
            } else {
                done.run();
            }
        }

        @Override
        public void shut(int code, String reason) {
            shut.add(code + " " + reason);
        }
    }

    @Test
    void theCallerOnlyQueuesAndTheWriterWritesInOrder() {
        Manual writer = new Manual();
        Socket socket = new Socket();
        Outbox out = new Outbox(socket, writer);

        assertThat(out.offer("a")).isTrue();
        assertThat(out.offer("b")).isTrue();
        assertThat(out.offer("c")).isTrue();
        assertThat(socket.written).isEmpty();
        assertThat(writer.tasks).hasSize(1); // one write under way per connection, whatever the number of frames
        assertThat(out.pending()).isEqualTo(3);

        writer.runAll();
        assertThat(socket.written).containsExactly("a", "b", "c");
        assertThat(out.pending()).isZero();

        out.offer("d");
        assertThat(socket.written).hasSize(3);
        writer.runAll();
        assertThat(socket.written).containsExactly("a", "b", "c", "d");
    }

    @Test
    void aWriterTaskWritesABatchThenLetsTheOtherConnectionsGo() {
        Manual writer = new Manual();
        Socket socket = new Socket();
        Outbox out = new Outbox(socket, writer);
        for (int i = 0; i <= Outbox.BATCH; i++) {
            out.offer("f" + i);
        }
        writer.tasks.poll().run();
        assertThat(socket.written).hasSize(Outbox.BATCH);
        assertThat(writer.tasks).hasSize(1); // the rest is a new task, behind the other connections' ones
        writer.runAll();
        assertThat(socket.written).hasSize(Outbox.BATCH + 1).endsWith("f" + Outbox.BATCH);
    }

    @Test
    void pendingCountsTheFrameBeingWrittenUntilTheSocketIsDone() {
        Manual writer = new Manual();
        Socket socket = new Socket();
        socket.hold = true;
        Outbox out = new Outbox(socket, writer);
        out.offer("a");
        out.offer("b");
        writer.runAll();
        assertThat(socket.written).containsExactly("a");
        assertThat(out.pending()).isEqualTo(2);

        socket.held.poll().run(); // Jetty finished "a", on its own thread
        assertThat(out.pending()).isEqualTo(1);
        assertThat(socket.written).containsExactly("a");
        writer.runAll();
        assertThat(socket.written).containsExactly("a", "b");
        socket.held.poll().run();
        writer.runAll();
        assertThat(out.pending()).isZero();
        assertThat(writer.tasks).isEmpty();
    }

    @Test
    void closeWaitsForTheQueuedFramesAndDiscardsLaterOnes() {
        Manual writer = new Manual();
        Socket socket = new Socket();
        Outbox out = new Outbox(socket, writer);
        out.offer("state");
        out.close(4401, "invalid_token");
        assertThat(out.closing()).isTrue();
        assertThat(out.offer("late")).isFalse();
        out.close(1000, "again");
        assertThat(socket.shut).isEmpty();

        writer.runAll();
        assertThat(socket.written).containsExactly("state");
        assertThat(socket.shut).containsExactly("4401 invalid_token");
    }

    @Test
    void closeWithNothingQueuedStillHappensOnTheWriter() {
        Manual writer = new Manual();
        Socket socket = new Socket();
        Outbox out = new Outbox(socket, writer);
        out.close(1001, "going away");
        assertThat(socket.shut).isEmpty();
        writer.runAll();
        assertThat(socket.shut).containsExactly("1001 going away");
    }

    @Test
    void aFailedWriteDropsTheQueueAndClosesOnce() {
        Manual writer = new Manual();
        Socket socket = new Socket();
        socket.fail = true;
        Outbox out = new Outbox(socket, writer);
        out.offer("a");
        out.offer("b");
        writer.runAll();
        assertThat(socket.shut).containsExactly("1011 write failed");
        assertThat(out.pending()).isZero();
        assertThat(out.offer("c")).isFalse();
        out.close(1000, "bye");
        writer.runAll();
        assertThat(socket.shut).hasSize(1);
    }

    @Test
    void withoutWritersTheConnectionIsClosedAtOnce() {
        Socket socket = new Socket();
        Outbox out = new Outbox(socket, task -> {
            throw new RejectedExecutionException("shut down");
        });
        out.offer("a");
        assertThat(socket.written).isEmpty();
        assertThat(socket.shut).containsExactly("1001 going away");
        assertThat(out.offer("b")).isFalse();
    }
}
